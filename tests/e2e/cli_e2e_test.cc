// The `revento` CLI (connect, api get) against the real emulator binary:
// bad input first, then the flows.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "client/oauth/form_encoding.h"
#include "client/process/spawn.h"
#include "tests/e2e/client_e2e_support.h"
#include "portable/httplib_compat.h"

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
    out_path_ = "/tmp/revento-connect-out-XXXXXX";
    close(mkstemp(out_path_.data()));
    std::vector<std::string> all{REVENTO_CLIENT_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    auto child = client::process::Spawn(
        {all, std::nullopt, client::process::Redirect::File(out_path_), client::process::Redirect::Pipe()});
    EXPECT_TRUE(child) << child.error().message;
    if (!child) return;
    pid_ = child->pid;
    err_ = fdopen(child->err_fd, "r");
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
  revento::portable::SetPathEncode(*http, false);
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

TEST(CliE2eTest, AnUnknownCommandIsNamed) {
  for (const auto& [args, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"foo"}, "revento: unknown command \"foo\": run `revento --help`"},
           {{"api", "put"}, "revento api: unknown command \"put\": run `revento api --help`"},
           {{"scenarios", "rnu"}, "revento scenarios: unknown command \"rnu\": run `revento scenarios --help`"}}) {
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 2) << args.back();
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  }
  auto none = Revento({"api"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err.find("unknown command"), std::string::npos) << none.err;
}

// One version constant (version/version.h): both binaries print it, and
// the emulator's health and index documents carry it too.
TEST(CliE2eTest, BothBinariesPrintTheSameVersion) {
  auto client = Revento({"--version"});
  auto emulator = RunCommand(REVENTO_EMULATOR_BINARY, {"--version"});
  ASSERT_EQ(client.exit_code, 0) << client.err;
  ASSERT_EQ(emulator.exit_code, 0) << emulator.err;
  ASSERT_TRUE(client.out.starts_with("revento ")) << client.out;
  ASSERT_TRUE(emulator.out.starts_with("revento-emulator ")) << emulator.out;
  std::string version = client.out.substr(std::string("revento ").size());
  EXPECT_FALSE(version.empty());
  EXPECT_EQ(emulator.out.substr(std::string("revento-emulator ").size()), version);
  EXPECT_TRUE(OneLine(client.out));
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
    EXPECT_EQ(r.exit_code, 2) << args[0];  // an unusable token file is a usage error, for every command
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
  std::string before = ReadAll(file);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file",
                                 file},
        std::vector<std::string>{"connect", "--emulator", emu->base_url(), "--token-file", file}}) {
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("chmod 600 " + file), std::string::npos) << r.err;
  }
  EXPECT_EQ(ReadAll(file), before);
}

TEST(CliE2eTest, ATokenFileOverOneMebibyteIsRefusedWithExitTwo) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  std::ofstream(file).close();
  std::filesystem::resize_file(file, (1u << 20) + 1);
  chmod(file.c_str(), 0600);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file",
                                 file},
        std::vector<std::string>{"connect", "--emulator", emu->base_url(), "--token-file", file}}) {
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find(file + " is larger than the 1 MiB a token file may hold"), std::string::npos) << r.err;
  }
  EXPECT_EQ(std::filesystem::file_size(file), (1u << 20) + 1);
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

// The subcommands a help text lists ("Subcommands:" then "  name   description").
std::vector<std::string> ListedSubcommands(const std::string& help) {
  std::vector<std::string> names;
  size_t at = help.find("\nSubcommands:\n");
  if (at == std::string::npos) return names;
  std::istringstream lines(help.substr(at + 14));
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    if (line.size() > 2 && line.starts_with("  ") && line[2] != ' ')
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

// The first example in a help's footer: the line after the first line that starts with "Example".
std::string FirstExample(const std::string& help) {
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("Example")) continue;
    std::string example;
    std::getline(lines, example);
    return example.substr(std::min(example.size(), example.find_first_not_of(' ')));
  }
  return "";
}

