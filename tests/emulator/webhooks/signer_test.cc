// The emulator's signer.
#include "emulator/webhooks/signer.h"

#include <gtest/gtest.h>


namespace revento::emulator::webhooks {
namespace {

TEST(SignerTest, IsHexHmacSha256OfTimestampDotBody) {
  // python3: hmac.new(b'whsec_test', b'1795773600.' + body, hashlib.sha256).hexdigest()
  EXPECT_EQ(SignatureHeader("whsec_test", 1795773600, "{\"name\":\"Zoë 🎉\"}"),
            "sha256=3635b6cca0a2c8047b172bda3732bb42ffa8875f9609e3260dd6628e1e6bb268");
  EXPECT_EQ(SignatureHeader("whsec_test", 1795773600, "{}"),
            "sha256=3b70d6304782ce170e5c3f0db6e43f3232da18e8b6a318d50e30f94871f40858");
}

}  // namespace
}  // namespace revento::emulator::webhooks
