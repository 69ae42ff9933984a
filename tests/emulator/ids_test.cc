#include "emulator/ids.h"

#include <gtest/gtest.h>

#include <set>

#include "emulator/log.h"

namespace revento::emulator {
namespace {

TEST(RandomIdSourceTest, PrefixedUrlSafeAndUnique) {
  RandomIdSource ids;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = ids.NewId("rev_install_", 20);
    ASSERT_TRUE(id.starts_with("rev_install_"));
    EXPECT_EQ(id.size(), std::string("rev_install_").size() + 32);  // 160 bits in base32
    EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567", 12), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Sha256HexTest, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ConstantTimeEqualsTest, ComparesWholeValues) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(RedactTest, MasksEveryCredentialShape) {
  EXPECT_EQ(Redact("token rev_install_abc123 and rev_refresh_x-y_z."),
            "token rev_install_[redacted] and rev_refresh_[redacted].");
  EXPECT_EQ(Redact("secret=rev_secret_sandbox_quickstart&x=1"), "secret=rev_secret_[redacted]&x=1");
  EXPECT_EQ(Redact("whsec_sandbox_quickstart"), "whsec_[redacted]");
  EXPECT_EQ(Redact("nothing secret here"), "nothing secret here");
}

}  // namespace
}  // namespace revento::emulator
