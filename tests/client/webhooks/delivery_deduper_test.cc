// DeliveryDeduper: once per delivery id, bounded, atomic under threads.
#include "client/webhooks/delivery_deduper.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace revento::client::webhooks {
namespace {

TEST(DeliveryDeduperTest, ARepeatIsNotTheFirstTime) {
  DeliveryDeduper deduper;
  EXPECT_TRUE(deduper.FirstTime("dlv_1"));
  EXPECT_FALSE(deduper.FirstTime("dlv_1"));
  EXPECT_FALSE(deduper.FirstTime("dlv_1"));
  EXPECT_TRUE(deduper.FirstTime("dlv_2"));
}

TEST(DeliveryDeduperTest, AnEmptyIdIsNeverRemembered) {
  DeliveryDeduper deduper;
  EXPECT_TRUE(deduper.FirstTime(""));
  EXPECT_TRUE(deduper.FirstTime(""));
  EXPECT_EQ(deduper.size(), 0u);
}

TEST(DeliveryDeduperTest, ForgetLetsTheRetryThrough) {
  DeliveryDeduper deduper;
  EXPECT_TRUE(deduper.FirstTime("dlv_1"));
  deduper.Forget("dlv_1");
  EXPECT_TRUE(deduper.FirstTime("dlv_1"));
  EXPECT_FALSE(deduper.FirstTime("dlv_1"));
}

TEST(DeliveryDeduperTest, MemoryIsBoundedOldestForgottenFirst) {
  DeliveryDeduper deduper(3);
  for (std::string id : {"a", "b", "c", "d"}) EXPECT_TRUE(deduper.FirstTime(id));
  EXPECT_EQ(deduper.size(), 3u);
  EXPECT_TRUE(deduper.FirstTime("a"));  // evicted, so new again (and evicts b)
  EXPECT_FALSE(deduper.FirstTime("d"));
  EXPECT_FALSE(deduper.FirstTime("c"));
  for (int i = 0; i < 10000; ++i) {
    deduper.FirstTime("x" + std::to_string(i));
    if (i % 3 == 0) deduper.Forget("x" + std::to_string(i));
  }
  EXPECT_LE(deduper.size(), 3u);
}

TEST(DeliveryDeduperTest, ConcurrentCallersWithOneIdGetExactlyOneFirst) {
  DeliveryDeduper deduper;
  for (int round = 0; round < 20; ++round) {
    std::atomic<int> firsts{0};
    std::vector<std::thread> threads;
    std::string id = "dlv_" + std::to_string(round);
    for (int t = 0; t < 16; ++t) {
      threads.emplace_back([&] {
        if (deduper.FirstTime(id)) ++firsts;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(firsts.load(), 1);
  }
}

}  // namespace
}  // namespace revento::client::webhooks
