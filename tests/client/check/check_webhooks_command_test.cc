// `revento check webhooks` as a command: exit codes, the last line, --junit
// and --json; and the seed quickstart's server.js (its webhook handler
// verbatim, run by Node on a free port) passes every check.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "client/process/spawn.h"
#include "tests/client/check/flawed_receiver.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

namespace fs = std::filesystem;

std::string LastLine(const std::string& text) {
  std::string trimmed = text.ends_with("\n") ? text.substr(0, text.size() - 1) : text;
  size_t nl = trimmed.rfind('\n');
  return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path TempDir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("revento_check_" + std::to_string(::getpid()) + "_" + name);
  fs::create_directories(dir);
  return dir;
}

TEST(CheckWebhooksCommandTest, UsageErrorsExit2WithOneLine) {
  for (auto args :
       std::vector<std::vector<std::string>>{{"check", "webhooks", "--secret", "s"},
                                             {"check", "webhooks", "--to", "localhost:3000/webhooks", "--secret", "s"},
                                             {"check", "webhooks", "--to", "http://127.0.0.1:1/x", "--secret", ""},
                                             {"check"}}) {
    auto r = RunCommand(REVENTO_CLIENT_BINARY, args);
    EXPECT_EQ(r.exit_code, 2) << args.back();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"check", "webhooks", "--to", "localhost:3000", "--secret", "s"});
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CheckWebhooksCommandTest, ABrokenReceiverExits1WithTheTallyLastAndTheFixes) {
  FlawedReceiver receiver("whsec_cmd", {.always_200 = true});
  auto dir = TempDir("broken");
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"check", "webhooks", "--to", receiver.url(), "--secret", "whsec_cmd",
                                              "--junit", (dir / "out.xml").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(LastLine(r.out), "4 passed, 10 failed");
  EXPECT_NE(r.out.find("FAIL 4a stale-timestamp"), std::string::npos);
  EXPECT_NE(r.out.find("fix: reject X-Revento-Timestamp more than 300 s"), std::string::npos);
  std::string junit = Slurp(dir / "out.xml");
  EXPECT_NE(junit.find("tests=\"14\" failures=\"10\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(CheckWebhooksCommandTest, AnUnwritableJunitFileExits1) {
  FlawedReceiver receiver("whsec_cmd", {});
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"check", "webhooks", "--to", receiver.url(), "--secret", "whsec_cmd",
                                              "--junit", "/nonexistent/dir/out.xml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/dir/out.xml"), std::string::npos);
}

TEST(CheckWebhooksCommandTest, JsonIsOneObjectForMachines) {
  FlawedReceiver receiver("whsec_cmd", {.no_prefix_check = true});
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"check", "webhooks", "--to", receiver.url(), "--secret", "whsec_cmd", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["passed"], 13);
  EXPECT_EQ(report["failed"], 1);
  EXPECT_EQ(report["target"], receiver.url());
  for (const auto& check : report["checks"]) {
    EXPECT_EQ(check["passed"].get<bool>(), check["id"] != "3c") << check["id"];
  }
}

// The quickstart (tests/browser/quickstart/server.js: the seed's server.js
// with the emulator's base URLs) run by Node from a copy whose only change is
// the listen line (port 0 on 127.0.0.1 instead of the fixed 3000); the
// webhook handler is verbatim.
class QuickstartServer {
 public:
  explicit QuickstartServer(const std::string& webhook_secret) {
    fs::path source = fs::path(REVENTO_SOURCE_DIR) / "tests" / "browser" / "quickstart" / "server.js";
    fs::path modules = fs::path(REVENTO_SOURCE_DIR) / "tests" / "browser" / "node_modules";
    if (!fs::exists(modules / "express")) {
      skip_reason_ = "tests/browser/node_modules has no express: run scripts/bootstrap";
      return;
    }
    std::string code = Slurp(source);
    const std::string listen = "app.listen(3000, () => console.log('Listening on http://localhost:3000'));";
    size_t at = code.find(listen);
    if (at == std::string::npos) {
      ADD_FAILURE() << "the listen line of " << source << " changed; update this test";
      return;
    }
    handler_ = code.substr(code.find("app.post('/webhooks/revento'"), at - code.find("app.post('/webhooks/revento'"));
    code.replace(at, listen.size(),
                 "const server = app.listen(0, '127.0.0.1', () => console.log('Listening on ' + "
                 "server.address().port));");
    dir_ = TempDir("quickstart");
    fs::create_directory_symlink(modules, dir_ / "node_modules");
    std::ofstream(dir_ / "server.mjs", std::ios::binary) << code;
    copy_ = code;
    std::string out = (dir_ / "stdout.txt").string();
    auto child = client::process::Spawn({{"node", (dir_ / "server.mjs").string()},
                                         client::process::EnvironmentWith({"REVENTO_WEBHOOK_SECRET=" + webhook_secret}),
                                         client::process::Redirect::File(out), client::process::Redirect::ToStdout()});
    if (!child) {
      ADD_FAILURE() << child.error().message;
      return;
    }
    pid_ = child->pid;
    for (int i = 0; i < 1000 && port_ == 0; ++i) {
      std::string printed = Slurp(out);
      size_t on = printed.find("Listening on ");
      if (on != std::string::npos && printed.find('\n', on) != std::string::npos) {
        port_ = std::stoi(printed.substr(on + 13));
        break;
      }
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "node exited: " << printed;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~QuickstartServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  int port() const { return port_; }
  const std::string& skip_reason() const { return skip_reason_; }
  const std::string& handler() const { return handler_; }
  const std::string& copy() const { return copy_; }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string skip_reason_;
  std::string handler_;
  std::string copy_;
};

TEST(CheckWebhooksCommandTest, TheSeedQuickstartsWebhookHandlerPassesEveryCheck) {
  QuickstartServer quickstart("whsec_sandbox_quickstart");
  if (!quickstart.skip_reason().empty()) GTEST_SKIP() << quickstart.skip_reason();
  ASSERT_GT(quickstart.port(), 0);
  ASSERT_FALSE(quickstart.handler().empty());
  EXPECT_NE(quickstart.copy().find(quickstart.handler()), std::string::npos);
  auto dir = TempDir("quickstart_junit");
  std::string url = "http://127.0.0.1:" + std::to_string(quickstart.port()) + "/webhooks/revento";
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"check", "webhooks", "--to", url, "--secret", "whsec_sandbox_quickstart",
                                              "--junit", (dir / "q.xml").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(LastLine(r.out), "14 passed, 0 failed") << r.out;
  EXPECT_NE(Slurp(dir / "q.xml").find("tests=\"14\" failures=\"0\""), std::string::npos);
  // Pointed at the quickstart with the wrong secret, the valid deliveries fail
  // and the refusals still pass: the report tells the two apart.
  auto wrong = RunCommand(REVENTO_CLIENT_BINARY, {"check", "webhooks", "--to", url, "--secret", "whsec_other"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(LastLine(wrong.out), "11 passed, 3 failed") << wrong.out;
  EXPECT_NE(wrong.out.find("with the integration's webhook secret (the one passed as --secret)"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace revento::testing
