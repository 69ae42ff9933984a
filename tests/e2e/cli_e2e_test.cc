// The `revento` CLI (connect, api get) against the real emulator binary:
// bad input first, then the flows.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "client/oauth/form_encoding.h"
#include "tests/e2e/client_e2e_support.h"

namespace revento::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  chmod(path.c_str(), mode);
}

bool OneLine(const std::string& text) { return !text.empty() && text.find('\n') == text.size() - 1; }

CommandResult Revento(const std::vector<std::string>& args) { return RunCommand(REVENTO_CLIENT_BINARY, args); }

// `revento connect` against --auto-consent, tokens into `token_file`.
void ConnectCli(const EmulatorProcess& emu, const std::string& token_file, const std::string& scope) {
  auto r = Revento({"connect", "--emulator", emu.base_url(), "--token-file", token_file, "--scope", scope});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

// A `revento connect` running in the background whose stderr is read line by line.
class BackgroundConnect {
 public:
  explicit BackgroundConnect(const std::vector<std::string>& args) {
    int err_pipe[2];
    EXPECT_EQ(pipe(err_pipe), 0);
    out_path_ = "/tmp/revento-connect-out-XXXXXX";
    close(mkstemp(out_path_.data()));
    pid_ = fork();
    if (pid_ == 0) {
      int out = open(out_path_.c_str(), O_WRONLY | O_TRUNC);
      dup2(out, 1);
      dup2(err_pipe[1], 2);
      close(err_pipe[0]);
      std::vector<std::string> all{REVENTO_CLIENT_BINARY};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(err_pipe[1]);
    err_ = fdopen(err_pipe[0], "r");
  }
  ~BackgroundConnect() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (err_) fclose(err_);
    unlink(out_path_.c_str());
  }

  // The first stderr line that starts with "http" (the consent URL).
  std::string ConsentUrl() {
    char line[8192];
    while (fgets(line, sizeof line, err_)) {
      std::string text(line);
      if (text.starts_with("http")) return text.substr(0, text.find_last_not_of("\r\n") + 1);
      stderr_ += text;
    }
    return "";
  }

  CommandResult Wait() {
    char line[8192];
    while (fgets(line, sizeof line, err_)) stderr_ += line;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadAll(out_path_), stderr_};
  }

 private:
  pid_t pid_ = -1;
  FILE* err_ = nullptr;
  std::string out_path_, stderr_;
};

// Plays the browser: opens the consent URL, submits `decision`, follows the
// redirect to the CLI's listener.
void Consent(const EmulatorProcess& emu, const std::string& consent_url, const std::string& decision) {
  auto http = emu.Client();
  http->set_url_encode(false);
  std::string target = consent_url.substr(consent_url.find("/oauth/authorize"));
  auto page = http->Get(target.c_str());
  ASSERT_TRUE(page && page->status == 200) << (page ? page->body : "no answer");
  std::string marker = "name=\"consent_id\" value=\"";
  size_t at = page->body.find(marker);
  ASSERT_NE(at, std::string::npos);
  at += marker.size();
  std::string consent_id = page->body.substr(at, page->body.find('"', at) - at);
  auto submitted =
      http->Post("/oauth/consent", client::FormEncode({{"consent_id", consent_id}, {"decision", decision}}),
                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(submitted && submitted->status == 302);
  // cpp-httplib hands Location over percent-decoded; a browser would send the spaces encoded.
  std::string location;
  for (char c : submitted->get_header_value("Location")) location += c == ' ' ? std::string("%20") : std::string(1, c);
  auto url = client::http::ParseUrl(location);
  ASSERT_TRUE(url) << location;
  httplib::Client browser(url->host, url->port);
  auto back = browser.Get(url->target.c_str());
  ASSERT_TRUE(back) << "the CLI did not answer the callback";
}

TEST(CliE2eTest, AMalformedEmulatorUrlIsAUsageErrorOnOneLine) {
  TempDir dir;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"api", "get", "/events/evt_abc123", "--emulator", "localhost:8787"},
        std::vector<std::string>{"connect", "--emulator", "http://127.0.0.1:99999", "--token-file", dir.File("t")}}) {
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("http://localhost:8787"), std::string::npos) << r.err;
  }
}

