#include "emulator/ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

// The random part of an id back to its bytes (the inverse of NewId's base32).
std::vector<unsigned char> RandomBytesOf(const std::string& id, size_t prefix_size, size_t random_bytes) {
  static const std::string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  std::vector<unsigned char> out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = prefix_size; i < id.size() && out.size() < random_bytes; ++i) {
    acc = (acc << 5) | static_cast<uint32_t>(alphabet.find(id[i]));
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<unsigned char>(acc >> (bits - 8)));
      bits -= 8;
    }
  }
  return out;
}

// True if `b`, laid against `a` at some shift, matches it over an overlap
// of at least `min_run` bytes: what handing a stretch of the block out twice
// (whole, or shifted by a few bytes) leaves in two ids.
bool SharesAStretch(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b, long min_run) {
  const long na = static_cast<long>(a.size()), nb = static_cast<long>(b.size());
  for (long shift = -nb + 1; shift < na; ++shift) {
    long from = std::max(0L, shift), to = std::min(na, shift + nb);
    if (to - from < min_run) continue;
    if (std::equal(a.begin() + from, a.begin() + to, b.begin() + (from - shift))) return true;
  }
  return false;
}

// Ids are drawn from blocks of RAND_bytes: every byte must be handed out
// once. Each id is laid against the three before it at every shift; of truly
// random bytes, an overlap of 5 bytes or more matches by chance about once
// in 4e7 runs of this test. The sizes (12 and 20, the emulator's, and 7)
// divide no block, so ids straddle refills too.
TEST(RandomIdSourceTest, NoByteIsHandedOutTwice) {
  RandomIdSource ids;
  std::vector<std::vector<unsigned char>> drawn;
  for (int i = 0; i < 4000; ++i) {
    size_t n = i % 3 == 0 ? 12 : i % 3 == 1 ? 20 : 7;
    std::string id = ids.NewId("req_", n);
    std::vector<unsigned char> bytes = RandomBytesOf(id, 4, n);
    ASSERT_EQ(bytes.size(), n) << id;
    for (size_t back = 1; back <= 3 && back <= drawn.size(); ++back) {
      ASSERT_FALSE(SharesAStretch(drawn[drawn.size() - back], bytes, 5))
          << "id " << i << " repeats bytes of the id " << back << " before it";
    }
    drawn.push_back(std::move(bytes));
  }
}

TEST(RandomIdSourceTest, ConsecutiveIdsNeverShareTheirRandomPart) {
  RandomIdSource ids;
  std::string previous = ids.NewId("rev_code_", 20);
  for (int i = 0; i < 2000; ++i) {
    std::string id = ids.NewId("rev_code_", 20);
    ASSERT_NE(id.substr(9), previous.substr(9));
    previous = id;
  }
}

TEST(RandomIdSourceTest, IdsLongerThanABlockAndEmptyOnes) {
  RandomIdSource ids;
  std::string big = ids.NewId("x_", RandomIdSource::kBlockBytes + 100);
  EXPECT_EQ(big.size(), 2 + ((RandomIdSource::kBlockBytes + 100) * 8 + 4) / 5);
  EXPECT_EQ(big.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567", 2), std::string::npos);
  EXPECT_EQ(ids.NewId("only_", 0), "only_");
  std::string exact = ids.NewId("b_", RandomIdSource::kBlockBytes);
  EXPECT_EQ(exact.size(), 2 + (RandomIdSource::kBlockBytes * 8 + 4) / 5);
  EXPECT_NE(ids.NewId("b_", RandomIdSource::kBlockBytes), exact);
}

// The source is shared by every server thread: ids drawn at once from
// eight threads are all distinct, across threads as within each.
TEST(RandomIdSourceTest, DistinctAcrossThreads) {
  RandomIdSource ids;
  constexpr int kThreads = 8, kEach = 2000;
  std::vector<std::vector<std::string>> drawn(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&ids, &drawn, t] {
      for (int i = 0; i < kEach; ++i) drawn[static_cast<size_t>(t)].push_back(ids.NewId("req_", 12));
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> all;
  for (const auto& each : drawn) {
    for (const auto& id : each) {
      EXPECT_EQ(id.size(), 4u + 20u);  // 96 bits in base32: 20 characters
      all.insert(id);
    }
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
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
