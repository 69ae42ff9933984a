// The reference client's webhook verifier, by the quickstart's rules.
#include "client/webhooks/signature_verifier.h"

#include <gtest/gtest.h>

namespace revento::client::webhooks {
namespace {

constexpr int64_t kNow = 1795773600;
const std::string kBody = "{\"name\":\"Zoë 🎉\"}";
// python3: hmac.new(b'whsec_test', b'1795773600.' + body.encode(), hashlib.sha256).hexdigest()
const std::string kSignature = "sha256=3635b6cca0a2c8047b172bda3732bb42ffa8875f9609e3260dd6628e1e6bb268";

TEST(SignatureVerifierTest, RejectsAStaleTimestampEitherWay) {
  std::string old_sig = ComputeSignature("whsec_test", std::to_string(kNow - 301), kBody);
  EXPECT_FALSE(VerifySignature("whsec_test", std::to_string(kNow - 301), old_sig, kBody, kNow));
  std::string future_sig = ComputeSignature("whsec_test", std::to_string(kNow + 301), kBody);
  EXPECT_FALSE(VerifySignature("whsec_test", std::to_string(kNow + 301), future_sig, kBody, kNow));
}

TEST(SignatureVerifierTest, RejectsAMissingOrMalformedTimestamp) {
  EXPECT_FALSE(VerifySignature("whsec_test", "", kSignature, kBody, kNow));
  EXPECT_FALSE(VerifySignature("whsec_test", "17957736OO", kSignature, kBody, kNow));
  EXPECT_FALSE(VerifySignature("whsec_test", "1795773600.5", kSignature, kBody, kNow));
  // Correctly signed over the malformed timestamp: only the digits-only rule
  // refuses these.
  for (std::string ts : {"1795773600.5", "+1795773600", " 1795773600", "1795773600 ", "1.7957736e9"}) {
    EXPECT_FALSE(VerifySignature("whsec_test", ts, ComputeSignature("whsec_test", ts, kBody), kBody, kNow)) << ts;
  }
}

TEST(SignatureVerifierTest, RejectsAWrongSignature) {
  EXPECT_FALSE(VerifySignature("whsec_other", "1795773600", kSignature, kBody, kNow));
  EXPECT_FALSE(VerifySignature("whsec_test", "1795773600", kSignature.substr(7), kBody, kNow));
  EXPECT_FALSE(VerifySignature("whsec_test", "1795773600", kSignature + "0", kBody, kNow));
  EXPECT_FALSE(VerifySignature("whsec_test", "1795773600", "", kBody, kNow));
  EXPECT_FALSE(VerifySignature("whsec_test", "1795773601", kSignature, kBody, kNow));
  EXPECT_FALSE(VerifySignature("whsec_test", "1795773600", kSignature, "{\"name\":\"Zoe 🎉\"}", kNow));
}

TEST(SignatureVerifierTest, AcceptsTheQuickstartSchemeOverRawUtf8Bytes) {
  EXPECT_EQ(ComputeSignature("whsec_test", "1795773600", kBody), kSignature);
  EXPECT_TRUE(VerifySignature("whsec_test", "1795773600", kSignature, kBody, kNow));
  EXPECT_TRUE(VerifySignature("whsec_test", "1795773600", kSignature, kBody, kNow + 300));
  EXPECT_TRUE(VerifySignature("whsec_test", "1795773600", kSignature, kBody, kNow - 300));
}

}  // namespace
}  // namespace revento::client::webhooks
