// WebhookVerifier: a typed reason for every refusal, checked in a fixed
// order, on an injected clock.
#include <gtest/gtest.h>

#include "client/webhooks/signature_verifier.h"

namespace revento::client::webhooks {
namespace {

constexpr int64_t kNow = 1795773600;
const std::string kSecret = "whsec_test";
const std::string kBody = "{\"name\":\"Zoë 🎉\"}";

class WebhookVerifierTest : public ::testing::Test {
 protected:
  int64_t now_ = kNow;
  WebhookVerifier verifier_{kSecret, [this] { return now_; }};

  std::optional<Refusal> Refused(std::optional<std::string_view> ts, std::optional<std::string_view> sig,
                                 std::string_view body = kBody) {
    auto r = verifier_.Verify(ts, sig, body);
    if (r) return std::nullopt;
    EXPECT_FALSE(r.error().message.empty());
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    return r.error().reason;
  }
  std::string Sign(int64_t ts, std::string_view body = kBody, std::string_view secret = kSecret) {
    return ComputeSignature(secret, std::to_string(ts), body);
  }
};

TEST_F(WebhookVerifierTest, MissingOrEmptyTimestampHeader) {
  EXPECT_EQ(Refused(std::nullopt, Sign(kNow)), Refusal::kMissingTimestamp);
  EXPECT_EQ(Refused("", Sign(kNow)), Refusal::kMissingTimestamp);
}

TEST_F(WebhookVerifierTest, NonNumericTimestamp) {
  for (std::string_view ts :
       {"17957736OO", "1795773600.5", "-1795773600", " 1795773600", "1e9", "99999999999999999999999"}) {
    EXPECT_EQ(Refused(ts, Sign(kNow)), Refusal::kNonNumericTimestamp) << ts;
  }
}

TEST_F(WebhookVerifierTest, MissingOrEmptySignatureHeader) {
  EXPECT_EQ(Refused("1795773600", std::nullopt), Refusal::kMissingSignature);
  EXPECT_EQ(Refused("1795773600", ""), Refusal::kMissingSignature);
}

TEST_F(WebhookVerifierTest, MalformedSignature) {
  std::string good = Sign(kNow);
  std::string upper = good;
  for (size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  for (const std::string& sig :
       {good.substr(7), "SHA256=" + good.substr(7), "sha1=" + good.substr(7), upper, good.substr(0, good.size() - 1),
        good + "0", good.substr(0, 70) + "g", " " + good, std::string("sha256=")}) {
    EXPECT_EQ(Refused("1795773600", sig), Refusal::kMalformedSignature) << sig;
  }
}

TEST_F(WebhookVerifierTest, StaleAndFutureTimestampsBeyondTheTolerance) {
  EXPECT_EQ(Refused(std::to_string(kNow - 301), Sign(kNow - 301)), Refusal::kStaleTimestamp);
  EXPECT_EQ(Refused(std::to_string(kNow + 301), Sign(kNow + 301)), Refusal::kFutureTimestamp);
  EXPECT_EQ(Refused("0", Sign(0)), Refusal::kStaleTimestamp);
}

TEST_F(WebhookVerifierTest, Mismatch) {
  std::string good = Sign(kNow);
  std::string one_digit = good;
  one_digit.back() = one_digit.back() == '0' ? '1' : '0';
  EXPECT_EQ(Refused("1795773600", one_digit), Refusal::kMismatch);
  EXPECT_EQ(Refused("1795773600", Sign(kNow, kBody, "whsec_other")), Refusal::kMismatch);
  EXPECT_EQ(Refused("1795773601", good), Refusal::kMismatch);
  EXPECT_EQ(Refused("1795773600", good, "{\"name\":\"Zoe 🎉\"}"), Refusal::kMismatch);
  EXPECT_EQ(Refused("1795773600", good, "{\"name\": \"Zoë 🎉\"}"), Refusal::kMismatch);
}

TEST_F(WebhookVerifierTest, AcceptsWithinTheToleranceOnTheInjectedClock) {
  EXPECT_EQ(Refused("1795773600", Sign(kNow)), std::nullopt);
  now_ = kNow + 300;
  EXPECT_EQ(Refused("1795773600", Sign(kNow)), std::nullopt);
  now_ = kNow - 300;
  EXPECT_EQ(Refused("1795773600", Sign(kNow)), std::nullopt);
  now_ = kNow + 301;
  EXPECT_EQ(Refused("1795773600", Sign(kNow)), Refusal::kStaleTimestamp);
}

TEST_F(WebhookVerifierTest, ReportsTheFirstProblemInOrder) {
  EXPECT_EQ(Refused(std::nullopt, std::nullopt), Refusal::kMissingTimestamp);
  EXPECT_EQ(Refused("1795773000", "sha256=bad"), Refusal::kMalformedSignature);
}

TEST(RefusalNameTest, EveryReasonHasAStableName) {
  EXPECT_EQ(RefusalName(Refusal::kMissingTimestamp), "missing_timestamp");
  EXPECT_EQ(RefusalName(Refusal::kNonNumericTimestamp), "non_numeric_timestamp");
  EXPECT_EQ(RefusalName(Refusal::kMissingSignature), "missing_signature");
  EXPECT_EQ(RefusalName(Refusal::kMalformedSignature), "malformed_signature");
  EXPECT_EQ(RefusalName(Refusal::kStaleTimestamp), "stale_timestamp");
  EXPECT_EQ(RefusalName(Refusal::kFutureTimestamp), "future_timestamp");
  EXPECT_EQ(RefusalName(Refusal::kMismatch), "mismatch");
}

}  // namespace
}  // namespace revento::client::webhooks
