#include "emulator/clock.h"

#include <gtest/gtest.h>

#include "tests/support/fake_clock.h"

namespace revento::emulator {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;

TEST(SandboxClockTest, FollowsTheBaseClockWhenUntouched) {
  FakeClock base;
  SandboxClock clock(base);
  EXPECT_EQ(clock.Now(), base.Now());
  base.Advance(milliseconds(1500));
  EXPECT_EQ(clock.Now(), base.Now());
  EXPECT_FALSE(clock.Read().frozen);
}

TEST(SandboxClockTest, AdvanceAddsAnOffsetThatKeepsRunning) {
  FakeClock base;
  SandboxClock clock(base);
  clock.Advance(milliseconds(3'601'000));
  EXPECT_EQ(clock.Now(), base.Now() + milliseconds(3'601'000));
  base.Advance(milliseconds(1000));
  EXPECT_EQ(clock.Now(), base.Now() + milliseconds(3'601'000));
  EXPECT_EQ(clock.Read().offset, milliseconds(3'601'000));
}

TEST(SandboxClockTest, FreezeStopsTimeAndAdvanceStillMovesIt) {
  FakeClock base;
  SandboxClock clock(base);
  clock.Freeze();
  TimePoint frozen = clock.Now();
  base.Advance(milliseconds(60'000));
  EXPECT_EQ(clock.Now(), frozen);
  clock.Advance(milliseconds(5000));
  EXPECT_EQ(clock.Now(), frozen + milliseconds(5000));
  EXPECT_TRUE(clock.Read().frozen);
}

TEST(SandboxClockTest, ResumeRunsOnFromTheFrozenInstant) {
  FakeClock base;
  SandboxClock clock(base);
  clock.Freeze();
  TimePoint frozen = clock.Now();
  base.Advance(milliseconds(10'000));
  clock.Resume();
  EXPECT_EQ(clock.Now(), frozen);
  base.Advance(milliseconds(2000));
  EXPECT_EQ(clock.Now(), frozen + milliseconds(2000));
}

// The base clock runs at nanosecond precision, a fraction of a second past a
// whole second: "set 09:00:00" must still read 09:00:00, not 08:59:59.
TEST(SandboxClockTest, SetReadsExactlyThatSecondWhateverTheBaseFraction) {
  FakeClock base(FromUnixSeconds(1795773600) + std::chrono::nanoseconds(700'123'456));
  SandboxClock clock(base);
  clock.Set(FromUnixSeconds(1796115600));
  EXPECT_EQ(IsoTimestamp(clock.Now()), "2026-12-01T09:00:00Z");
  EXPECT_EQ(clock.Now(), FromUnixSeconds(1796115600));
}

TEST(SandboxClockTest, ResumeAfterAFreezeReadsTheFrozenSecond) {
  FakeClock base(FromUnixSeconds(1795773600) + std::chrono::nanoseconds(300'000'789));
  SandboxClock clock(base);
  clock.Freeze();
  clock.Set(FromUnixSeconds(1796115600));
  base.Advance(milliseconds(1234));
  base.Set(base.Now() + std::chrono::nanoseconds(77));
  clock.Resume();
  EXPECT_EQ(IsoTimestamp(clock.Now()), "2026-12-01T09:00:00Z");
}

TEST(SandboxClockTest, SetJumpsBothRunningAndFrozen) {
  FakeClock base;
  SandboxClock clock(base);
  clock.Set(FromUnixSeconds(2'000'000'000));
  EXPECT_EQ(UnixSeconds(clock.Now()), 2'000'000'000);
  clock.Freeze();
  clock.Set(FromUnixSeconds(1'000'000'000));
  EXPECT_EQ(UnixSeconds(clock.Now()), 1'000'000'000);
}

TEST(SandboxClockTest, ResetReturnsToRealTime) {
  FakeClock base;
  SandboxClock clock(base);
  clock.Advance(milliseconds(99'000));
  clock.Freeze();
  clock.Reset();
  EXPECT_EQ(clock.Now(), base.Now());
  EXPECT_FALSE(clock.Read().frozen);
}

TEST(SandboxClockTest, ListenersHearEveryChange) {
  FakeClock base;
  SandboxClock clock(base);
  int calls = 0;
  clock.AddListener([&] { ++calls; });
  clock.Advance(milliseconds(1));
  clock.Set(base.Now());
  clock.Freeze();
  clock.Resume();
  clock.Reset();
  EXPECT_EQ(calls, 5);
}

TEST(ClockFormatTest, IsoTimestampIsUtcSeconds) {
  EXPECT_EQ(IsoTimestampFromUnix(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoTimestampFromUnix(1795773600), "2026-11-27T10:00:00Z");
}

TEST(ParseIsoTimestampTest, RefusesFieldsOutOfRangeInsteadOfRollingThemOver) {
  int64_t out = -1;
  for (const char* bad : {"2026-02-31T00:00:00Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                          "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-27T24:00:00Z",
                          "2026-11-27T10:60:00Z", "2026-11-27T10:00:60Z", "2026-11-27T10:00:00",
                          "2026-11-27 10:00:00Z", "2026-1-27T10:00:00Z ", "+026-11-27T10:00:00Z",
                          "2026-11-27T1a:00:00Z", ""}) {
    EXPECT_FALSE(ParseIsoTimestamp(bad, &out)) << bad;
  }
  EXPECT_EQ(out, -1);
}

TEST(ParseIsoTimestampTest, ReadsValidInstantsIncludingLeapDays) {
  int64_t out = 0;
  ASSERT_TRUE(ParseIsoTimestamp("2026-11-27T10:00:00Z", &out));
  EXPECT_EQ(out, 1795773600);
  ASSERT_TRUE(ParseIsoTimestamp("2028-02-29T23:59:59Z", &out));
  EXPECT_EQ(IsoTimestampFromUnix(out), "2028-02-29T23:59:59Z");
  ASSERT_TRUE(ParseIsoTimestamp("2000-02-29T00:00:00Z", &out));
  EXPECT_FALSE(ParseIsoTimestamp("2100-02-29T00:00:00Z", &out));
  ASSERT_TRUE(ParseIsoTimestamp("1970-01-01T00:00:00Z", &out));
  EXPECT_EQ(out, 0);
}

TEST(ParseHttpDateTest, ReadsTheImfFixdateStrictly) {
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Fri, 27 Nov 2026 10:00:00 GMT"), 1795773600);
  for (const char* bad : {"Mon, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
                          "Sun, 6 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                          "Sun Nov  6 08:49:37 1994", "Tue, 31 Feb 2026 10:00:00 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
                          "120", ""}) {
    EXPECT_FALSE(ParseHttpDate(bad)) << bad;
  }
}

}  // namespace
}  // namespace revento::emulator
