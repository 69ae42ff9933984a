// `revento webhooks send` signs like Revento: a receiver verifying by the
// quickstart's rules accepts it; a wrong secret does not verify.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "client/webhooks/signature_verifier.h"
#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TEST(WebhooksSendCommandTest, RejectsDataThatIsNotAnObject) {
  WebhookReceiver receiver;
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"webhooks", "send", "--url", receiver.url(), "--secret", "whsec_x", "--data", "[1]"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(receiver.Count(), 0u);
}

TEST(WebhooksSendCommandTest, FailsOnANon2xxAnswer) {
  WebhookReceiver receiver;
  receiver.SetDefault({401, "Bad signature", {}, false});
  auto r =
      RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", receiver.url(), "--secret", "whsec_x", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["status"], 401);
}

// Without --json: one line for people, like `revento deliveries tail` prints an attempt.
TEST(WebhooksSendCommandTest, PrintsOneLineUnlessJsonIsAsked) {
  WebhookReceiver receiver;
  receiver.SetDefault({401, "Bad\nsignature", {}, false});
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", receiver.url(), "--secret", "whsec_x",
                                              "--delivery-id", "dlv_t2", "--variant", "wrong-secret"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.starts_with("[401] " + receiver.url() + "  dlv_t2  wrong-secret  ")) << r.out;
  EXPECT_TRUE(r.out.ends_with(" ms  Bad signature\n")) << r.out;
  auto json = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", receiver.url(), "--secret", "whsec_x",
                                                 "--delivery-id", "dlv_t3", "--json"});
  auto outcome = nlohmann::json::parse(json.out);
  EXPECT_EQ(outcome["delivery_id"], "dlv_t3");
  EXPECT_EQ(outcome["variant"], "valid");
  EXPECT_EQ(outcome["response"], "Bad\nsignature");
}

TEST(WebhooksSendCommandTest, SendsASignedEnvelopeThatVerifies) {
  WebhookReceiver receiver;
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"webhooks", "send", "--url", receiver.url(), "--secret", "whsec_x", "--type",
                       "participant.registered", "--data", R"({"first_name":"Zoë"})", "--delivery-id", "dlv_t1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(receiver.Count(), 1u);
  auto got = receiver.Received()[0];
  EXPECT_EQ(got.Header("X-Revento-Event"), "participant.registered");
  EXPECT_EQ(got.Header("X-Revento-Delivery-Id"), "dlv_t1");
  auto body = nlohmann::json::parse(got.body);
  EXPECT_EQ(body["type"], "participant.registered");
  EXPECT_EQ(body["data"]["first_name"], "Zoë");
  EXPECT_TRUE(got.body.starts_with("{\"id\":"));
  EXPECT_TRUE(client::webhooks::VerifySignature("whsec_x", got.Header("X-Revento-Timestamp"),
                                                got.Header("X-Revento-Signature"), got.body, Now()));
  EXPECT_FALSE(client::webhooks::VerifySignature("whsec_y", got.Header("X-Revento-Timestamp"),
                                                 got.Header("X-Revento-Signature"), got.body, Now()));
}

}  // namespace
}  // namespace revento::testing
