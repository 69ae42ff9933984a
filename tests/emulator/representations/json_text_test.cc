// The hot-path JSON text equals nlohmann's dump of the same value, so the
// Read API and webhooks send one representation.
#include "emulator/representations/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/representations/representations.h"
#include "emulator/clock.h"
#include "emulator/fixtures/fixtures.h"

namespace revento::emulator {
namespace {

std::string Dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

const std::vector<std::string>& OddStrings() {
  static const std::vector<std::string> kStrings{"",
                                                 "plain",
                                                 "Zoë Dijkstra",
                                                 "quote \" backslash \\ slash /",
                                                 "\b\f\n\r\t",
                                                 std::string("nul \0 byte", 10),
                                                 "\x01\x1f\x7f",
                                                 "emoji \xF0\x9F\x8E\x89",
                                                 "日本語",
                                                 "<script>alert(1)</script>",
                                                 "\u2028\u2029"};
  return kStrings;
}

TEST(JsonTextTest, StringsEscapeLikeNlohmann) {
  for (const auto& s : OddStrings()) {
    std::string out;
    AppendJsonString(out, s);
    EXPECT_EQ(out, Dump(nlohmann::json(s))) << s;
  }
}

TEST(JsonTextTest, InvalidUtf8BecomesReplacementCharacters) {
  std::string out;
  AppendJsonString(out,
                   "a\xff"
                   "b\xc3");
  EXPECT_EQ(out,
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"");
  EXPECT_FALSE(nlohmann::json::parse(out, nullptr, false).is_discarded());
}

TEST(JsonTextTest, TimesMatchIsoTimestampFromUnix) {
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{1795773600}, int64_t{4102444799}, int64_t{253402300799},
                    int64_t{-1}, int64_t{-86401}, int64_t{-62135596800},
                    // the first and last second of four-digit years, and either side
                    int64_t{-30610224000}, int64_t{-30610224001}, int64_t{253402300800}}) {
    std::string out;
    AppendJsonTime(out, t);
    EXPECT_EQ(out, "\"" + IsoTimestampFromUnix(t) + "\"") << t;
  }
  for (int64_t t = 946684800; t < 4102444800; t += 86400 * 7 + 3671) {
    std::string out;
    AppendJsonTime(out, t);
    ASSERT_EQ(out, "\"" + IsoTimestampFromUnix(t) + "\"") << t;
  }
}

TEST(JsonTextTest, RepresentationsEqualTheirNlohmannForm) {
  Fixtures f = DefaultFixtures();
  for (const auto& e : f.events) {
    std::string out;
    AppendEventJson(out, e);
    EXPECT_EQ(out, Dump(EventJson(e)));
    EXPECT_EQ(nlohmann::json::parse(out)["object"], "event");
  }
  for (auto p : f.participants) {
    for (const auto& odd : OddStrings()) {
      p.first_name = odd;
      p.checked_in_at = p.registered_at + 60;
      std::string out;
      AppendParticipantJson(out, p);
      EXPECT_EQ(out, Dump(ParticipantJson(p)));
    }
  }
  for (const auto& a : f.applications) {
    std::string out;
    AppendApplicationJson(out, a);
    EXPECT_EQ(out, Dump(ApplicationJson(a)));
  }
  CheckIn c{1, "chk_1", "evt_abc123", "par_001", 1797000000, "manual"};
  std::string out;
  AppendCheckInJson(out, c);
  EXPECT_EQ(out, Dump(CheckInJson(c)));
  EXPECT_EQ(CheckInJson(c)["checked_in_at"], "2026-12-11T14:40:00Z");
}

}  // namespace
}  // namespace revento::emulator
