// Injected faults: validation (refusals first), each action on each area,
// times and probability, and the journal's marks.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "emulator/sandbox/fault_table.h"
#include "tests/emulator/oauth/oauth_flow.h"
#include "tests/support/fake_clock.h"

namespace revento::testing {
namespace {

using emulator::sandbox::FaultTable;
using nlohmann::json;
using namespace revento::testing::oauth;

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_ = std::make_unique<InProcessEmulator>(AutoConsent());
    client_ = RawClient(*sandbox_);
    ASSERT_EQ(client_->Get("/_sandbox/health")->status, 200);
  }
  httplib::Result AddRaw(const std::string& body) {
    return client_->Post("/_sandbox/faults", body, "application/json");
  }
  json Add(const json& body) {
    auto res = AddRaw(body.dump());
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 201) << res->body;
    return json::parse(res->body);
  }
  json LastJournalEntry() {
    auto res = client_->Get("/_sandbox/requests?limit=1");
    return json::parse(res->body)["data"][0];
  }
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(FaultsTest, BadFaultsAreRefusedNamingTheField) {
  struct Case {
    std::string body;
    std::string names;
  };
  std::vector<Case> cases = {
      {R"({"match": {"path": "/_sandbox/reset"}, "action": {"status": 503}})", "/_sandbox"},
      {R"({"match": {"path_prefix": "/_sandbox"}, "action": {"status": 503}})", "/_sandbox"},
      {R"({"match": {"path_prefix": "/"}, "action": {"status": 503}})", "/_sandbox"},
      {R"({"match": {"path_prefix": "/_s"}, "action": {"status": 503}})", "/_sandbox"},
      {R"({"match": {"path": "/elsewhere"}, "action": {"status": 503}})", "match.path"},
      {R"({"match": {"path": "/oauth/token", "path_prefix": "/oauth"}, "action": {"status": 503}})", "exactly one"},
      {R"({"match": {}, "action": {"status": 503}})", "exactly one"},
      {R"({"match": {"path": "/oauth/token", "colour": "red"}, "action": {"status": 503}})", "match.colour"},
      {R"({"match": {"path": "/oauth/token", "method": 7}, "action": {"status": 503}})", "match.method"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": 200}})", "action.status"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": "503"}})", "action.status"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": 503, "delay_ms": 5}})", "exactly one"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": 503, "colour": 1}})", "action.colour"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"delay_ms": 60001}})", "action.delay_ms"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"drop_connection": false}})", "action.drop_connection"},
      {R"({"match": {"path": "/oauth/token"}, "action": {}})", "exactly one"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": 503}, "times": 0})", "times"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": 503}, "probability": 1.5})", "probability"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": 503}, "probability": 0})", "probability"},
      {R"({"match": {"path": "/oauth/token"}, "action": {"status": 503}, "colour": 1})", "colour"},
      {R"({"action": {"status": 503}})", "match"},
      {R"({"match": {"path": "/oauth/token"}})", "action"},
      {R"({"match": {"path_prefix": "/api/)" + std::string(3000, 'x') + R"("}, "action": {"status": 503}})",
       "match.path_prefix: must be at most 2048 characters"},
  };
  for (const auto& c : cases) {
    auto res = AddRaw(c.body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << c.body;
    json body = json::parse(res->body);
    EXPECT_EQ(body["error"]["code"], "invalid_request") << c.body;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(c.names), std::string::npos)
        << c.body << " -> " << res->body;
  }
  EXPECT_TRUE(json::parse(client_->Get("/_sandbox/faults")->body)["data"].empty());
}

