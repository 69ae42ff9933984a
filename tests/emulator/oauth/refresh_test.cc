// Refresh rotation, reuse detection (family revocation) under concurrency,
// and scope narrowing.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

class RefreshTest : public ::testing::Test {
 protected:
  httplib::Result Refresh(const std::string& token, const Params& extra = {}) {
    return PostForm(*client_, "/oauth/token", RefreshBody(token, extra));
  }
  bool AccessTokenRevoked(const std::string& token) {
    auto lock = emu_.emulator().db().Lock();
    auto& s = emu_.emulator().db().Prepare("SELECT revoked_at IS NOT NULL FROM access_tokens WHERE token_hash = ?");
    s.Bind(1, emulator::Sha256Hex(token));
    bool revoked = s.Step() && s.Int(0) == 1;
    s.Reset();
    return revoked;
  }

  InProcessEmulator emu_{AutoConsent()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);
};

TEST_F(RefreshTest, EachRefreshRotatesTheRefreshToken) {
  auto tokens = Dance(*client_);
  std::string refresh = tokens["refresh_token"];
  for (int i = 0; i < 3; ++i) {
    auto res = Refresh(refresh);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
    auto next = Json(res);
    EXPECT_NE(next["refresh_token"], refresh);
    EXPECT_NE(next["access_token"], tokens["access_token"]);
    EXPECT_EQ(next["event_id"], "evt_abc123");
    EXPECT_EQ(next["organization_id"], "org_xyz789");
    EXPECT_EQ(next["expires_in"], 3600);
    EXPECT_EQ(next["token_type"], "Bearer");
    refresh = next["refresh_token"];
  }
  EXPECT_EQ(Installations(*client_)[0]["revoked"], false);
}

TEST_F(RefreshTest, RefreshWorksAfterTheAccessTokenExpired) {
  auto tokens = Dance(*client_);
  emu_.base_clock().Advance(std::chrono::seconds(3601));
  EXPECT_EQ(Refresh(tokens["refresh_token"])->status, 200);
}

TEST_F(RefreshTest, ReuseOfARetiredTokenRevokesTheWholeFamilyNewestIncluded) {
  auto first = Dance(*client_);
  auto second = Json(Refresh(first["refresh_token"]));
  auto third = Json(Refresh(second["refresh_token"]));
  ASSERT_TRUE(third.contains("refresh_token"));
  // Present the retired first refresh token again.
  auto reuse = Refresh(first["refresh_token"]);
  ASSERT_TRUE(reuse);
  EXPECT_EQ(reuse->status, 400);
  EXPECT_EQ(Json(reuse)["error"], "invalid_grant");
  // The newest refresh token is dead too.
  auto newest = Refresh(third["refresh_token"]);
  EXPECT_EQ(newest->status, 400);
  EXPECT_EQ(Json(newest)["error"], "invalid_grant");
  EXPECT_NE(Json(newest)["error_description"].get<std::string>().find("refresh token reuse"), std::string::npos);
  // And every access token, newest included.
  EXPECT_TRUE(AccessTokenRevoked(first["access_token"]));
  EXPECT_TRUE(AccessTokenRevoked(third["access_token"]));
  auto installations = Installations(*client_);
  ASSERT_EQ(installations.size(), 1u);
  EXPECT_EQ(installations[0]["revoked"], true);
  EXPECT_EQ(installations[0]["revoked_reason"], "refresh token reuse");
  EXPECT_TRUE(installations[0]["revoked_at"].is_string());
  EXPECT_EQ(installations[0]["refresh_tokens"], 3);
  // installation.revoked was enqueued with the revocation.
  auto revoked = RevokedDeliveries(*client_);
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].first, installations[0]["id"]);
  EXPECT_EQ(revoked[0].second, "refresh token reuse");
}

TEST_F(RefreshTest, ReuseInOneFamilyLeavesOtherFamiliesAlone) {
  auto a = Dance(*client_);
  auto b = Dance(*client_);
  Refresh(a["refresh_token"]);
  Refresh(a["refresh_token"]);
  EXPECT_EQ(Refresh(b["refresh_token"])->status, 200);
  auto installations = Installations(*client_);
  EXPECT_EQ(installations[0]["revoked"], true);
  EXPECT_EQ(installations[1]["revoked"], false);
}

TEST_F(RefreshTest, UnknownRefreshTokenIsInvalidGrant) {
  EXPECT_EQ(Json(Refresh("rev_refresh_nope"))["error"], "invalid_grant");
}