// Every command, found by walking the help texts from `revento --help`, has
// --help (exit 0) whose first example is of that command, and its exit codes.
TEST(CliE2eTest, EveryCommandsHelpShowsAnExampleOfThatCommand) {
  std::vector<std::vector<std::string>> pending{{}};
  std::set<std::string> seen;
  while (!pending.empty()) {
    std::vector<std::string> command = pending.back();
    pending.pop_back();
    std::string name = "revento";
    for (const auto& part : command) name += " " + part;
    seen.insert(name);
    std::vector<std::string> args = command;
    args.push_back("--help");
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 0) << name;
    std::string example = FirstExample(r.out);
    EXPECT_TRUE(example == name || example.starts_with(name + " ")) << name << " --help shows: " << example;
    EXPECT_NE(r.out.find("Exit codes: 0 ok, 1 a request or check failed, 2 usage."), std::string::npos) << name;
    for (const auto& sub : ListedSubcommands(r.out)) {
      std::vector<std::string> next = command;
      next.push_back(sub);
      pending.push_back(next);
    }
  }
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"connect"}, {"api", "get"}, {"trigger"}, {"deliveries", "tail"}, {"check", "connect"}, {"check", "all"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    EXPECT_NE(Revento(args).out.find("--emulator URL (before or after the command), else $REVENTO_EMULATOR"),
              std::string::npos)
        << command.back();
  }
  for (const char* command : {"revento api get", "revento deliveries tail", "revento webhooks verify",
                              "revento check all", "revento scenarios run", "revento scenarios coverage"}) {
    EXPECT_TRUE(seen.contains(command)) << command << " was not found by the walk";
  }
}

TEST(CliE2eTest, AUsageErrorNamesTheCommandAndItsHelp) {
  for (const auto& [args, command] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"api", "get"}, "revento api get"},
           {{"connect", "--timeout", "0"}, "revento connect"},
           {{"deliveries", "tail", "--no-such-flag"}, "revento deliveries tail"},
           {{"scenarios"}, "revento scenarios"}}) {
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_TRUE(r.err.starts_with(command + ": ")) << r.err;
    EXPECT_NE(r.err.find("run `" + command + " --help`"), std::string::npos) << r.err;
  }
}

TEST(CliE2eTest, ConnectSaysWhatTheAuthorizeErrorPageSays) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  auto r = Revento({"connect", "--emulator", emu->base_url(), "--client-id", "rev_client_nope", "--token-file",
                    dir.File("tokens.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("answered 400: Unknown client_id: No integration has client_id \"rev_client_nope\"."),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find('<'), std::string::npos) << r.err;  // no HTML
  EXPECT_NE(r.err.find("check --client-id"), std::string::npos) << r.err;
}

TEST(CliE2eTest, ATokenFileThatCannotBeCreatedNamesTheFix) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  auto r = Revento({"connect", "--emulator", emu->base_url(), "--token-file", "/proc/revento-nope/tokens.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("/proc/revento-nope"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pass --token-file FILE (or set REVENTO_TOKEN_FILE) in a writable directory"), std::string::npos)
      << r.err;
}

TEST(CliE2eTest, AllOnASingleResourceSaysToDropAllButOtherBadParametersAreTheServers) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  ConnectCli(*emu, file, "event.read participants.read");
  auto single =
      Revento({"api", "get", "/events/evt_abc123", "--all", "--emulator", emu->base_url(), "--token-file", file});
  EXPECT_EQ(single.exit_code, 2);
  EXPECT_TRUE(OneLine(single.err)) << single.err;
  EXPECT_NE(single.err.find("/events/evt_abc123 is not a list"), std::string::npos) << single.err;
  EXPECT_NE(single.err.find("drop --all"), std::string::npos) << single.err;
  auto bad = Revento({"api", "get", "/events/evt_abc123/participants", "--all", "--query", "colour=red", "--emulator",
                      emu->base_url(), "--token-file", file});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(OneLine(bad.err)) << bad.err;
  EXPECT_NE(bad.err.find("400 invalid_parameter"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find("drop --all"), std::string::npos) << bad.err;
}

