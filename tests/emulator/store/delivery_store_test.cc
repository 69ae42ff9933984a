// The delivery log repository: claiming, requeueing after a restart and
// recording attempts.
#include "emulator/store/delivery_store.h"

#include <gtest/gtest.h>

#include "emulator/store/integrations.h"
#include "emulator/store/schema.h"

namespace revento::emulator {
namespace {

class DeliveryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(*Database::Open(":memory:"));
    lock_ = db_->Lock();
    ASSERT_TRUE(ApplySchema(*db_));
    Integration i;
    i.id = "int_1";
    i.name = "App";
    i.client_id = "rev_client_1";
    i.client_secret = "rev_secret_1";
    i.webhook_url = "http://127.0.0.1:1/hook";
    i.webhook_secret = "whsec_1";
    Integrations(*db_).Insert(i);
  }
  void Add(const std::string& id, int64_t due, const std::string& status = "pending") {
    Delivery d;
    d.id = id;
    d.integration_id = "int_1";
    d.type = "event.updated";
    d.event_id = "evt_1";
    d.organization_id = "org_1";
    d.webhook_url = "http://127.0.0.1:1/hook";
    d.payload = "{}";
    d.status = status;
    d.next_attempt_at = due;
    d.created_at = due;
    DeliveryStore(*db_).Insert(d);
  }
  std::unique_ptr<Database> db_;
  std::unique_lock<std::mutex> lock_;
};

TEST_F(DeliveryStoreTest, ClaimDueMarksEveryClaimedDeliveryInFlight) {
  for (int i = 0; i < 5; ++i) Add("dlv_" + std::to_string(i), 100 + i);
  Add("dlv_later", 200);
  DeliveryStore store(*db_);
  auto ids = store.ClaimDue(150, 100);
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids.front(), "dlv_0");
  for (const auto& id : ids) EXPECT_EQ(store.Find(id)->status, "in_flight") << id;
  EXPECT_EQ(store.Find("dlv_later")->status, "pending");
  EXPECT_TRUE(store.ClaimDue(150, 100).empty()) << "claimed deliveries must not be claimed twice";
  EXPECT_EQ(store.NextDueAt(), 200);
}

TEST_F(DeliveryStoreTest, ClaimDueRespectsTheLimit) {
  for (int i = 0; i < 5; ++i) Add("dlv_" + std::to_string(i), 100);
  DeliveryStore store(*db_);
  EXPECT_EQ(store.ClaimDue(100, 2).size(), 2u);
  EXPECT_EQ(store.ClaimDue(100, 10).size(), 3u);
}

TEST_F(DeliveryStoreTest, RequeueInFlightAfterARestart) {
  Add("dlv_a", 100, "in_flight");
  Add("dlv_b", 100, "succeeded");
  DeliveryStore store(*db_);
  EXPECT_EQ(store.RequeueInFlight(), 1);
  EXPECT_EQ(store.Find("dlv_a")->status, "pending");
  EXPECT_EQ(store.Find("dlv_b")->status, "succeeded");
}

TEST_F(DeliveryStoreTest, RecordAttemptOnlyForInFlightDeliveries) {
  Add("dlv_a", 100);
  DeliveryStore store(*db_);
  DeliveryAttempt attempt{1, 100, 1795773600, 500, 3, "boom", "HTTP 500"};
  EXPECT_FALSE(store.RecordAttempt("dlv_a", attempt, "pending", 105, std::nullopt));
  EXPECT_FALSE(store.RecordAttempt("dlv_gone", attempt, "pending", 105, std::nullopt));
  store.ClaimDue(100, 10);
  ASSERT_TRUE(store.LoadInFlight("dlv_a"));
  EXPECT_EQ(store.LoadInFlight("dlv_a")->secret, "whsec_1");
  EXPECT_TRUE(store.RecordAttempt("dlv_a", attempt, "pending", 105, std::nullopt));
  auto d = store.Find("dlv_a");
  EXPECT_EQ(d->status, "pending");
  EXPECT_EQ(d->attempt_count, 1);
  EXPECT_EQ(d->next_attempt_at, 105);
  auto attempts = store.Attempts("dlv_a");
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].status_code, 500);
  EXPECT_EQ(attempts[0].response_excerpt, "boom");
  EXPECT_FALSE(store.LoadInFlight("dlv_a"));
}

// A failure part way through a claim (here a trigger refusing one row, as a
// full disk would) leaves no delivery claimed: the claim is one transaction.
TEST_F(DeliveryStoreTest, ClaimDueClaimsAllOrNothing) {
  for (int i = 0; i < 5; ++i) Add("dlv_" + std::to_string(i), 100 + i);
  ASSERT_TRUE(
      db_->Exec("CREATE TEMP TRIGGER refuse_claim BEFORE UPDATE OF status ON deliveries WHEN OLD.id = 'dlv_3' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
  DeliveryStore store(*db_);
  EXPECT_THROW(store.ClaimDue(150, 100), StoreError);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(store.Find("dlv_" + std::to_string(i))->status, "pending") << i;
  ASSERT_TRUE(db_->Exec("DROP TRIGGER refuse_claim"));
  EXPECT_EQ(store.ClaimDue(150, 100).size(), 5u) << "the refused claim must leave no transaction open";
}

// An attempt whose log row cannot be written leaves the delivery as it was
// (in flight, no attempt counted): the status change and the attempt row
// commit together.
TEST_F(DeliveryStoreTest, RecordAttemptWritesStatusAndAttemptTogether) {
  Add("dlv_a", 100);
  DeliveryStore store(*db_);
  ASSERT_EQ(store.ClaimDue(100, 10).size(), 1u);
  ASSERT_TRUE(
      db_->Exec("CREATE TEMP TRIGGER refuse_attempt BEFORE INSERT ON delivery_attempts "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
  DeliveryAttempt attempt{1, 100, 1795773600, 500, 3, "boom", "HTTP 500"};
  EXPECT_THROW(store.RecordAttempt("dlv_a", attempt, "pending", 105, std::nullopt), StoreError);
  auto d = store.Find("dlv_a");
  EXPECT_EQ(d->status, "in_flight");
  EXPECT_EQ(d->attempt_count, 0);
  EXPECT_TRUE(store.Attempts("dlv_a").empty());
  ASSERT_TRUE(db_->Exec("DROP TRIGGER refuse_attempt"));
  EXPECT_TRUE(store.RecordAttempt("dlv_a", attempt, "pending", 105, std::nullopt));
  EXPECT_EQ(store.Find("dlv_a")->attempt_count, 1);
}

// Claims come back oldest due first (then in insertion order), whatever
// order the rows were written in.
TEST_F(DeliveryStoreTest, ClaimDueAnswersOldestDueFirst) {
  Add("dlv_c", 103);
  Add("dlv_a", 101);
  Add("dlv_b1", 102);
  Add("dlv_b2", 102);
  EXPECT_EQ(DeliveryStore(*db_).ClaimDue(150, 100), (std::vector<std::string>{"dlv_a", "dlv_b1", "dlv_b2", "dlv_c"}));
}

}  // namespace
}  // namespace revento::emulator
