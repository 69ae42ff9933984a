#include "client/scenarios/emulator_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/process/spawn.h"

namespace revento::client::scenarios {

namespace {

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempFile(const char* stem) {
  std::string path = (std::filesystem::temp_directory_path() / (std::string(stem) + "XXXXXX")).string();
  int fd = mkstemp(path.data());
  if (fd >= 0) close(fd);
  return path;
}

// Reads up to the first newline, waiting at most `timeout_ms` in total.
bool ReadFirstLine(int fd, std::string* line, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buffer[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    line->append(buffer, static_cast<size_t>(n));
    if (size_t nl = line->find('\n'); nl != std::string::npos) {
      line->resize(nl);
      return true;
    }
  }
}

// waitpid with a bound; kills the child when the bound passes.
int WaitBounded(pid_t pid, int timeout_ms, bool* timed_out) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (true) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      *timed_out = true;
      kill(pid, SIGKILL);
      return process::Wait(pid);
    }
    // Polling a child's exit has no descriptor to wait on; a short poll() pause keeps this loop cheap.
    poll(nullptr, 0, 2);
  }
}

}  // namespace

Result<std::unique_ptr<EmulatorProcess>> EmulatorProcess::Start(const std::string& binary,
                                                                const std::vector<std::string>& flags) {
  auto proc = std::unique_ptr<EmulatorProcess>(new EmulatorProcess());
  proc->stderr_path_ = TempFile("revento-scenarios-emulator-");
  std::vector<std::string> args{binary, "--port", "0", "--print-config", "--log-level", "warn"};
  args.insert(args.end(), flags.begin(), flags.end());
  auto child = process::Spawn({args, std::nullopt, process::Redirect::Pipe(), process::Redirect::File(proc->stderr_path_)});
  if (!child) return Fail(child.error().message);
  proc->pid_ = child->pid;
  int out = child->out_fd;
  std::string line;
  bool got = ReadFirstLine(out, &line, 30000);
  close(out);
  if (!got) {
    std::string err = ReadWhole(proc->stderr_path_);
    return Fail(binary + " printed no config line" + (err.empty() ? "" : ": " + err.substr(0, 500)));
  }
  proc->config_ = nlohmann::json::parse(line, nullptr, false);
  if (!proc->config_.is_object() || !proc->config_.contains("port"))
    return Fail(binary + " printed a config line that is not the expected JSON: " + line.substr(0, 200));
  return proc;
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  if (!stderr_path_.empty()) unlink(stderr_path_.c_str());
}

std::string EmulatorProcess::base_url() const { return "http://127.0.0.1:" + std::to_string(config_.value("port", 0)); }

int EmulatorProcess::Stop(int signal_number) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal_number);
  bool timed_out = false;
  int code = WaitBounded(pid_, 40000, &timed_out);
  pid_ = -1;
  return code;
}

CommandOutcome RunEmulatorCommand(const std::string& binary, const std::vector<std::string>& args, int signal_number,
                                  int timeout_seconds) {
  CommandOutcome outcome;
  std::string err_path = TempFile("revento-scenarios-run-");
  std::vector<std::string> all{binary};
  all.insert(all.end(), args.begin(), args.end());
  auto child = process::Spawn({all, std::nullopt, process::Redirect::Pipe(), process::Redirect::File(err_path)});
  if (!child) {
    outcome.err = child.error().message;
    return outcome;
  }
  pid_t pid = child->pid;
  int out = child->out_fd;
  bool got = ReadFirstLine(out, &outcome.first_line, timeout_seconds * 1000);
  if (got && signal_number > 0) kill(pid, signal_number);
  outcome.exit_code = WaitBounded(pid, timeout_seconds * 1000, &outcome.timed_out);
  close(out);
  outcome.err = ReadWhole(err_path);
  unlink(err_path.c_str());
  return outcome;
}

Result<std::string> FindEmulatorBinary(const std::string& explicit_path) {
  namespace fs = std::filesystem;
  auto executable = [](const fs::path& p) {
    return !p.empty() && access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p);
  };
  if (!explicit_path.empty()) {
    if (executable(explicit_path)) return explicit_path;
    return Fail("--emulator-binary " + explicit_path + " is not an executable file");
  }
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate : {self.parent_path().parent_path() / "emulator" / "revento-emulator",
                                      self.parent_path() / "revento-emulator"}) {
      if (executable(candidate)) return candidate.string();
    }
  }
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (fs::path candidate = fs::path(dir) / "revento-emulator"; executable(candidate)) return candidate.string();
    }
  }
  return Fail("revento-emulator not found next to revento or on PATH; pass --emulator-binary PATH or --emulator URL");
}

}  // namespace revento::client::scenarios
