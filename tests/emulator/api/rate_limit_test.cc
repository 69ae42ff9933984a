// Per-token rate limiting on the sandbox clock: 429 rate_limited with
// Retry-After and the X-RateLimit headers. Time moves by the FakeClock only.
#include <gtest/gtest.h>

#include "tests/emulator/api/api_test_support.h"

namespace revento::testing {
namespace {

using std::chrono::milliseconds;

emulator::Options FiveAMinute() {
  emulator::Options options;
  options.rate_limit_per_minute = 5;
  return options;
}

class RateLimitTest : public ApiTest {
 protected:
  RateLimitTest() : ApiTest(FiveAMinute()) {}
  const std::string path_ = std::string("/api/v1/events/") + kEvent;
};

TEST_F(RateLimitTest, CountsDownThenRefusesWithRetryAfter) {
  auto minted = MintToken(emulator());
  // The FakeClock starts on a whole minute: the window ends 60 s later.
  std::string reset = std::to_string(emulator::UnixSeconds(emulator().clock().Now()) + 60);
  for (int i = 1; i <= 5; ++i) {
    auto res = Get(path_, minted.token);
    ASSERT_EQ(res->status, 200) << i;
    EXPECT_EQ(res->get_header_value("X-RateLimit-Limit"), "5");
    EXPECT_EQ(res->get_header_value("X-RateLimit-Remaining"), std::to_string(5 - i));
    EXPECT_EQ(res->get_header_value("X-RateLimit-Reset"), reset);
  }
  emu_.base_clock().Advance(milliseconds(20'000));
  auto refused = Get(path_, minted.token);
  ASSERT_NO_FATAL_FAILURE(ExpectError(refused, 429, "rate_limited"));
  EXPECT_EQ(refused->get_header_value("Retry-After"), "40");
  EXPECT_EQ(refused->get_header_value("X-RateLimit-Limit"), "5");
  EXPECT_EQ(refused->get_header_value("X-RateLimit-Remaining"), "0");
  EXPECT_EQ(refused->get_header_value("X-RateLimit-Reset"), reset);
}

TEST_F(RateLimitTest, NextWindowRestoresTheBudget) {
  auto minted = MintToken(emulator(), kEvent, kAllScopes, 100'000);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Get(path_, minted.token)->status, 200);
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(path_, minted.token), 429, "rate_limited"));
  emu_.base_clock().Advance(milliseconds(59'000));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(path_, minted.token), 429, "rate_limited"));
  emu_.base_clock().Advance(milliseconds(1'000));
  auto res = Get(path_, minted.token);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("X-RateLimit-Remaining"), "4");
}

TEST_F(RateLimitTest, AdvancingTheSandboxClockAlsoRestoresIt) {
  auto minted = MintToken(emulator(), kEvent, kAllScopes, 100'000);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Get(path_, minted.token)->status, 200);
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(path_, minted.token), 429, "rate_limited"));
  ASSERT_EQ(client_->Post("/_sandbox/clock", R"({"advance_seconds": 60})", "application/json")->status, 200);
  EXPECT_EQ(Get(path_, minted.token)->status, 200);
}

TEST_F(RateLimitTest, BudgetIsPerToken) {
  auto first = MintToken(emulator());
  auto second = MintToken(emulator());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Get(path_, first.token)->status, 200);
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(path_, first.token), 429, "rate_limited"));
  auto res = Get(path_, second.token);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("X-RateLimit-Remaining"), "4");
}

TEST_F(RateLimitTest, ErrorsAfterAuthenticationCountAndCarryTheHeaders) {
  auto minted = MintToken(emulator(), kEvent, "event.read");
  auto scope = Get(path_ + "/participants", minted.token);
  ASSERT_NO_FATAL_FAILURE(ExpectError(scope, 403, "insufficient_scope"));
  EXPECT_EQ(scope->get_header_value("X-RateLimit-Remaining"), "4");
  auto binding = Get(std::string("/api/v1/events/") + kOtherEvent, minted.token);
  ASSERT_NO_FATAL_FAILURE(ExpectError(binding, 403, "event_not_authorized"));
  EXPECT_EQ(binding->get_header_value("X-RateLimit-Remaining"), "3");
  auto accept = Get(path_, minted.token, {{"Accept", "application/vnd.revento.v2+json"}});
  ASSERT_NO_FATAL_FAILURE(ExpectError(accept, 406, "unsupported_version"));
  EXPECT_EQ(accept->get_header_value("X-RateLimit-Remaining"), "2");
}

TEST_F(RateLimitTest, UnauthenticatedRequestsAreNotCounted) {
  auto minted = MintToken(emulator());
  for (int i = 0; i < 20; ++i) ExpectError(Get(path_, "rev_install_unknown"), 401, "invalid_token");
  EXPECT_EQ(Get(path_, minted.token)->get_header_value("X-RateLimit-Remaining"), "4");
}

// With no --rate-limit, a token gets 6000 requests a minute (docs/api.md):
// a client that walks every list page by page is never throttled.
class DefaultRateLimitTest : public ApiTest {};

TEST_F(DefaultRateLimitTest, ATokenGets6000RequestsAMinute) {
  auto minted = MintToken(emulator());
  const std::string path = std::string("/api/v1/events/") + kEvent;
  for (int i = 1; i <= 300; ++i) {
    auto res = Get(path, minted.token);
    ASSERT_EQ(res->status, 200) << i;
    ASSERT_EQ(res->get_header_value("X-RateLimit-Remaining"), std::to_string(6000 - i));
  }
  EXPECT_EQ(Get(path, minted.token)->get_header_value("X-RateLimit-Limit"), "6000");
}

}  // namespace
}  // namespace revento::testing