// Issue 20: 10^5 faults took 251 MB and a 229 MB listing. The table holds
// FaultTable::kMaxFaults; one more is 409 saying how to make room, and
// deleting one makes room again.
TEST_F(FaultsTest, TheTableIsBoundedAndTheNextFaultIs409) {
  std::string last_id;
  for (size_t k = 0; k < FaultTable::kMaxFaults; ++k) {
    auto res = AddRaw(R"({"match": {"path": "/api/v1/x)" + std::to_string(k) + R"("}, "action": {"status": 503}})");
    ASSERT_TRUE(res && res->status == 201) << k;
    last_id = json::parse(res->body)["id"];
  }
  auto over = AddRaw(R"({"match": {"path": "/oauth/token"}, "action": {"status": 503}})");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 409);
  json body = json::parse(over->body);
  EXPECT_EQ(body["error"]["code"], "too_many_faults");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("holds 1000 faults, its maximum: DELETE"),
            std::string::npos)
      << over->body;
  EXPECT_EQ(json::parse(client_->Get("/_sandbox/faults")->body)["data"].size(), FaultTable::kMaxFaults);
  EXPECT_EQ(client_->Delete("/_sandbox/faults/" + last_id)->status, 200);
  EXPECT_EQ(AddRaw(R"({"match": {"path": "/oauth/token"}, "action": {"status": 503}})")->status, 201);
}

TEST_F(FaultsTest, MalformedJsonIs400NamingThePosition) {
  auto res = AddRaw(R"({"match": {"path": "/oauth/token"},, "action": {}})");
  ASSERT_EQ(res->status, 400);
  json body = json::parse(res->body);
  EXPECT_EQ(body["error"]["code"], "invalid_json");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("byte 36"), std::string::npos) << res->body;
  EXPECT_NE(body["error"]["message"].get<std::string>().find("line 1, column 36"), std::string::npos) << res->body;
}

TEST_F(FaultsTest, StatusOnOAuthAnswersRfc6749JsonThenExpires) {
  json fault =
      Add({{"match", {{"method", "post"}, {"path", "/oauth/token"}}}, {"action", {{"status", 503}}}, {"times", 1}});
  EXPECT_TRUE(fault["id"].get<std::string>().starts_with("flt_"));
  EXPECT_EQ(fault["match"]["method"], "POST");
  EXPECT_EQ(fault["action"]["error"], "temporarily_unavailable");
  EXPECT_EQ(fault["remaining"], 1);
  EXPECT_EQ(fault["applied"], 0);

  auto res = PostForm(*client_, "/oauth/token", "grant_type=authorization_code");
  ASSERT_EQ(res->status, 503);
  json body = json::parse(res->body);
  EXPECT_EQ(body["error"], "temporarily_unavailable");
  EXPECT_EQ(body["error_description"], "Fault " + fault["id"].get<std::string>() + " injected by the sandbox.");
  json entry = LastJournalEntry();
  EXPECT_EQ(entry["status"], 503);
  EXPECT_EQ(entry["fault"]["id"], fault["id"]);
  EXPECT_EQ(entry["fault"]["action"], "status");

  // Used up: gone from the table, and the next request is handled normally.
  EXPECT_TRUE(json::parse(client_->Get("/_sandbox/faults")->body)["data"].empty());
  auto next = PostForm(*client_, "/oauth/token", "grant_type=authorization_code");
  EXPECT_NE(next->status, 503);
  EXPECT_TRUE(LastJournalEntry()["fault"].is_null());
}

TEST_F(FaultsTest, StatusOnApiAnswersTheReventoBody) {
  Add({{"match", {{"path_prefix", "/api/v1/events"}}}, {"action", {{"status", 429}, {"message", "Slow down."}}}});
  auto res = client_->Get("/api/v1/events/evt_abc123", httplib::Headers{{"X-Revento-Request-Id", "req-fault-1"}});
  ASSERT_EQ(res->status, 429);
  json body = json::parse(res->body);
  EXPECT_EQ(body["error"]["code"], "rate_limited");
  EXPECT_EQ(body["error"]["message"], "Slow down.");
  EXPECT_EQ(body["error"]["request_id"], "req-fault-1");
  // Without times the fault stays; another method matches too (no method given).
  EXPECT_EQ(client_->Get("/api/v1/events/evt_abc123/participants")->status, 429);
  EXPECT_EQ(json::parse(client_->Get("/_sandbox/faults")->body)["data"][0]["applied"], 2);
  // The control plane is never faulted.
  EXPECT_EQ(client_->Get("/_sandbox/health")->status, 200);
}

