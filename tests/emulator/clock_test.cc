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

}  // namespace
}  // namespace revento::emulator
