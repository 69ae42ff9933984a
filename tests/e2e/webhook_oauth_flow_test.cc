// Webhooks after a real OAuth connect, against the real binary: the
// quickstart's consent (event.read participants.read) installs the fixture
// integration; approving an application then delivers participant.registered
// but not application.approved; reusing a refresh token revokes the family
// and delivers installation.revoked. Every delivery verifies with the
// reference client's own HMAC.
#include <gtest/gtest.h>

#include <chrono>
#include "portable/expected.h"
#include <nlohmann/json.hpp>
#include <set>

#include "client/oauth/form_encoding.h"
#include "client/oauth/pkce.h"
#include "client/oauth/token_client.h"
#include "client/webhooks/signature_verifier.h"
#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"
#include "portable/httplib_compat.h"

namespace revento::testing {
namespace {

using nlohmann::json;

int64_t RealNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The user-agent half: the code of the 302, or what went wrong.
portable::expected<std::string, std::string> AuthorizeForCode(const EmulatorProcess& emu, const client::PkcePair& pkce) {
  auto http = emu.Client();
  revento::portable::SetPathEncode(*http, false);
  std::string path = "/oauth/authorize?" + client::FormEncode({{"response_type", "code"},
                                                               {"client_id", "rev_client_quickstart"},
                                                               {"redirect_uri", "http://localhost:3000/callback"},
                                                               {"scope", "event.read participants.read"},
                                                               {"event_id", "evt_abc123"},
                                                               {"state", "s"},
                                                               {"code_challenge", pkce.challenge},
                                                               {"code_challenge_method", "S256"}});
  auto res = http->Get(path.c_str());
  if (!res) return portable::unexpected("GET /oauth/authorize: no response");
  if (res->status != 302) return portable::unexpected("GET /oauth/authorize answered " + std::to_string(res->status));
  return client::DecodeQueryOf(res->get_header_value("Location"))["code"];
}

json PostJson(const EmulatorProcess& emu, const std::string& path) {
  auto res = emu.Client()->Post(path, "{}", "application/json");
  return res ? json::parse(res->body, nullptr, false) : json();
}

TEST(WebhookOAuthFlowTest, ConsentedScopesDecideDeliveriesAndRevocationIsDelivered) {
  WebhookReceiver receiver;
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn", "--webhook-url", receiver.url()});
  ASSERT_TRUE(emu);
  auto pkce = client::NewPkcePair();
  client::TokenClient tokens(emu->base_url(), "rev_client_quickstart", "rev_secret_sandbox_quickstart");
  auto code = AuthorizeForCode(*emu, pkce);
  ASSERT_TRUE(code) << code.error();
  auto first = tokens.ExchangeCode(*code, "http://localhost:3000/callback", pkce.verifier);
  ASSERT_TRUE(first) << first.error().message;

  auto approved = PostJson(*emu, "/_sandbox/events/evt_abc123/applications/app_001/approve");
  ASSERT_EQ(approved["delivery_ids"].size(), 1u) << approved.dump();
  auto published = PostJson(*emu, "/_sandbox/events/evt_abc123/publish");
  ASSERT_EQ(published["delivery_ids"].size(), 1u) << published.dump();
  PostJson(*emu, "/_sandbox/deliveries/flush");
  ASSERT_EQ(receiver.Count(), 2u);

  // `data` is exactly what the Read API returns for the resource.
  std::string participant_id = approved["participant"]["id"];
  auto api = emu->Client();
  api->set_bearer_token_auth(first->access_token);
  auto read = api->Get("/api/v1/events/evt_abc123/participants/" + participant_id);
  ASSERT_TRUE(read && read->status == 200) << (read ? read->body : "no response");
  for (const auto& r : receiver.Received()) {
    if (r.Header("X-Revento-Event") == "participant.registered") {
      EXPECT_EQ(json::parse(r.body)["data"], json::parse(read->body));
    }
  }

  // Reusing the first refresh token after a rotation revokes the family.
  client::TokenSession session(tokens, *first);
  ASSERT_TRUE(session.Refresh());
  ASSERT_FALSE(tokens.Refresh(first->refresh_token));
  ASSERT_TRUE(receiver.WaitForCount(3));
  PostJson(*emu, "/_sandbox/deliveries/flush");

  std::multiset<std::string> types;
  for (const auto& r : receiver.Received()) {
    types.insert(r.Header("X-Revento-Event"));
    EXPECT_TRUE(client::webhooks::VerifySignature("whsec_sandbox_quickstart", r.Header("X-Revento-Timestamp"),
                                                  r.Header("X-Revento-Signature"), r.body, RealNow()))
        << r.body;
    if (r.Header("X-Revento-Event") == "installation.revoked") {
      json body = json::parse(r.body);
      EXPECT_EQ(body["data"]["integration_id"], "int_quickstart");
      EXPECT_EQ(body["data"]["reason"], "refresh token reuse");
      EXPECT_EQ(body["event_id"], "evt_abc123");
    }
  }
  EXPECT_EQ(types, (std::multiset<std::string>{"participant.registered", "event.published", "installation.revoked"}));
  // Once revoked, nothing more is delivered.
  auto after = PostJson(*emu, "/_sandbox/events/evt_abc123/cancel");
  EXPECT_TRUE(after["delivery_ids"].empty()) << after.dump();
}

}  // namespace
}  // namespace revento::testing