TEST_F(FaultsTest, StatusOnWellKnownAndAuthorizeUseTheirAreas) {
  Add({{"match", {{"path", "/.well-known/oauth-authorization-server"}}}, {"action", {{"status", 500}}}});
  auto meta = client_->Get("/.well-known/oauth-authorization-server");
  ASSERT_EQ(meta->status, 500);
  EXPECT_EQ(json::parse(meta->body)["error"], "server_error");
  Add({{"match", {{"path", "/oauth/authorize"}}}, {"action", {{"status", 503}}}});
  auto page = client_->Get(AuthorizePath().c_str());
  ASSERT_EQ(page->status, 503);
  EXPECT_TRUE(page->get_header_value("Content-Type").starts_with("text/html"));
}

TEST_F(FaultsTest, DelayThenHandlesNormally) {
  Add({{"match", {{"path", "/.well-known/oauth-authorization-server"}}}, {"action", {{"delay_ms", 1}}}, {"times", 1}});
  auto res = client_->Get("/.well-known/oauth-authorization-server");
  ASSERT_EQ(res->status, 200);
  json entry = LastJournalEntry();
  EXPECT_EQ(entry["status"], 200);
  EXPECT_EQ(entry["fault"]["action"], "delay");
  EXPECT_EQ(sandbox_->Sleeps(), std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1)});
}

