// Durability of the delivery queue with the real binary: a restart with the
// same --data-dir in the middle of a retry schedule (and with an attempt in
// flight at the moment the process dies) resumes every pending delivery;
// none is lost and retries keep their delivery ids.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "client/webhooks/signature_verifier.h"
#include "emulator/store/database.h"
#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

using nlohmann::json;

json PostJson(httplib::Client& c, const std::string& path, const json& body = json::object()) {
  auto res = c.Post(path, body.dump(), "application/json");
  return res ? json::parse(res->body, nullptr, false) : json();
}

json GetJson(httplib::Client& c, const std::string& path) {
  auto res = c.Get(path);
  return res ? json::parse(res->body, nullptr, false) : json();
}

TEST(WebhookRestartTest, PendingDeliveriesSurviveARestartAndNoneIsLost) {
  std::string dir = std::filesystem::temp_directory_path() / ("revento-webhooks-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  WebhookReceiver receiver;
  receiver.SetDefault({500, "down for maintenance", {}, false});
  std::vector<std::string> args{"--data-dir", dir, "--webhook-url", receiver.url(), "--webhook-timeout", "5"};

  // First run creates the sandbox; the integration is then installed on the
  // event (the row OAuth would write at code exchange).
  {
    auto first = EmulatorProcess::Start(args);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->Stop(SIGTERM), 0);
    auto db = emulator::Database::Open(dir + "/sandbox.db");
    ASSERT_TRUE(db) << db.error().message;
    auto lock = (*db)->Lock();
    (*db)
        ->Prepare(
            "INSERT INTO installations(id, integration_id, event_id, organization_id, scope, created_at) VALUES "
            "('ins_e2e', 'int_quickstart', 'evt_abc123', 'org_xyz789', "
            "'event.read participants.read applications.read attendance.read', 0)")
        .Run();
  }

  std::set<std::string> ids;
  std::string in_flight_id;
  {
    auto second = EmulatorProcess::Start(args);
    ASSERT_TRUE(second);
    auto c = second->Client();
    for (const char* path :
         {"/_sandbox/events/evt_abc123/publish", "/_sandbox/events/evt_abc123/applications/app_001/approve",
          "/_sandbox/events/evt_abc123/participants/par_001/check-in"}) {
      json res = PostJson(*c, path);
      EXPECT_TRUE(res.contains("delivery_ids")) << path << ": " << res.dump();
      for (const auto& id : res["delivery_ids"]) ids.insert(id.get<std::string>());
    }
    ASSERT_EQ(ids.size(), 4u);
    PostJson(*c, "/_sandbox/deliveries/flush");
    // Second attempts fail too: the schedule is under way.
    // Retries are due to the second and never early: 5 s after a failure at
    // real time T.x is due at ceil(T.x) + 5.
    PostJson(*c, "/_sandbox/clock", {{"advance_seconds", 6}});
    PostJson(*c, "/_sandbox/deliveries/flush");
    for (const auto& id : ids) {
      json d = GetJson(*c, "/_sandbox/deliveries/" + id);
      EXPECT_EQ(d["status"], "pending") << d.dump();
      EXPECT_EQ(d["attempts"].size(), 2u) << d.dump();
    }
    // One more delivery is in flight (its receiver hangs) when the process dies.
    receiver.Script({{200, "ok", {}, true}});
    size_t received_before_trigger = receiver.Count();
    auto triggered =
        PostJson(*c, "/_sandbox/webhooks/trigger", {{"type", "event.updated"}, {"event_id", "evt_abc123"}});
    ASSERT_EQ(triggered["delivery_ids"].size(), 1u);
    in_flight_id = triggered["delivery_ids"][0];
    ids.insert(in_flight_id);
    ASSERT_TRUE(receiver.WaitForCount(received_before_trigger + 1));
    EXPECT_EQ(GetJson(*c, "/_sandbox/deliveries/" + in_flight_id)["status"], "in_flight");
    second->Stop(SIGKILL);
  }
  receiver.ReleaseHangs();
  receiver.SetDefault({200, "ok", {}, false});
  size_t before = receiver.Count();

  auto third = EmulatorProcess::Start(args);
  ASSERT_TRUE(third);
  auto c = third->Client();
  // The sandbox clock itself is not persisted (it restarts at real time), so
  // move it past the third attempt's due time: the interrupted attempt goes
  // back to pending and is sent with the others.
  EXPECT_EQ(GetJson(*c, "/_sandbox/deliveries/" + in_flight_id)["status"], "pending");
  PostJson(*c, "/_sandbox/clock", {{"advance_seconds", 312}});
  PostJson(*c, "/_sandbox/deliveries/flush");
  std::set<std::string> received_ids;
  auto received = receiver.Received();
  for (size_t i = before; i < received.size(); ++i) {
    received_ids.insert(received[i].Header("X-Revento-Delivery-Id"));
    EXPECT_TRUE(client::webhooks::VerifySignature(
        "whsec_sandbox_quickstart", received[i].Header("X-Revento-Timestamp"),
        received[i].Header("X-Revento-Signature"), received[i].body,
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()));
  }
  EXPECT_EQ(received_ids, ids) << "received after the restart: " << received.size() - before;
  for (const auto& id : ids) {
    json d = GetJson(*c, "/_sandbox/deliveries/" + id);
    EXPECT_EQ(d["status"], "succeeded") << d.dump();
    EXPECT_EQ(d["attempts"].size(), id == in_flight_id ? 1u : 3u) << d.dump();
  }
  third->Stop(SIGTERM);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace revento::testing
