// POST /_sandbox/installations/{id}/revoke: the organizer uninstalls. Bad
// inputs first, then the family dies and installation.revoked goes out with
// reason "organizer".
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/emulator/oauth/oauth_flow.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

using nlohmann::json;
using namespace revento::testing::oauth;

class InstallationRevokeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = AutoConsent();
    options.webhook_url = receiver_.url();
    sandbox_ = std::make_unique<InProcessEmulator>(options);
    client_ = RawClient(*sandbox_);
    ASSERT_EQ(client_->Get("/_sandbox/health")->status, 200);
  }
  httplib::Result Revoke(const std::string& id, const std::string& body = "") {
    return client_->Post(("/_sandbox/installations/" + id + "/revoke").c_str(), body, "application/json");
  }

  WebhookReceiver receiver_;
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(InstallationRevokeTest, UnknownIdIs404) {
  auto res = Revoke("ins_nope");
  ASSERT_EQ(res->status, 404);
  json body = json::parse(res->body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("ins_nope"), std::string::npos);
}

TEST_F(InstallationRevokeTest, BadBodiesAre400) {
  json tokens = Dance(*client_);
  std::string id = Installations(*client_)[0]["id"];
  auto unknown = Revoke(id, R"({"reason": "mine"})");
  ASSERT_EQ(unknown->status, 400);
  EXPECT_NE(unknown->body.find("reason"), std::string::npos) << unknown->body;
  auto malformed = Revoke(id, R"({"reason": )");
  ASSERT_EQ(malformed->status, 400);
  EXPECT_EQ(json::parse(malformed->body)["error"]["code"], "invalid_json");
  EXPECT_NE(malformed->body.find("byte 12"), std::string::npos) << malformed->body;
  // Nothing was revoked by the refusals.
  EXPECT_EQ(Installations(*client_)[0]["revoked"], false);
}

TEST_F(InstallationRevokeTest, TheFamilyDiesAndInstallationRevokedIsDelivered) {
  json tokens = Dance(*client_);
  std::string access = tokens["access_token"], refresh = tokens["refresh_token"];
  auto refreshed = PostForm(*client_, "/oauth/token", RefreshBody(refresh));
  ASSERT_EQ(refreshed->status, 200);
  std::string access2 = json::parse(refreshed->body)["access_token"];
  std::string refresh2 = json::parse(refreshed->body)["refresh_token"];
  std::string id = Installations(*client_)[0]["id"];

  auto res = Revoke(id);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = json::parse(res->body);
  EXPECT_EQ(body["installation"]["id"], id);
  EXPECT_EQ(body["installation"]["revoked"], true);
  EXPECT_EQ(body["installation"]["revoked_reason"], "organizer");
  EXPECT_EQ(body["installation"]["revoked_at"], "2026-11-27T10:00:00Z");
  ASSERT_EQ(body["delivery_ids"].size(), 1u);
  std::string delivery_id = body["delivery_ids"][0];

  // The delivery was committed with the revocation: it is listed already.
  auto delivery = json::parse(client_->Get(("/_sandbox/deliveries/" + delivery_id).c_str())->body);
  EXPECT_EQ(delivery["type"], "installation.revoked");

  // Every token of the family is dead, the newest included.
  for (const std::string& token : {access, access2}) {
    auto api = client_->Get("/api/v1/events/evt_abc123", httplib::Headers{{"Authorization", "Bearer " + token}});
    ASSERT_EQ(api->status, 401);
    EXPECT_EQ(json::parse(api->body)["error"]["code"], "token_revoked");
  }
  auto again = PostForm(*client_, "/oauth/token", RefreshBody(refresh2));
  ASSERT_EQ(again->status, 400);
  EXPECT_EQ(json::parse(again->body)["error"], "invalid_grant");

  ASSERT_EQ(client_->Post("/_sandbox/deliveries/flush", "", "application/json")->status, 200);
  ASSERT_TRUE(receiver_.WaitForCount(1));
  auto received = receiver_.Received();
  const WebhookReceiver::Request* revoked = nullptr;
  for (const auto& r : received)
    if (r.Header("X-Revento-Event") == "installation.revoked") revoked = &r;
  ASSERT_NE(revoked, nullptr);
  json payload = json::parse(revoked->body);
  EXPECT_EQ(payload["data"]["id"], id);
  EXPECT_EQ(payload["data"]["reason"], "organizer");

  // A second revoke is a conflict and sends nothing more.
  auto twice = Revoke(id);
  ASSERT_EQ(twice->status, 409);
  EXPECT_EQ(json::parse(twice->body)["error"]["code"], "already_revoked");
  json deliveries = json::parse(client_->Get("/_sandbox/deliveries?type=installation.revoked")->body)["data"];
  EXPECT_EQ(deliveries.size(), 1u);
}

TEST_F(InstallationRevokeTest, AFamilyRevokedByOAuthIsAlready409) {
  json tokens = Dance(*client_);
  std::string id = Installations(*client_)[0]["id"];
  ASSERT_EQ(PostForm(*client_, "/oauth/revoke",
                     "token=" + tokens["refresh_token"].get<std::string>() + "&client_id=" + kClientId +
                         "&client_secret=" + kClientSecret)
                ->status,
            200);
  auto res = Revoke(id);
  ASSERT_EQ(res->status, 409) << res->body;
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "already_revoked");
}

}  // namespace
}  // namespace revento::testing
