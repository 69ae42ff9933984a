#include "tests/support/emulator_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "client/process/spawn.h"

namespace revento::testing {

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempPath(const char* stem) {
  std::string path = std::string("/tmp/") + stem + "XXXXXX";
  int fd = mkstemp(path.data());
  close(fd);
  return path;
}

// Reads one line from fd, giving up after `timeout`.
bool ReadLine(int fd, std::string* line, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char c;
  while (std::chrono::steady_clock::now() < deadline) {
    ssize_t n = read(fd, &c, 1);
    if (n == 1) {
      if (c == '\n') return true;
      line->push_back(c);
    } else if (n == 0) {
      return false;
    } else if (errno != EAGAIN && errno != EINTR) {
      return false;
    } else {
      std::this_thread::yield();
    }
  }
  return false;
}

// With REVENTO_RECORD_RESPONSES_DIR set (tests/CMakeLists.txt sets it for
// the e2e tests), a fresh file in that directory for --record-responses;
// else "". The file name is unique without any shared counter: mkstemps
// creates it.
std::string RecordingPath() {
  const char* dir = std::getenv("REVENTO_RECORD_RESPONSES_DIR");
  if (!dir || !*dir) return "";
  std::string path = std::string(dir) + "/" + std::to_string(getpid()) + "-XXXXXX.jsonl";
  int fd = mkstemps(path.data(), 6);
  if (fd < 0) {
    ADD_FAILURE() << "REVENTO_RECORD_RESPONSES_DIR=" << dir << ": cannot create a file there: " << strerror(errno);
    return "";
  }
  close(fd);
  return path;
}

}  // namespace

std::unique_ptr<EmulatorProcess> EmulatorProcess::Start(const std::vector<std::string>& extra_args) {
  auto proc = std::unique_ptr<EmulatorProcess>(new EmulatorProcess());
  proc->stderr_path_ = TempPath("revento-emulator-stderr-");
  std::vector<std::string> args{REVENTO_EMULATOR_BINARY, "--port", "0", "--print-config"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  if (std::string recording = RecordingPath(); !recording.empty()) {
    args.insert(args.end(), {"--record-responses", recording});
  }
  auto child = client::process::Spawn({args, std::nullopt, client::process::Redirect::Pipe(),
                                       client::process::Redirect::File(proc->stderr_path_)});
  if (!child) {
    ADD_FAILURE() << child.error().message;
    return nullptr;
  }
  proc->pid_ = child->pid;
  fcntl(child->out_fd, F_SETFL, O_NONBLOCK);
  std::string line;
  bool got = ReadLine(child->out_fd, &line, std::chrono::seconds(30));
  close(child->out_fd);
  if (!got) {
    ADD_FAILURE() << "emulator printed no config line; stderr:\n" << ReadFile(proc->stderr_path_);
    return nullptr;
  }
  proc->config_ = nlohmann::json::parse(line, nullptr, false);
  if (proc->config_.is_discarded()) {
    ADD_FAILURE() << "config line is not JSON: " << line;
    return nullptr;
  }
  proc->port_ = proc->config_["port"].get<int>();
  auto client = proc->Client();
  httplib::Headers health_headers;
  for (size_t i = 0; i + 1 < extra_args.size(); ++i) {
    if (extra_args[i] == "--admin-token") health_headers.emplace("X-Revento-Admin-Token", extra_args[i + 1]);
  }
  for (int i = 0; i < 3000; ++i) {
    if (auto res = client->Get("/_sandbox/health", health_headers); res && res->status == 200) return proc;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "emulator never became healthy";
  return nullptr;
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  if (!stderr_path_.empty()) unlink(stderr_path_.c_str());
}

std::unique_ptr<httplib::Client> EmulatorProcess::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::seconds(30));
  return client;
}

int EmulatorProcess::Stop(int signal_number) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal_number);
  int code = client::process::Wait(pid_);
  pid_ = -1;
  return code;
}

std::string EmulatorProcess::Stderr() const { return ReadFile(stderr_path_); }

CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args) {
  std::string out_path = TempPath("revento-cmd-out-"), err_path = TempPath("revento-cmd-err-");
  std::vector<std::string> all{binary};
  all.insert(all.end(), args.begin(), args.end());
  auto child = client::process::Spawn(
      {all, std::nullopt, client::process::Redirect::File(out_path), client::process::Redirect::File(err_path), /*stdin_null=*/true});
  if (!child) return {-1, "", child.error().message};
  int code = client::process::Wait(child->pid);
  CommandResult r{code, ReadFile(out_path), ReadFile(err_path)};
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return r;
}

InProcessEmulator::InProcessEmulator(emulator::Options options) {
  options.port = 0;
  if (options.record_responses_path.empty()) options.record_responses_path = RecordingPath();
  emulator::Dependencies deps;
  deps.base_clock = &clock_;
  deps.log_stream = &log_;
  deps.sleep = [this](std::chrono::milliseconds ms) {
    std::unique_lock lock(sleeps_mutex_);
    sleeps_.push_back(ms);
    ++held_;
    released_.wait(lock, [this] { return !holding_; });
    --held_;
  };
  auto created = emulator::Emulator::Create(options, deps);
  if (!created) throw std::runtime_error(created.error().message);
  emulator_ = std::move(*created);
  auto port = emulator_->Start();
  if (!port) throw std::runtime_error(port.error().message);
  port_ = *port;
  emulator_->ServeInBackground();
}

InProcessEmulator::~InProcessEmulator() {
  ReleaseDelays();
  emulator_.reset();
}

std::vector<std::chrono::milliseconds> InProcessEmulator::Sleeps() const {
  std::lock_guard lock(sleeps_mutex_);
  return sleeps_;
}

void InProcessEmulator::HoldDelays() {
  std::lock_guard lock(sleeps_mutex_);
  holding_ = true;
}

void InProcessEmulator::ReleaseDelays() {
  {
    std::lock_guard lock(sleeps_mutex_);
    holding_ = false;
  }
  released_.notify_all();
}

size_t InProcessEmulator::HeldDelays() const {
  std::lock_guard lock(sleeps_mutex_);
  return held_;
}

std::unique_ptr<httplib::Client> InProcessEmulator::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::seconds(30));
  return client;
}

}  // namespace revento::testing
