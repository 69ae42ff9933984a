// The runner checks webhook timestamps against the injected clock, never the
// machine's: a delivery signed 300 s ago passes, 301 s ago or ahead fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/scenarios/adapters.h"
#include "tests/client/client_mocks.h"

namespace revento::client::scenarios {
namespace {

using ::testing::Return;

constexpr int64_t kNow = 1796893200;  // 2026-12-10T09:00:00Z: not the machine's time

TEST(SignatureAdapterTest, RefusesATimestampMoreThan300SecondsFromTheInjectedClock) {
  testing::MockClock clock;
  EXPECT_CALL(clock, Now()).WillRepeatedly(Return(testing::AtUnix(kNow)));
  SignatureAdapter signatures(clock);
  const std::string body = R"({"id":"whe_1"})";
  for (int64_t skew : {-301, 301}) {
    SCOPED_TRACE(skew);
    std::string timestamp = std::to_string(kNow + skew);
    EXPECT_FALSE(signatures.Verify("whsec_test", timestamp, SignatureAdapter::Sign("whsec_test", timestamp, body), body));
  }
  for (int64_t skew : {-300, 0, 300}) {
    SCOPED_TRACE(skew);
    std::string timestamp = std::to_string(kNow + skew);
    EXPECT_TRUE(signatures.Verify("whsec_test", timestamp, SignatureAdapter::Sign("whsec_test", timestamp, body), body));
  }
  EXPECT_EQ(signatures.NowUnix(), kNow);
}

}  // namespace
}  // namespace revento::client::scenarios
