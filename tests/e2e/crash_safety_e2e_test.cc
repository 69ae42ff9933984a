// Crash safety with --data-dir: the emulator is killed with SIGKILL twenty
// times at random points of a mixed load (webhook triggers, refresh-token
// rotation with the occasional reuse, clients that reuse a rotated refresh
// token at once, organizer revocations, Read API calls). After each kill the
// database passes PRAGMA integrity_check, and after each restart:
//   - every delivery the emulator acknowledged (a 2xx with its id) is there;
//   - no token family is half revoked: a revoked installation has no live
//     token, and a live one has exactly one current refresh token;
//   - every revoked family (refresh reuse, organizer) has its
//     installation.revoked delivery with the same reason: the delivery is
//     enqueued in the revocation's own transaction (DomainEvents), so no
//     kill can fall between the two. When the delivery was enqueued in a
//     second lock hold after the commit, a kill there left a revoked family
//     without its delivery and this test failed.
// The kill point is a random number of completed operations (seeded; the
// seed is printed; REVENTO_CRASH_SEED replays one), never a sleep.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <map>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "emulator/store/database.h"
#include "tests/emulator/oauth/oauth_flow.h"
#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

using nlohmann::json;

// Counts completed operations and wakes the killer when `target` is reached.
class OperationCounter {
 public:
  explicit OperationCounter(int target) : target_(target) {}
  void Done() {
    std::lock_guard lock(mutex_);
    if (++done_ >= target_) reached_.notify_all();
  }
  void WaitForTarget() {
    std::unique_lock lock(mutex_);
    reached_.wait(lock, [this] { return done_ >= target_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable reached_;
  int done_ = 0;
  const int target_;
};

struct Acknowledged {
  std::mutex mutex;
  std::set<std::string> delivery_ids;
  std::set<std::string> organizer_revoked;
  int reuse_revocations = 0;
};

json Parse(const httplib::Result& res) { return res ? json::parse(res->body, nullptr, false) : json(); }

// Triggers event.updated until the connection fails (the process died).
void TriggerLoop(const std::string& base, OperationCounter& ops, Acknowledged& acked) {
  httplib::Client c(base);
  for (;;) {
    auto res = c.Post("/_sandbox/webhooks/trigger", R"({"type": "event.updated", "event_id": "evt_abc123"})",
                      "application/json");
    if (!res) return;
    if (res->status / 100 == 2) {
      json body = json::parse(res->body, nullptr, false);
      std::lock_guard lock(acked.mutex);
      for (const auto& id : body.value("delivery_ids", json::array())) acked.delivery_ids.insert(id.get<std::string>());
    }
    ops.Done();
  }
}

// Connects, then rotates the refresh token; every seventh rotation presents
// the previous token again (reuse revokes the family) and connects anew.
void RefreshLoop(const std::string& base, OperationCounter& ops) {
  httplib::Client c(base);
  int rotation = 0;
  for (;;) {
    json tokens = Parse(oauth::PostForm(c, "/oauth/token", oauth::CodeExchangeBody([&] {
                                          auto code = oauth::AuthorizeForCode(c);
                                          return code ? *code : std::string("no-code");
                                        }())));
    if (!tokens.contains("refresh_token")) return;
    std::string current = tokens["refresh_token"], previous;
    for (;;) {
      bool reuse = ++rotation % 7 == 0 && !previous.empty();
      auto res = oauth::PostForm(c, "/oauth/token", oauth::RefreshBody(reuse ? previous : current));
      if (!res) return;
      ops.Done();
      if (reuse) break;
      json body = json::parse(res->body, nullptr, false);
      if (!body.contains("refresh_token")) break;
      previous = current;
      current = body["refresh_token"];
      auto api = c.Get("/api/v1/events/evt_abc123",
                       httplib::Headers{{"Authorization", "Bearer " + body["access_token"].get<std::string>()}});
      if (!api) return;
    }
  }
}

// Connects, rotates once and presents the rotated refresh token again at
// once, over and over: each reuse revokes a family (refresh token reuse).
void ReuseLoop(const std::string& base, OperationCounter& ops, Acknowledged& acked) {
  httplib::Client c(base);
  for (;;) {
    auto code = oauth::AuthorizeForCode(c);
    if (!code) return;
    json tokens = Parse(oauth::PostForm(c, "/oauth/token", oauth::CodeExchangeBody(*code)));
    if (!tokens.contains("refresh_token")) return;
    std::string first = tokens["refresh_token"];
    if (!Parse(oauth::PostForm(c, "/oauth/token", oauth::RefreshBody(first))).contains("refresh_token")) return;
    auto reuse = oauth::PostForm(c, "/oauth/token", oauth::RefreshBody(first));
    if (!reuse) return;
    if (reuse->status == 400 && reuse->body.find("already used") != std::string::npos) {
      std::lock_guard lock(acked.mutex);
      ++acked.reuse_revocations;
    }
    ops.Done();
  }
}

// Connects and lets the organizer revoke the installation, over and over.
void OrganizerLoop(const std::string& base, OperationCounter& ops, Acknowledged& acked) {
  httplib::Client c(base);
  for (;;) {
    auto code = oauth::AuthorizeForCode(c);
    if (!code) return;
    if (!oauth::PostForm(c, "/oauth/token", oauth::CodeExchangeBody(*code))) return;
    json installations = Parse(c.Get("/_sandbox/installations"));
    if (!installations.contains("data")) return;
    for (const auto& installation : installations["data"]) {
      if (!installation["revoked_at"].is_null()) continue;
      std::string id = installation["id"];
      auto res = c.Post("/_sandbox/installations/" + id + "/revoke", "{}", "application/json");
      if (!res) return;
      if (res->status == 200) {
        std::lock_guard lock(acked.mutex);
        acked.organizer_revoked.insert(id);
      }
      ops.Done();
      break;
    }
  }
}

void ExpectIntegrityOk(const std::string& db_path, int round) {
  auto db = emulator::Database::Open(db_path);
  ASSERT_TRUE(db) << "round " << round << ": " << db.error().message;
  auto lock = (*db)->Lock();
  auto&& check = (*db)->Prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.Step()) << "round " << round;
  EXPECT_EQ(check.Text(0), "ok") << "round " << round;
}

void ExpectConsistentState(const json& state, const Acknowledged& acked, int round) {
  std::set<std::string> deliveries, organizer_deliveries;
  std::map<std::string, std::string> revoked_deliveries;  // installation id -> reason
  for (const auto& d : state["deliveries"]) {
    deliveries.insert(d["id"].get<std::string>());
    if (d["type"] == "installation.revoked") {
      json payload = json::parse(d["payload"].get<std::string>(), nullptr, false);
      if (!payload.is_object()) continue;
      std::string installation = payload["data"].value("id", "");
      revoked_deliveries[installation] = payload["data"].value("reason", "");
      if (payload["data"].value("reason", "") == "organizer") organizer_deliveries.insert(installation);
    }
  }
  for (const auto& i : state["installations"]) {
    if (i["revoked_at"].is_null()) continue;
    std::string id = i["id"];
    auto delivery = revoked_deliveries.find(id);
    EXPECT_TRUE(delivery != revoked_deliveries.end())
        << "round " << round << ": " << id << " was revoked (" << i["revoked_reason"]
        << ") but has no installation.revoked delivery";
    if (delivery != revoked_deliveries.end()) {
      EXPECT_EQ(delivery->second, i["revoked_reason"].get<std::string>()) << "round " << round << ": " << id;
    }
  }
  for (const auto& id : acked.delivery_ids) {
    EXPECT_TRUE(deliveries.count(id)) << "round " << round << ": lost " << id;
  }
  for (const auto& id : acked.organizer_revoked) {
    EXPECT_TRUE(organizer_deliveries.count(id)) << "round " << round << ": no installation.revoked for " << id;
  }

  std::map<std::string, bool> revoked;  // installation id -> revoked
  for (const auto& i : state["installations"]) revoked[i["id"]] = !i["revoked_at"].is_null();
  std::map<std::string, int> current_refresh;
  for (const auto& [id, is_revoked] : revoked) current_refresh[id] = 0;
  for (const auto& t : state["refresh_tokens"]) {
    std::string family = t["installation_id"];
    if (revoked[family]) {
      EXPECT_FALSE(t["revoked_at"].is_null()) << "round " << round << ": live refresh token in revoked " << family;
    } else if (t["used_at"].is_null() && t["revoked_at"].is_null()) {
      ++current_refresh[family];
    }
  }
  for (const auto& t : state["access_tokens"]) {
    if (revoked[t["installation_id"]]) {
      EXPECT_FALSE(t["revoked_at"].is_null()) << "round " << round << ": live access token in a revoked family";
    }
  }
  for (const auto& [family, count] : current_refresh) {
    if (!revoked[family]) {
      EXPECT_EQ(count, 1) << "round " << round << ": live family " << family;
    }
  }
}

TEST(CrashSafetyTest, TwentySigkillsUnderLoadLoseNothingAndLeaveNoHalfRevokedFamily) {
  std::string dir = std::filesystem::temp_directory_path() / ("revento-crash-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  WebhookReceiver receiver;
  std::vector<std::string> args{"--data-dir", dir, "--auto-consent", "--webhook-url", receiver.url(),
                                "--log-level", "warn"};
  const char* replay = std::getenv("REVENTO_CRASH_SEED");
  const unsigned seed = replay ? static_cast<unsigned>(std::stoul(replay)) : std::random_device{}();
  std::mt19937 random(seed);
  std::cout << "crash safety seed " << seed << "\n";
  Acknowledged acked;
  for (int round = 1; round <= 20; ++round) {
    int target = std::uniform_int_distribution<int>(5, 120)(random);
    auto emulator = EmulatorProcess::Start(args);
    ASSERT_TRUE(emulator) << "round " << round;
    OperationCounter ops(target);
    std::vector<std::thread> load;
    load.emplace_back(TriggerLoop, emulator->base_url(), std::ref(ops), std::ref(acked));
    load.emplace_back(RefreshLoop, emulator->base_url(), std::ref(ops));
    load.emplace_back(OrganizerLoop, emulator->base_url(), std::ref(ops), std::ref(acked));
    // Several reusing clients, so that a kill often falls while a reuse is
    // between its revocation and its delivery.
    for (int i = 0; i < 4; ++i) load.emplace_back(ReuseLoop, emulator->base_url(), std::ref(ops), std::ref(acked));
    ops.WaitForTarget();
    emulator->Stop(SIGKILL);
    for (auto& t : load) t.join();
    ExpectIntegrityOk(dir + "/sandbox.db", round);

    auto restarted = EmulatorProcess::Start(args);
    ASSERT_TRUE(restarted) << "round " << round;
    auto c = restarted->Client();
    json state = Parse(c->Get("/_sandbox/state"));
    ASSERT_TRUE(state.is_object()) << "round " << round;
    std::lock_guard lock(acked.mutex);
    ExpectConsistentState(state, acked, round);
    EXPECT_EQ(restarted->Stop(SIGTERM), 0);
    if (HasFailure()) break;
  }
  EXPECT_GT(acked.delivery_ids.size(), 20u);
  EXPECT_GT(acked.organizer_revoked.size(), 5u);
  EXPECT_GT(acked.reuse_revocations, 5);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace revento::testing
