#include "client/process/spawn.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace revento::client::process {

namespace {

// Owns the spawn attributes' file actions and the parent's pipe ends.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  ~FileActions() {
    posix_spawn_file_actions_destroy(&actions_);
    for (int fd : child_ends_) close(fd);
  }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;

  // Wires `target` (1 or 2); the read end of a pipe into `*read_end`.
  bool Add(const Redirect& redirect, int target, int* read_end) {
    switch (redirect.kind) {
      case Redirect::Kind::kInherit:
        return true;
      case Redirect::Kind::kNull:
        return posix_spawn_file_actions_addopen(&actions_, target, "/dev/null", O_WRONLY, 0) == 0;
      case Redirect::Kind::kFile:
        return posix_spawn_file_actions_addopen(&actions_, target, redirect.path.c_str(),
                                                O_WRONLY | O_CREAT | O_TRUNC, 0600) == 0;
      case Redirect::Kind::kStdout:
        return posix_spawn_file_actions_adddup2(&actions_, 1, target) == 0;
      case Redirect::Kind::kPipe: {
        int ends[2];
        if (pipe2(ends, O_CLOEXEC) != 0) return false;
        *read_end = ends[0];
        child_ends_.push_back(ends[1]);
        return posix_spawn_file_actions_adddup2(&actions_, ends[1], target) == 0;
      }
    }
    return false;
  }

  bool NullInput() { return posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0) == 0; }

  const posix_spawn_file_actions_t* get() const { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
  std::vector<int> child_ends_;  // closed in the parent once the child has them
};

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<Child> Spawn(const SpawnOptions& options) {
  if (options.argv.empty()) return Fail(kInvalidArgument, "nothing to run: the command is empty");
  Child child;
  FileActions actions;
  auto close_read_ends = [&] {
    if (child.out_fd >= 0) close(child.out_fd);
    if (child.err_fd >= 0) close(child.err_fd);
  };
  if (!actions.Add(options.out, 1, &child.out_fd) || !actions.Add(options.err, 2, &child.err_fd) ||
      (options.stdin_null && !actions.NullInput())) {
    int error = errno;
    close_read_ends();
    return Fail(kTransportFailed, "cannot start " + options.argv[0] + ": " + std::strerror(error));
  }
  std::vector<char*> argv = Pointers(options.argv);
  std::vector<char*> envp = options.environment ? Pointers(*options.environment) : std::vector<char*>{};
  char** env = options.environment ? envp.data() : environ;
  bool search = options.argv[0].find('/') == std::string::npos;
  int error = search ? posix_spawnp(&child.pid, argv[0], actions.get(), nullptr, argv.data(), env)
                     : posix_spawn(&child.pid, argv[0], actions.get(), nullptr, argv.data(), env);
  if (error != 0) {
    close_read_ends();
    return Fail(kTransportFailed, "cannot start " + options.argv[0] + ": " + std::strerror(error));
  }
  return child;
}

int Wait(pid_t pid) {
  int status = 0;
  pid_t waited;
  do {
    waited = waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  if (waited != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<std::string> EnvironmentWith(const std::vector<std::string>& overrides) {
  std::vector<std::string> out = overrides;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& o : overrides) replaced = replaced || std::string_view(o).substr(0, o.find('=')) == name;
    if (!replaced) out.emplace_back(entry);
  }
  return out;
}

}  // namespace revento::client::process