TEST_F(RefreshTest, ScopeMayNarrowButNeverWiden) {
  auto tokens = Dance(*client_);  // event.read participants.read
  auto wider = Refresh(tokens["refresh_token"], {{"scope", "event.read participants.read applications.read"}});
  EXPECT_EQ(wider->status, 400);
  EXPECT_EQ(Json(wider)["error"], "invalid_scope");
  auto unknown = Refresh(tokens["refresh_token"], {{"scope", "event.write"}});
  EXPECT_EQ(Json(unknown)["error"], "invalid_scope");
  // Refused requests did not consume the token.
  auto narrow = Refresh(tokens["refresh_token"], {{"scope", "event.read"}});
  ASSERT_EQ(narrow->status, 200) << narrow->body;
  EXPECT_EQ(Json(narrow)["scope"], "event.read");
  // The new refresh token keeps the original grant (RFC 6749 6), no more.
  auto back = Refresh(Json(narrow)["refresh_token"], {{"scope", "participants.read event.read"}});
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(Json(back)["scope"], "event.read participants.read");
  auto same = Refresh(Json(back)["refresh_token"]);
  EXPECT_EQ(Json(same)["scope"], "event.read participants.read");
  auto widen = Refresh(Json(same)["refresh_token"], {{"scope", "attendance.read"}});
  EXPECT_EQ(Json(widen)["error"], "invalid_scope");
}

TEST_F(RefreshTest, AnotherClientsRefreshTokenIsInvalidGrant) {
  auto tokens = Dance(*client_);
  {
    auto lock = emu_.emulator().db().Lock();
    ASSERT_TRUE(emu_.emulator()
                    .db()
                    .Exec("INSERT INTO integrations(id, name, client_id, client_secret, redirect_uris, scopes, "
                          "webhook_events, created_at) VALUES ('int_other', 'Other', 'rev_client_other', "
                          "'rev_secret_other', '[]', '[\"event.read\"]', '[]', 0)")
                    .has_value());
  }
  auto res = PostForm(*client_, "/oauth/token",
                      Encode({{"grant_type", "refresh_token"},
                              {"refresh_token", tokens["refresh_token"].get<std::string>()},
                              {"client_id", "rev_client_other"},
                              {"client_secret", "rev_secret_other"}}));
  EXPECT_EQ(Json(res)["error"], "invalid_grant");
  // Not reuse: the owner's token still works.
  EXPECT_EQ(Refresh(tokens["refresh_token"])->status, 200);
}

TEST_F(RefreshTest, SixtyFourConcurrentRefreshesOfOneTokenGiveOneWinnerAndRevokeTheFamily) {
  auto tokens = Dance(*client_);
  std::string refresh = tokens["refresh_token"];
  constexpr int kThreads = 64;
  std::latch start(kThreads);
  std::atomic<int> ok{0}, invalid_grant{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      auto client = RawClient(emu_);
      std::string body = RefreshBody(refresh);
      start.arrive_and_wait();
      auto res = PostForm(*client, "/oauth/token", body);
      if (res && res->status == 200) {
        ++ok;
      } else if (res && res->status == 400 && Json(res)["error"] == "invalid_grant") {
        ++invalid_grant;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(invalid_grant.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  auto installations = Installations(*client_);
  ASSERT_EQ(installations.size(), 1u);
  EXPECT_EQ(installations[0]["revoked"], true);
  EXPECT_EQ(installations[0]["revoked_reason"], "refresh token reuse");
  EXPECT_EQ(RevokedDeliveries(*client_).size(), 1u);
}

TEST_F(RefreshTest, ConcurrentRefreshesOfDifferentFamiliesNeverInterfere) {
  constexpr int kFamilies = 16, kRounds = 10;
  std::vector<std::string> refresh_tokens;
  for (int i = 0; i < kFamilies; ++i) refresh_tokens.push_back(Dance(*client_)["refresh_token"]);
  std::latch start(kFamilies);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kFamilies; ++i) {
    threads.emplace_back([&, i] {
      auto client = RawClient(emu_);
      std::string token = refresh_tokens[i];
      start.arrive_and_wait();
      for (int r = 0; r < kRounds; ++r) {
        auto res = PostForm(*client, "/oauth/token", RefreshBody(token));
        if (!res || res->status != 200) {
          ++failures;
          return;
        }
        token = Json(res)["refresh_token"];
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  for (const auto& installation : Installations(*client_)) {
    EXPECT_EQ(installation["revoked"], false);
    EXPECT_EQ(installation["refresh_tokens"], kRounds + 1);
  }
}

}  // namespace
}  // namespace revento::testing::oauth
