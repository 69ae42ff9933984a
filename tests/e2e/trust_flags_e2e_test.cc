// Issue 20, points 3 and 8, with the real binary: off loopback the published
// secrets are replaced unless --insecure-public-secrets says otherwise;
// health stays open with --admin-token; --port 0 with --public-url shows the
// bound port; one request-line limit, answered in the route's error shape;
// the journal records only /oauth, /.well-known and /api.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/emulator_process.h"
#include "tests/support/raw_http.h"

namespace revento::testing {
namespace {

using nlohmann::json;

constexpr const char* kPublishedSecret = "rev_secret_sandbox_quickstart";

int TokenStatus(EmulatorProcess& emulator, const std::string& client_id, const std::string& secret) {
  auto res = emulator.Client()->Post(
      "/oauth/token",
      "grant_type=refresh_token&refresh_token=rt_bogus&client_id=" + client_id + "&client_secret=" + secret,
      "application/x-www-form-urlencoded");
  return res ? res->status : 0;
}

TEST(TrustFlagsE2E, OffLoopbackThePublishedSecretsMintNothing) {
  auto emulator = EmulatorProcess::Start({"--host", "0.0.0.0", "--admin-token", "T"});
  ASSERT_TRUE(emulator);
  const json& config = emulator->config();
  std::string secret = config["client_secret"];
  EXPECT_NE(secret, kPublishedSecret);
  EXPECT_TRUE(secret.starts_with("rev_secret_")) << secret;
  EXPECT_NE(config["webhook_secret"], "whsec_sandbox_quickstart");
  EXPECT_NE(emulator->Stderr().find("REVENTO_CLIENT_SECRET=" + secret), std::string::npos) << emulator->Stderr();
  EXPECT_EQ(TokenStatus(*emulator, config["client_id"], kPublishedSecret), 401);
  EXPECT_EQ(TokenStatus(*emulator, config["client_id"], secret), 400);  // authenticated; the token is bogus
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

// A data directory first used on loopback keeps the published secrets; a
// later start off loopback replaces them (and keeps the new ones after).
TEST(TrustFlagsE2E, AKeptDataDirGetsRandomSecretsWhenItGoesOffLoopback) {
  std::string dir = "/tmp/revento-e2e-offloopback-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  {
    auto local = EmulatorProcess::Start({"--data-dir", dir});
    ASSERT_TRUE(local);
    EXPECT_EQ(local->config()["client_secret"], kPublishedSecret);
    EXPECT_EQ(local->Stop(SIGTERM), 0);
  }
  std::string drawn;
  {
    auto network = EmulatorProcess::Start({"--data-dir", dir, "--host", "0.0.0.0", "--admin-token", "T"});
    ASSERT_TRUE(network);
    drawn = network->config()["client_secret"];
    EXPECT_NE(drawn, kPublishedSecret);
    EXPECT_EQ(TokenStatus(*network, network->config()["client_id"], kPublishedSecret), 401);
    EXPECT_EQ(TokenStatus(*network, network->config()["client_id"], drawn), 400);
    EXPECT_EQ(network->Stop(SIGTERM), 0);
  }
  auto again = EmulatorProcess::Start({"--data-dir", dir, "--host", "0.0.0.0", "--admin-token", "T"});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->config()["client_secret"], drawn);
  EXPECT_EQ(again->Stop(SIGTERM), 0);
  std::filesystem::remove_all(dir);
}

TEST(TrustFlagsE2E, InsecurePublicSecretsKeepsThemInSoManyWords) {
  auto emulator = EmulatorProcess::Start({"--host", "0.0.0.0", "--admin-token", "T", "--insecure-public-secrets"});
  ASSERT_TRUE(emulator);
  EXPECT_EQ(emulator->config()["client_secret"], kPublishedSecret);
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

TEST(TrustFlagsE2E, HealthStaysOpenWithAnAdminTokenAndTheRestDoesNot) {
  auto emulator = EmulatorProcess::Start({"--admin-token", "T"});
  ASSERT_TRUE(emulator);
  auto client = emulator->Client();
  auto health = client->Get("/_sandbox/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << health->body;
  EXPECT_EQ(client->Get("/_sandbox/clock")->status, 401);
  EXPECT_EQ(client->Get("/_sandbox/state")->status, 401);
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

TEST(TrustFlagsE2E, PortZeroWithAPublicUrlShowsTheBoundPort) {
  auto emulator = EmulatorProcess::Start({"--public-url", "https://sandbox.example.test"});
  ASSERT_TRUE(emulator);
  EXPECT_NE(emulator->Stderr().find("listening on https://sandbox.example.test (bound to 127.0.0.1:" +
                                    std::to_string(emulator->port()) + ")"),
            std::string::npos)
      << emulator->Stderr();
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

RawResponse Get(int port, const std::string& target) {
  RawConnection connection(port);
  EXPECT_TRUE(connection.Send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  return connection.ReadResponse();
}

// The request line is limited to 8 KiB (cpp-httplib's own limit) and the
// refusal is the route's: an HTML page on /oauth/authorize, RFC 6749 JSON on
// /oauth/token, the Revento body on /api (it was a generic body everywhere).
TEST(TrustFlagsE2E, ARequestLineOver8KiBIs414InTheRoutesOwnShape) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  int port = emulator->port();
  std::string long_query = "?state=" + std::string(9000, 'a');
  RawResponse authorize = Get(port, "/oauth/authorize" + long_query);
  EXPECT_EQ(authorize.status, 414);
  EXPECT_TRUE(authorize.Has("text/html")) << authorize.head;
  EXPECT_NE(authorize.body.find("8 KiB"), std::string::npos) << authorize.body;
  RawResponse token = Get(port, "/oauth/token" + long_query);
  EXPECT_EQ(token.status, 414);
  EXPECT_NE(token.body.find("\"error\":\"invalid_request\""), std::string::npos) << token.body;
  RawResponse api = Get(port, "/api/v1/events/evt_abc123" + long_query);
  EXPECT_EQ(api.status, 414);
  EXPECT_NE(api.body.find("\"code\":\"uri_too_long\""), std::string::npos) << api.body;
  // Just under the limit is routed as usual.
  RawResponse under = Get(port, "/api/v1/events/evt_abc123?x=" + std::string(8000, 'a'));
  EXPECT_NE(under.status, 414);
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

TEST(TrustFlagsE2E, TheJournalRecordsOnlyOAuthWellKnownAndApi) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  auto client = emulator->Client();
  for (const char* path : {"/", "/favicon.ico", "/robots.txt", "/api/v1", "/api/v1/events/evt_abc123",
                           "/.well-known/oauth-authorization-server"}) {
    client->Get(path);
  }
  json journal = json::parse(client->Get("/_sandbox/requests")->body);
  std::vector<std::string> paths;
  for (const auto& entry : journal["data"]) paths.push_back(entry["path"]);
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"/.well-known/oauth-authorization-server", "/api/v1",
                                             "/api/v1/events/evt_abc123"}));
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace revento::testing