// The organizer uninstalls the integration (docs/emulator.md): the API says
// token_revoked, and no refresh can help.
TEST(CliE2eTest, ARevokedInstallationSaysReconsentNeededAndKeepsTheFile) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  ConnectCli(*emu, file, "event.read");
  std::string id = Installations(*emu)[0]["id"];
  auto revoked = emu->Client()->Post("/_sandbox/installations/" + id + "/revoke", "{}", "application/json");
  ASSERT_TRUE(revoked && revoked->status == 200) << (revoked ? revoked->body : "no answer");
  std::string before = ReadAll(file);
  auto r = Revento({"api", "get", "/events/evt_abc123", "--emulator", emu->base_url(), "--token-file", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("re-consent needed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run `revento connect --emulator " + emu->base_url() + " --event evt_abc123` again"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ReadAll(file), before);
}

// --emulator before the subcommand, between group and leaf, after the leaf,
// and $REVENTO_EMULATOR: each reaches the same emulator.
TEST(CliE2eTest, TheEmulatorComesFromTheGlobalFlagWhereverItIsOrTheEnvironment) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  TempDir dir;
  std::string file = dir.File("tokens.json");
  ConnectCli(*emu, file, "event.read");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--emulator", emu->base_url(), "api", "get", "/events/evt_abc123", "--token-file",
                                 file},
        std::vector<std::string>{"api", "--emulator", emu->base_url(), "get", "/events/evt_abc123", "--token-file",
                                 file},
        std::vector<std::string>{"api", "get", "/events/evt_abc123", "--token-file", file, "--emulator",
                                 emu->base_url()}}) {
    auto r = Revento(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  setenv("REVENTO_EMULATOR", emu->base_url().c_str(), 1);
  auto from_env = Revento({"api", "get", "/events/evt_abc123", "--token-file", file});
  auto trigger = Revento({"trigger", "event.updated"});
  auto tail = Revento({"deliveries", "tail", "--once", "--history"});
  unsetenv("REVENTO_EMULATOR");
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_EQ(trigger.exit_code, 0) << trigger.err;
  EXPECT_EQ(tail.exit_code, 0) << tail.err;
}

TEST(CliE2eTest, PkcePrintsLinesOrJsonAndRefusesABadVerifier) {
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";  // RFC 7636 appendix B
  auto text = Revento({"pkce", "--verifier", verifier});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("code_challenge         E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\n"), std::string::npos)
      << text.out;
  auto json = Revento({"pkce", "--json"});
  EXPECT_EQ(json.exit_code, 0);
  auto pair = nlohmann::json::parse(json.out);
  EXPECT_EQ(pair["code_verifier"].get<std::string>().size(), 43u);
  EXPECT_EQ(pair["code_challenge_method"], "S256");
  for (const std::string& bad : {std::string("short"), std::string(43, '!'), std::string(129, 'a')}) {
    auto r = Revento({"pkce", "--verifier", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("RFC 7636"), std::string::npos) << r.err;
  }
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

namespace revento::testing {
namespace {

// Leaves a TCP connection in TIME_WAIT on 127.0.0.1:`port` (as an app that
// just stopped leaves its accepted connections), with nothing listening.
// The listener sets SO_REUSEADDR, as Node, Python's http.server and Go do:
// Linux lets a new listener share a TIME_WAIT port only when both sides
// asked for it. Returns the port.
int PortInTimeWait() {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  int peer = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_EQ(connect(peer, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  int accepted = accept(listener, nullptr, nullptr);
  close(listener);
  close(accepted);  // the listening side closes first: its end goes to TIME_WAIT
  char byte;
  EXPECT_EQ(read(peer, &byte, 1), 0);
  close(peer);
  return ntohs(addr.sin_port);
}

TEST(CliE2eTest, ConnectListensOnACallbackPortAnAppJustLeftInTimeWait) {
  int port = PortInTimeWait();
  {
    // The premise: a listener without SO_REUSEADDR cannot bind the port now.
    int plain = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    int bound = bind(plain, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    int error = errno;
    close(plain);
    ASSERT_EQ(bound, -1) << "the port is not in TIME_WAIT: the test proves nothing";
    ASSERT_EQ(error, EADDRINUSE);
  }
  std::string redirect = "http://127.0.0.1:" + std::to_string(port) + "/callback";
  auto emu = EmulatorProcess::Start({"--log-level", "warn", "--redirect-uri", redirect});
  ASSERT_TRUE(emu);
  TempDir dir;
  BackgroundConnect connect({"connect", "--emulator", emu->base_url(), "--redirect-uri", redirect, "--token-file",
                             dir.File("tokens.json"), "--json", "--timeout", "60"});
  std::string url = connect.ConsentUrl();
  ASSERT_FALSE(url.empty()) << connect.Wait().err;
  Consent(*emu, url, "authorize");
  auto result = connect.Wait();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("cannot listen"), std::string::npos) << result.err;
}

TEST(CliE2eTest, ConnectStillRefusesAPortAnAppIsListeningOn) {
  int app = socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  setsockopt(app, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  setsockopt(app, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(app, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(app, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(app, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string redirect = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/callback";
  auto emu = EmulatorProcess::Start({"--log-level", "warn", "--redirect-uri", redirect});
  ASSERT_TRUE(emu);
  TempDir dir;
  auto r = Revento({"connect", "--emulator", emu->base_url(), "--redirect-uri", redirect, "--token-file",
                    dir.File("tokens.json"), "--timeout", "5"});
  close(app);
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("cannot listen on http://127.0.0.1:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace revento::testing
