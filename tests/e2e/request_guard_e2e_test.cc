// Issue 20, point 2, with the real binary: a web page the developer visits
// cannot drive the sandbox (a cross-site form post to a state-changing
// /_sandbox route is 403 and changes nothing, even with --data-dir), DNS
// rebinding cannot read it (a foreign Host is 403 before any secret is
// read), while a bare curl without Origin keeps working; a body-less route
// sent malformed JSON is 400.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/emulator_process.h"
#include "tests/support/raw_http.h"

namespace revento::testing {
namespace {

using nlohmann::json;

RawResponse Send(int port, const std::string& request) {
  RawConnection connection(port);
  EXPECT_TRUE(connection.connected());
  EXPECT_TRUE(connection.Send(request));
  return connection.ReadResponse();
}

std::string FormPost(const std::string& path, const std::string& host, const std::string& extra) {
  return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra +
         "Content-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nx=1";
}

TEST(RequestGuardE2E, ACrossSiteFormPostIsRefusedAndTheDataStays) {
  std::string dir = "/tmp/revento-e2e-guard-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  auto emulator = EmulatorProcess::Start({"--data-dir", dir});
  ASSERT_TRUE(emulator);
  int port = emulator->port();
  std::string host = "localhost:" + std::to_string(port);
  auto client = emulator->Client();
  std::string before = client->Get("/_sandbox/state")->body;
  for (std::string path : {"/_sandbox/reset", "/_sandbox/events/evt_abc123/publish", "/_sandbox/events/evt_abc123/cancel",
                           "/_sandbox/deliveries/flush"}) {
    for (std::string headers : {std::string("Origin: https://evil.example\r\n"),
                                std::string("Origin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n"),
                                std::string("Sec-Fetch-Site: cross-site\r\n"), std::string("Origin: null\r\n")}) {
      RawResponse res = Send(port, FormPost(path, host, headers));
      EXPECT_EQ(res.status, 403) << path << " " << headers;
      EXPECT_NE(res.body.find("cross_origin_refused"), std::string::npos) << res.body;
    }
  }
  EXPECT_EQ(client->Get("/_sandbox/state")->body, before);

  // The same post without Origin (curl -X POST) is not a browser's: it works.
  auto bare = client->Post("/_sandbox/events/evt_abc123/publish");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 200) << bare->body;
  auto own = client->Post("/_sandbox/reset", httplib::Headers{{"Origin", "http://" + host}}, "", "");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
  std::filesystem::remove_all(dir);
}

TEST(RequestGuardE2E, DnsRebindingGetsNoSecretsAndAllowedHostsDo) {
  auto emulator = EmulatorProcess::Start({"--allowed-host", "sandbox.internal"});
  ASSERT_TRUE(emulator);
  int port = emulator->port();
  std::string secret = emulator->config()["client_secret"];
  for (std::string path : {"/_sandbox/state", "/_sandbox/integrations", "/api/v1/events/evt_abc123", "/"}) {
    RawResponse res =
        Send(port, "GET " + path + " HTTP/1.1\r\nHost: rebind.evil.example:" + std::to_string(port) +
                       "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(res.status, 403) << path;
    EXPECT_NE(res.body.find("host_not_allowed"), std::string::npos) << res.body;
    EXPECT_NE(res.body.find("--allowed-host rebind.evil.example"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find(secret), std::string::npos);
  }
  RawResponse token = Send(port, "POST /oauth/token HTTP/1.1\r\nHost: rebind.evil.example\r\nContent-Length: 0\r\n"
                                 "Connection: close\r\n\r\n");
  EXPECT_EQ(token.status, 403);
  EXPECT_NE(token.body.find("\"error\":\"invalid_request\""), std::string::npos) << token.body;
  for (std::string host : {"localhost", "127.0.0.1", "sandbox.internal"}) {
    RawResponse res = Send(port, "GET /_sandbox/state HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
                                     "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(res.status, 200) << host;
  }
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

// docs/CONTRACT.md sandbox.json-errors: a route that takes no body still
// refuses malformed JSON (it was ignored and the action ran).
TEST(RequestGuardE2E, MalformedJsonOnABodyLessRouteIs400AndNothingHappens) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  auto client = emulator->Client();
  for (std::string path : {"/_sandbox/reset", "/_sandbox/events/evt_abc123/publish", "/_sandbox/events/evt_abc123/cancel",
                           "/_sandbox/deliveries/flush"}) {
    std::string before = client->Get("/_sandbox/state")->body;
    auto res = client->Post(path, "{\"x\": ", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_EQ(json::parse(res->body)["error"]["code"], "invalid_json") << res->body;
    auto field = client->Post(path, R"({"force": true})", "application/json");
    EXPECT_EQ(field->status, 400) << path;
    EXPECT_NE(field->body.find("force: unknown field (this route takes no body)"), std::string::npos) << field->body;
    EXPECT_EQ(client->Get("/_sandbox/state")->body, before) << path;
    EXPECT_EQ(client->Post(path, "{}", "application/json")->status / 100, 2) << path;
  }
  auto faults = client->Delete("/_sandbox/faults", "[1,", "application/json");
  EXPECT_EQ(faults->status, 400);
  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace revento::testing
