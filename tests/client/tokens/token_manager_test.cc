// TokenManager with the transport and the clock mocked.
#include "client/tokens/token_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "client/oauth/form_encoding.h"
#include "tests/client/client_mocks.h"

namespace revento::client {
namespace {

using ::testing::_;
using testing::Answer;
using testing::AtUnix;
using testing::MockClock;
using testing::MockTransport;
using ::testing::NiceMock;
using ::testing::Return;
using testing::TokenJson;

constexpr int64_t kIssuedAt = 1795773600;

class TokenManagerTest : public ::testing::Test {
 protected:
  TokenManagerTest()
      : transport_(std::make_shared<MockTransport>()),
        client_(TokenClientOptions{"http://127.0.0.1:8787", "rev_client_quickstart", "secret"}, transport_),
        manager_(client_, store_, key_, clock_) {}

  void StoreInitialTokens() {
    StoredTokens t;
    t.key = key_;
    t.client_secret = "secret";
    t.access_token = "rev_install_0";
    t.refresh_token = "rev_refresh_0";
    t.expires_at = kIssuedAt + 3600;
    ASSERT_TRUE(store_.Save(t));
  }

  void ClockAt(int64_t unix) { ON_CALL(clock_, Now()).WillByDefault(Return(AtUnix(unix))); }

  InstallationKey key_{"http://127.0.0.1:8787", "rev_client_quickstart", "evt_abc123"};
  std::shared_ptr<MockTransport> transport_;
  NiceMock<MockClock> clock_;
  MemoryTokenStore store_;
  TokenClient client_;
  TokenManager manager_;
};

TEST_F(TokenManagerTest, WithoutStoredTokensSaysToConnect) {
  ClockAt(kIssuedAt);
  EXPECT_CALL(*transport_, Send(_)).Times(0);
  auto token = manager_.AccessToken();
  ASSERT_FALSE(token);
  EXPECT_NE(token.error().message.find("revento connect"), std::string::npos);
}

TEST_F(TokenManagerTest, InvalidGrantIsReconsentNeededAndNeverRetried) {
  StoreInitialTokens();
  ClockAt(kIssuedAt + 3600);
  EXPECT_CALL(*transport_, Send(_))
      .WillOnce(Return(Answer(400, R"({"error":"invalid_grant","error_description":"The family is revoked."})")));
  for (int i = 0; i < 3; ++i) {
    auto token = manager_.AccessToken();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, kReconsentNeeded);
    EXPECT_NE(token.error().message.find("revento connect"), std::string::npos);
  }
  EXPECT_EQ(manager_.AccessTokenAfterExpiry("rev_install_0").error().code, kReconsentNeeded);
}

TEST_F(TokenManagerTest, AnotherRefreshFailureIsReturnedAndMayBeRetried) {
  StoreInitialTokens();
  ClockAt(kIssuedAt + 3600);
  EXPECT_CALL(*transport_, Send(_))
      .WillOnce(Return(Answer(503, R"({"error":"temporarily_unavailable"})")))
      .WillOnce(Return(Answer(200, TokenJson("rev_install_1", "rev_refresh_1"))));
  auto first = manager_.AccessToken();
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().status, 503);
  auto second = manager_.AccessToken();
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(*second, "rev_install_1");
}

TEST_F(TokenManagerTest, RefreshesSixtySecondsAheadOfExpiryOnTheInjectedClock) {
  StoreInitialTokens();
  EXPECT_CALL(*transport_, Send(_)).WillOnce([](const http::Request& r) {
    EXPECT_EQ(DecodeQueryOf("?" + r.body)["refresh_token"], "rev_refresh_0");
    return Answer(200, TokenJson("rev_install_1", "rev_refresh_1"));
  });
  ClockAt(kIssuedAt + 3600 - 61);
  EXPECT_EQ(*manager_.AccessToken(), "rev_install_0");
  ClockAt(kIssuedAt + 3600 - 60);
  EXPECT_EQ(*manager_.AccessToken(), "rev_install_1");
  // The rotated pair is stored, with its expiry on the injected clock.
  auto stored = store_.Load(key_);
  EXPECT_EQ((*stored)->refresh_token, "rev_refresh_1");
  EXPECT_EQ((*stored)->expires_at, kIssuedAt + 3600 - 60 + 3600);
  EXPECT_EQ(*manager_.AccessToken(), "rev_install_1");
}

TEST_F(TokenManagerTest, A401RefreshesOnceAndLaterRejectionsOfTheOldTokenReuseIt) {
  StoreInitialTokens();
  ClockAt(kIssuedAt);
  EXPECT_CALL(*transport_, Send(_)).WillOnce(Return(Answer(200, TokenJson("rev_install_1", "rev_refresh_1"))));
  EXPECT_EQ(*manager_.AccessTokenAfterExpiry("rev_install_0"), "rev_install_1");
  EXPECT_EQ(*manager_.AccessTokenAfterExpiry("rev_install_0"), "rev_install_1");
}

TEST_F(TokenManagerTest, TakesTokensAnotherProcessRotatedInsteadOfReusingTheOldRefreshToken) {
  StoreInitialTokens();
  ClockAt(kIssuedAt);
  ASSERT_EQ(*manager_.AccessToken(), "rev_install_0");
  auto rotated = *store_.Load(key_);
  rotated->access_token = "rev_install_other";
  rotated->refresh_token = "rev_refresh_other";
  rotated->expires_at = kIssuedAt + 7200;
  ASSERT_TRUE(store_.Save(*rotated));
  EXPECT_CALL(*transport_, Send(_)).Times(0);
  EXPECT_EQ(*manager_.AccessTokenAfterExpiry("rev_install_0"), "rev_install_other");
}

TEST_F(TokenManagerTest, SixtyFourThreadsAtExpiryCauseOneRefresh) {
  StoreInitialTokens();
  ClockAt(kIssuedAt + 3600);
  std::atomic<int> refreshes{0};
  EXPECT_CALL(*transport_, Send(_)).WillRepeatedly([&](const http::Request&) {
    ++refreshes;
    std::this_thread::yield();
    return Answer(200, TokenJson("rev_install_1", "rev_refresh_1"));
  });
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&] {
      if (auto t = manager_.AccessToken(); t && *t == "rev_install_1") ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(refreshes.load(), 1);
  EXPECT_EQ(ok.load(), 64);
}

TEST_F(TokenManagerTest, RefreshCanNarrowTheScope) {
  StoreInitialTokens();
  ClockAt(kIssuedAt);
  EXPECT_CALL(*transport_, Send(_)).WillOnce([](const http::Request& r) {
    EXPECT_EQ(DecodeQueryOf("?" + r.body)["scope"], "event.read");
    return Answer(200, TokenJson("rev_install_1", "rev_refresh_1", "event.read"));
  });
  EXPECT_EQ(*manager_.Refresh("event.read"), "rev_install_1");
  EXPECT_EQ(manager_.Current()->scope, "event.read");
}

TEST_F(TokenManagerTest, RevokeRevokesTheRefreshTokenAndForgetsTheInstallation) {
  StoreInitialTokens();
  ClockAt(kIssuedAt);
  EXPECT_CALL(*transport_, Send(_)).WillOnce([](const http::Request& r) {
    EXPECT_TRUE(r.url.ends_with("/oauth/revoke"));
    EXPECT_EQ(DecodeQueryOf("?" + r.body)["token"], "rev_refresh_0");
    return Answer(200, "");
  });
  ASSERT_TRUE(manager_.Revoke());
  EXPECT_FALSE(store_.Load(key_)->has_value());
}

}  // namespace
}  // namespace revento::client
