// --random-secrets with --data-dir: after a restart, the banner and
// --print-config show the secrets the server accepts (the ones stored by the
// first run), not fresh ones it would reject.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

using nlohmann::json;

// 400 invalid_grant when the client authenticated (the refresh token is
// bogus), 401 invalid_client when the secret is wrong.
int TokenStatus(EmulatorProcess& emulator, const std::string& client_id, const std::string& secret) {
  auto res = emulator.Client()->Post(
      "/oauth/token",
      "grant_type=refresh_token&refresh_token=rt_bogus&client_id=" + client_id + "&client_secret=" + secret,
      "application/x-www-form-urlencoded");
  return res ? res->status : 0;
}

TEST(RandomSecretsRestartTest, TheSecondRunPrintsTheStoredSecrets) {
  std::string dir = "/tmp/revento-e2e-secrets-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::vector<std::string> args{"--data-dir", dir, "--random-secrets"};
  json first;
  {
    auto emulator = EmulatorProcess::Start(args);
    ASSERT_TRUE(emulator);
    first = emulator->config();
    EXPECT_NE(first["client_secret"], "rev_secret_sandbox_quickstart");
    EXPECT_EQ(TokenStatus(*emulator, first["client_id"], first["client_secret"]), 400);
    EXPECT_EQ(emulator->Stop(SIGTERM), 0);
  }
  {
    auto emulator = EmulatorProcess::Start(args);
    ASSERT_TRUE(emulator);
    const json& second = emulator->config();
    EXPECT_EQ(second["client_secret"], first["client_secret"]);
    EXPECT_EQ(second["webhook_secret"], first["webhook_secret"]);
    EXPECT_NE(emulator->Stderr().find("REVENTO_CLIENT_SECRET=" + first["client_secret"].get<std::string>()),
              std::string::npos)
        << emulator->Stderr();
    EXPECT_EQ(TokenStatus(*emulator, second["client_id"], second["client_secret"]), 400);
    // A reset reloads the fixtures with the same (stored) secrets.
    auto reset = emulator->Client()->Post("/_sandbox/reset");
    ASSERT_TRUE(reset);
    EXPECT_EQ(TokenStatus(*emulator, second["client_id"], second["client_secret"]), 400);
    EXPECT_EQ(emulator->Stop(SIGTERM), 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace revento::testing
