#include "client/http/transport.h"

#include <map>
#include <mutex>


namespace revento::client::http {

namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

bool Has(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoringCase(key, name)) return true;
  }
  return false;
}

std::string RequestBytes(const Request& request, const Url& url) {
  std::string out = request.method + " " + url.target + " HTTP/1.1\r\n";
  if (!Has(request.headers, "Host")) out += "Host: " + url.Origin().substr(url.scheme.size() + 3) + "\r\n";
  for (const auto& [name, value] : request.headers) out += name + ": " + value + "\r\n";
  bool bodyless = request.body.empty() && (request.method == "GET" || request.method == "HEAD");
  if (!bodyless && !Has(request.headers, "Content-Length")) {
    out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  out += "\r\n";
  out += request.body;
  return out;
}

class SocketTransport final : public Transport {
 public:
  Result<Response> Send(const Request& request) override {
    auto url = ParseUrl(request.url);
    if (!url) return portable::unexpected(url.error());
    auto deadline = std::chrono::steady_clock::now() + request.timeout;
    std::string bytes = RequestBytes(request, *url);
    std::string origin = url->Origin();
    // An idle connection the server closed meanwhile is dropped when borrowed
    // (Borrow); a request is never sent twice, so a dropped connection is the
    // caller's to see.
    std::unique_ptr<Connection> connection = Borrow(origin);
    if (!connection) {
      auto opened = Connection::Open(*url, deadline);
      if (!opened) return Explain(request, *url, opened.error());
      connection = std::move(*opened);
    }
    bool reusable = false, answered = false;
    auto response = connection->RoundTrip(bytes, request.method, request.limits, deadline, &reusable, &answered);
    if (!response) return Explain(request, *url, response.error());
    if (reusable) GiveBack(origin, std::move(connection));
    return response;
  }

 private:
  static portable::unexpected<Error> Explain(const Request& request, const Url& url, Error error) {
    // The query is left out: it can be long, and may carry state or cursors.
    std::string what = request.method + " " + url.Origin() + url.target.substr(0, url.target.find('?'));
    std::string hint = error.code == kDeadlineExceeded
                           ? " (" + std::to_string(request.timeout.count()) + " ms for the whole exchange)"
                       : error.code == kResponseTooLarge ? ""
                                                         : ": check that the server is running at " + url.Origin() +
                                                               " and the URL is right";
    error.message = what + " failed: " + error.message + hint;
    return portable::unexpected(std::move(error));
  }

  std::unique_ptr<Connection> Borrow(const std::string& origin) {
    std::lock_guard lock(mutex_);
    auto& free = idle_[origin];
    while (!free.empty()) {
      auto connection = std::move(free.back());
      free.pop_back();
      if (!connection->PeerClosed()) return connection;
    }
    return nullptr;
  }

  void GiveBack(const std::string& origin, std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    auto& free = idle_[origin];
    if (free.size() < kMaxIdlePerOrigin) free.push_back(std::move(connection));
  }

  static constexpr size_t kMaxIdlePerOrigin = 16;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

}  // namespace

std::string Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoringCase(key, name)) return value;
  }
  return "";
}

std::shared_ptr<Transport> MakeHttpTransport() { return std::make_shared<SocketTransport>(); }

}  // namespace revento::client::http
