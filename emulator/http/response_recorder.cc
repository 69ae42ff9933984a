#include "emulator/http/response_recorder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

namespace revento::emulator::http {

namespace {

bool IsJsonType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type == "application/json" || type.ends_with("+json");
}

}  // namespace

Result<std::unique_ptr<ResponseRecorder>> ResponseRecorder::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail("--record-responses " + path + ": cannot open the file for appending: " + std::strerror(errno) +
                "; pass a file in a directory that exists and is writable");
  }
  return std::unique_ptr<ResponseRecorder>(new ResponseRecorder(fd));
}

ResponseRecorder::~ResponseRecorder() { ::close(fd_); }

void ResponseRecorder::Record(const httplib::Request& req, const httplib::Response& res) {
  std::string line = RecordedResponseLine(req, res);
  {
    std::lock_guard lock(write_mutex_);
    std::string_view rest = line;
    while (!rest.empty()) {
      ssize_t written = ::write(fd_, rest.data(), rest.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) break;
      rest.remove_prefix(static_cast<size_t>(written));
    }
  }
  Settle(res);
}

void ResponseRecorder::Expect(const httplib::Response& res) {
  std::lock_guard lock(pending_mutex_);
  pending_.insert(&res);
}

void ResponseRecorder::Forget(const httplib::Response& res) { Settle(res); }

void ResponseRecorder::Settle(const httplib::Response& res) {
  std::lock_guard lock(pending_mutex_);
  if (auto it = pending_.find(&res); it != pending_.end()) pending_.erase(it);
  if (pending_.empty()) settled_.notify_all();
}

bool ResponseRecorder::AwaitExpected(std::chrono::milliseconds timeout) {
  std::unique_lock lock(pending_mutex_);
  return settled_.wait_for(lock, timeout, [this] { return pending_.empty(); });
}

std::string RecordedResponseLine(const httplib::Request& req, const httplib::Response& res) {
  std::string content_type = res.get_header_value("Content-Type");
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : res.headers) headers[name] = value;
  nlohmann::json line = {{"method", req.method},
                         {"path", req.path},
                         {"status", res.status},
                         {"content_type", content_type},
                         {"headers", std::move(headers)}};
  // A HEAD response carries no body on the wire, whatever the handler set.
  size_t body_bytes = req.method == "HEAD" ? 0 : res.body.size();
  if (body_bytes > 0 && IsJsonType(content_type) && body_bytes <= kMaxRecordedBodyBytes) {
    line["body"] = res.body;
  } else {
    line["body_bytes"] = body_bytes;
    if (body_bytes > 0 && IsJsonType(content_type)) line["truncated"] = true;
  }
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace revento::emulator::http
