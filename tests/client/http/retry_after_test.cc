// Retry-After in both forms of RFC 9110: delta-seconds and an HTTP-date.
#include "client/http/retry_after.h"

#include <gtest/gtest.h>

namespace revento::client::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint kNow{seconds(1795773600)};  // Fri, 27 Nov 2026 10:00:00 GMT

TEST(RetryAfterTest, DeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter("120", kNow), milliseconds(120'000));
  EXPECT_EQ(ParseRetryAfter("0", kNow), milliseconds(0));
  for (const char* bad : {"", "-5", "+5", "1.5", " 5", "5 ", "soon"}) EXPECT_FALSE(ParseRetryAfter(bad, kNow)) << bad;
}

TEST(RetryAfterTest, AnHttpDateIsTheWaitUntilThen) {
  EXPECT_EQ(ParseRetryAfter("Fri, 27 Nov 2026 10:10:00 GMT", kNow), milliseconds(600'000));
  EXPECT_EQ(ParseRetryAfter("Fri, 27 Nov 2026 09:00:00 GMT", kNow), milliseconds(0));
}

TEST(RetryAfterTest, HttpDatesAreReadStrictly) {
  EXPECT_EQ(ParseImfFixdate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseImfFixdate("Thu, 29 Feb 2024 00:00:00 GMT"), 1709164800);
  for (const char* bad : {"Mon, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
                          "Sun, 6 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                          "Sat, 31 Feb 2026 10:00:00 GMT", "Thu, 29 Feb 2026 00:00:00 GMT",
                          "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Xyz 1994 08:49:37 GMT"}) {
    EXPECT_FALSE(ParseImfFixdate(bad)) << bad;
  }
}

}  // namespace
}  // namespace revento::client::http