// Keep-alive connections between requests are served by a few threads
// (http/reactor.h); a request waiting out a delay fault must not hold one of
// them from the others. More requests wait than the reactor has threads,
// and a request on another kept-alive connection is still answered.
TEST_F(FaultsTest, RequestsWaitingOutADelayDoNotHoldUpOtherConnections) {
  const size_t waiting = 2 * std::max(2u, std::thread::hardware_concurrency()) + 2;
  auto keep_alive_client = [this] {
    auto client = sandbox_->Client();
    client->set_keep_alive(true);
    client->set_read_timeout(std::chrono::seconds(20));
    EXPECT_EQ(client->Get("/_sandbox/health")->status, 200);  // the connection is now kept between requests
    return client;
  };
  std::vector<std::unique_ptr<httplib::Client>> delayed;
  for (size_t i = 0; i < waiting; ++i) delayed.push_back(keep_alive_client());
  auto other = keep_alive_client();
  sandbox_->HoldDelays();
  Add({{"match", {{"path", "/.well-known/oauth-authorization-server"}}},
       {"action", {{"delay_ms", 1}}},
       {"times", waiting}});
  std::vector<std::thread> threads;
  std::vector<int> statuses(waiting, 0);
  for (size_t i = 0; i < waiting; ++i) {
    threads.emplace_back([&, i] {
      auto res = delayed[i]->Get("/.well-known/oauth-authorization-server");
      statuses[i] = res ? res->status : -1;
    });
  }
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (sandbox_->HeldDelays() < waiting && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  EXPECT_EQ(sandbox_->HeldDelays(), waiting);
  auto answered = other->Get("/_sandbox/health");
  EXPECT_TRUE(answered && answered->status == 200);
  EXPECT_EQ(sandbox_->HeldDelays(), waiting);  // answered while every delayed request still waits
  sandbox_->ReleaseDelays();
  for (auto& t : threads) t.join();
  EXPECT_EQ(statuses, std::vector<int>(waiting, 200));
}

// Reads everything the server sends until it closes the connection.
std::string RawExchange(int port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  timeval timeout{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string received;
  char buffer[4096];
  for (;;) {
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return received;
}

TEST_F(FaultsTest, DropConnectionClosesWithoutAResponse) {
  Add({{"match", {{"method", "GET"}, {"path", "/api/v1/events/evt_abc123"}}},
       {"action", {{"drop_connection", true}}},
       {"times", 1}});
  std::string got = RawExchange(sandbox_->port(), "GET /api/v1/events/evt_abc123 HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(got, "");
  json entry = LastJournalEntry();
  EXPECT_EQ(entry["status"], 0);
  EXPECT_EQ(entry["fault"]["action"], "drop_connection");
  // The server keeps serving.
  EXPECT_EQ(client_->Get("/api/v1/events/evt_abc123")->status, 401);
  std::string normal = RawExchange(
      sandbox_->port(), "GET /api/v1/events/evt_abc123 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(normal.starts_with("HTTP/1.1 401")) << normal;
}

TEST_F(FaultsTest, ListDeleteOneAndDeleteAll) {
  json a = Add({{"match", {{"path", "/oauth/token"}}}, {"action", {{"status", 503}}}});
  json b = Add({{"match", {{"path_prefix", "/api"}}}, {"action", {{"delay_ms", 5}}}, {"probability", 0.5}});
  Add({{"match", {{"path_prefix", "/oauth"}}}, {"action", {{"drop_connection", true}}}, {"times", 3}});
  json list = json::parse(client_->Get("/_sandbox/faults")->body)["data"];
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["id"], a["id"]);
  EXPECT_EQ(list[1]["probability"], 0.5);
  EXPECT_EQ(list[1]["action"], json({{"delay_ms", 5}}));
  EXPECT_TRUE(list[1]["remaining"].is_null());
  EXPECT_EQ(list[2]["action"], json({{"drop_connection", true}}));

  auto gone = client_->Delete(("/_sandbox/faults/" + b["id"].get<std::string>()).c_str());
  ASSERT_EQ(gone->status, 200);
  EXPECT_EQ(json::parse(gone->body)["deleted"], 1);
  auto unknown = client_->Delete("/_sandbox/faults/flt_nope");
  ASSERT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body)["error"]["code"], "not_found");
  auto all = client_->Delete("/_sandbox/faults");
  ASSERT_EQ(all->status, 200);
  EXPECT_EQ(json::parse(all->body)["deleted"], 2);
  EXPECT_TRUE(json::parse(client_->Get("/_sandbox/faults")->body)["data"].empty());
}

class ScriptedIds final : public emulator::IdSource {
 public:
  std::string NewId(std::string_view prefix, size_t) override { return std::string(prefix) + std::to_string(++n_); }

 private:
  int n_ = 0;
};

TEST(FaultTableTest, ProbabilityDrawsFromTheInjectedSource) {
  FakeClock clock;
  ScriptedIds ids;
  std::deque<double> draws = {0.9, 0.2, 0.5, 0.49};
  FaultTable table(clock, ids, [&draws] {
    double d = draws.front();
    draws.pop_front();
    return d;
  });
  auto fault = table.Add(json::parse(R"({"match": {"path": "/oauth/token"}, "action": {"status": 503},
                                          "probability": 0.5})"));
  ASSERT_TRUE(fault) << fault.error().message;
  EXPECT_FALSE(table.Take("POST", "/oauth/token"));  // 0.9
  EXPECT_TRUE(table.Take("POST", "/oauth/token"));   // 0.2
  EXPECT_FALSE(table.Take("POST", "/oauth/token"));  // 0.5
  EXPECT_TRUE(table.Take("POST", "/oauth/token"));   // 0.49
  EXPECT_FALSE(table.Take("POST", "/oauth/other"));  // no draw: no match
  EXPECT_TRUE(draws.empty());
}

TEST(FaultTableTest, NeverMatchesTheControlPlaneAndTheOldestWins) {
  FakeClock clock;
  ScriptedIds ids;
  FaultTable table(clock, ids, [] { return 0.0; });
  auto first = table.Add(json::parse(R"({"match": {"path_prefix": "/oauth"}, "action": {"status": 500}, "times": 2})"));
  auto second = table.Add(json::parse(R"({"match": {"path": "/oauth/token"}, "action": {"status": 503}})"));
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(table.Take("POST", "/_sandbox/reset"));
  EXPECT_EQ(table.Take("POST", "/oauth/token")->id, first->id);
  auto last = table.Take("POST", "/oauth/token");
  EXPECT_EQ(last->id, first->id);
  EXPECT_EQ(last->remaining, 0);
  EXPECT_EQ(table.Take("POST", "/oauth/token")->id, second->id);
  EXPECT_EQ(table.List().size(), 1u);
}

}  // namespace
}  // namespace revento::testing