TEST(CliE2eTest, AnUnreachableEmulatorIsOneLineNamingTheUrl) {
  TempDir dir;
  int port = FreeLoopbackPort();
  std::string url = "http://127.0.0.1:" + std::to_string(port);
  auto r = Revento({"connect", "--emulator", url, "--token-file", dir.File("tokens.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find(url), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("check that the server is running"), std::string::npos) << r.err;
}

TEST(CliE2eTest, ATokenFileThatIsNotJsonIsRefusedAndLeftWhole) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  WriteFile(file, "{\"version\": 1, \"install", 0600);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"connect", "--emulator", emu->base_url(), "--token-file", file},
        std::vector<std::string>{"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file",
                                 file}}) {
    auto r = Revento(args);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("is not JSON"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("delete it"), std::string::npos) << r.err;
  }
  EXPECT_EQ(ReadAll(file), "{\"version\": 1, \"install");
  EXPECT_EQ(Installations(*emu).size(), 0u);  // refused before asking for consent
}

TEST(CliE2eTest, ATokenFileOthersCanReadIsRefusedNamingChmod) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  ConnectCli(*emu, file, "event.read");
  chmod(file.c_str(), 0644);
  auto r = Revento({"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("chmod 600 " + file), std::string::npos) << r.err;
}

TEST(CliE2eTest, ApiGetWithoutTokensSaysToConnect) {
  auto emu = EmulatorProcess::Start({"--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  auto r = Revento(
      {"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file", dir.File("tokens.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("run `revento connect --emulator " + emu->base_url() + "` first"), std::string::npos) << r.err;
}

TEST(CliE2eTest, ADeadConsentSaysReconsentNeeded) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  ConnectCli(*emu, file, "event.read");
  auto stored = nlohmann::json::parse(ReadAll(file));
  std::string refresh = stored["installations"][0]["refresh_token"];
  // Someone else refreshes with it (the file keeps the old token): the CLI's refresh is reuse.
  client::TokenClient tokens(emu->base_url(), "rev_client_quickstart", "rev_secret_sandbox_quickstart");
  ASSERT_TRUE(tokens.Refresh(refresh));
  AdvanceSandboxClock(*emu, 3601);
  auto r = Revento({"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("re-consent needed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("revento connect"), std::string::npos) << r.err;
  EXPECT_EQ(Installations(*emu)[0]["revoked_reason"], "refresh token reuse");
  EXPECT_TRUE(nlohmann::json::parse(ReadAll(file)).is_object());
}

TEST(CliE2eTest, ApiErrorsAreOneLineWithCodeAndRequestId) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  ConnectCli(*emu, file, "event.read");
  auto r =
      Revento({"api", "get", "/events/evt_abc123/participants", "--emulator", emu->base_url(), "--token-file", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("403 insufficient_scope"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("request id"), std::string::npos) << r.err;
  auto bad = Revento(
      {"api", "get", "/events/evt_abc123", "--query", "novalue", "--emulator", emu->base_url(), "--token-file", file});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(OneLine(bad.err)) << bad.err;
}

TEST(CliE2eTest, EveryCommandHasHelpWithAnExampleAndBadFlagsExit2) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"connect", "--help"}, {"api", "get", "--help"}, {"pkce", "--help"}}) {
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_NE(r.out.find("Example"), std::string::npos) << r.out;
  }
  EXPECT_EQ(Revento({"connect", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(Revento({"api", "get"}).exit_code, 2);
  EXPECT_EQ(Revento({}).exit_code, 2);
}

TEST(CliE2eTest, ConnectStoresTokens0600AndApiGetUsesThem) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn", "--participants", "130"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("nested/tokens.json");
  auto connected = Revento({"connect", "--emulator", emu->base_url(), "--token-file", file});
  ASSERT_EQ(connected.exit_code, 0) << connected.err;
  EXPECT_NE(connected.out.find("tokens saved to " + file), std::string::npos) << connected.out;
  EXPECT_EQ(connected.out.find("rev_install_"), std::string::npos);  // no token on the terminal without --json
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto event = Revento({"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file", file});
  ASSERT_EQ(event.exit_code, 0) << event.err;
  EXPECT_EQ(nlohmann::json::parse(event.out)["id"], "evt_abc123");

  auto page = Revento({"api", "get", "/api/v1/events/evt_abc123/participants?limit=3", "--emulator", emu->base_url(),
                       "--token-file", file});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  EXPECT_EQ(nlohmann::json::parse(page.out)["data"].size(), 3u);

  auto all = Revento(
      {"api", "get", "/events/evt_abc123/participants", "--all", "--emulator", emu->base_url(), "--token-file", file});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  auto walked = nlohmann::json::parse(all.out);
  size_t count = walked["data"].size();
  EXPECT_GE(count, 130u);
  EXPECT_TRUE(walked["next_cursor"].is_null());

  auto lines = Revento({"api", "get", "/events/evt_abc123/participants", "--all", "--jsonl", "-q", "limit=7",
                        "--emulator", emu->base_url(), "--token-file", file});
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  std::istringstream in(lines.out);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(nlohmann::json::parse(line)["object"], "participant");
    ++n;
  }
  EXPECT_EQ(n, count);
}

TEST(CliE2eTest, ConnectWithHttpBasicClientAuthentication) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  auto r = Revento({"connect", "--emulator", emu->base_url(), "--basic-auth", "--refresh", "1", "--token-file",
                    dir.File("tokens.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Installations(*emu)[0]["refresh_tokens"], 2);
  auto wrong = Revento({"connect", "--emulator", emu->base_url(), "--basic-auth", "--client-secret", "wrong",
                        "--token-file", dir.File("tokens.json")});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("401 invalid_client"), std::string::npos) << wrong.err;
}

TEST(CliE2eTest, ApiGetRefreshesWhenTheServerSaysExpiredAndStoresTheRotation) {
  auto emu = EmulatorProcess::Start({"--auto-consent"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  ConnectCli(*emu, file, "event.read");
  std::string before = nlohmann::json::parse(ReadAll(file))["installations"][0]["refresh_token"];
  AdvanceSandboxClock(*emu, 3601);
  auto r = Revento({"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string after = nlohmann::json::parse(ReadAll(file))["installations"][0]["refresh_token"];
  EXPECT_NE(before, after);
  EXPECT_EQ(Installations(*emu)[0]["revoked"], false);
  EXPECT_EQ(Installations(*emu)[0]["refresh_tokens"], 2);
  EXPECT_EQ(CountRequests(*emu, "POST /oauth/token"), 2);
}

TEST(CliE2eTest, ConnectThroughTheConsentPageLikeABrowser) {
  auto emu = EmulatorProcess::Start({"--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string redirect = "http://127.0.0.1:" + std::to_string(FreeLoopbackPort()) + "/callback";
  auto integration = RegisterIntegration(*emu, redirect, {"event.read"});
  BackgroundConnect connect({"connect", "--emulator", emu->base_url(), "--client-id", integration["client_id"],
                             "--client-secret", integration["client_secret"], "--redirect-uri", redirect, "--scope",
                             "event.read", "--token-file", dir.File("tokens.json"), "--json", "--timeout", "60"});
  std::string url = connect.ConsentUrl();
  ASSERT_FALSE(url.empty());
  Consent(*emu, url, "authorize");
  auto result = connect.Wait();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["scope"], "event.read");
  auto stored = nlohmann::json::parse(ReadAll(dir.File("tokens.json")));
  EXPECT_EQ(stored["installations"][0]["client_id"], integration["client_id"]);
}

TEST(CliE2eTest, ADeniedConsentIsOneLineAndStoresNothing) {
  auto emu = EmulatorProcess::Start({"--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string redirect = "http://localhost:" + std::to_string(FreeLoopbackPort()) + "/cb";
  auto integration = RegisterIntegration(*emu, redirect, {"event.read"});
  BackgroundConnect connect({"connect", "--emulator", emu->base_url(), "--client-id", integration["client_id"],
                             "--client-secret", integration["client_secret"], "--redirect-uri", redirect, "--scope",
                             "event.read", "--token-file", dir.File("tokens.json"), "--timeout", "60"});
  std::string url = connect.ConsentUrl();
  ASSERT_FALSE(url.empty());
  Consent(*emu, url, "deny");
  auto result = connect.Wait();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("access_denied"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.File("tokens.json")));
}

TEST(CliE2eTest, ConnectTimesOutWithAHintWhenNoBrowserComesBack) {
  auto emu = EmulatorProcess::Start({"--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string redirect = "http://127.0.0.1:" + std::to_string(FreeLoopbackPort()) + "/callback";
  auto integration = RegisterIntegration(*emu, redirect, {"event.read"});
  auto r = Revento({"connect", "--emulator", emu->base_url(), "--client-id", integration["client_id"],
                    "--client-secret", integration["client_secret"], "--redirect-uri", redirect, "--scope",
                    "event.read", "--token-file", dir.File("tokens.json"), "--timeout", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/oauth/authorize?response_type=code"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no callback within 1 s"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace revento::testing
