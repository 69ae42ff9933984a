// ParseOptions (emulator/options.h): refusals first, each with the one-line
// reason main() prints before exiting 2; then the values it accepts.
#include "emulator/options.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

namespace revento::emulator {
namespace {

std::variant<Options, HelpRequested, Error> Parse(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"revento-emulator"};
  for (const auto& a : args) argv.push_back(a.c_str());
  return ParseOptions(static_cast<int>(argv.size()), argv.data());
}

TEST(OptionsTest, WebhookTimeoutRefusesZeroNegativeTooLongAndNonNumbers) {
  for (const char* value : {"0", "-1", "-0.2", "0.04", "301", "300.5", "abc", "nan", "inf", ""}) {
    auto parsed = Parse({"--webhook-timeout", value});
    ASSERT_TRUE(std::holds_alternative<Error>(parsed)) << value;
    const std::string& message = std::get<Error>(parsed).message;
    EXPECT_NE(message.find("--webhook-timeout"), std::string::npos) << value << ": " << message;
  }
  EXPECT_EQ(std::get<Error>(Parse({"--webhook-timeout", "0"})).message,
            "--webhook-timeout: Value 0 not in range 0.05 to 300 (seconds; fractions allowed, e.g. 0.2)");
  EXPECT_EQ(std::get<Error>(Parse({"--webhook-timeout", "-1"})).message,
            "--webhook-timeout: Value -1 not in range 0.05 to 300 (seconds; fractions allowed, e.g. 0.2)");
  EXPECT_EQ(std::get<Error>(Parse({"--webhook-timeout", "abc"})).message,
            "--webhook-timeout: Value abc is not a number of seconds (e.g. 10 or 0.2)");
}

TEST(OptionsTest, WebhookTimeoutTakesWholeAndFractionalSeconds) {
  struct Case {
    const char* value;
    std::chrono::milliseconds expected;
  };
  for (const Case& c : {Case{"0.2", std::chrono::milliseconds(200)}, Case{"10", std::chrono::milliseconds(10'000)},
                        Case{"0.05", std::chrono::milliseconds(50)}, Case{"300", std::chrono::milliseconds(300'000)},
                        Case{"1.5", std::chrono::milliseconds(1'500)}}) {
    auto parsed = Parse({"--webhook-timeout", c.value});
    ASSERT_TRUE(std::holds_alternative<Options>(parsed)) << c.value << ": " << std::get<Error>(parsed).message;
    EXPECT_EQ(std::get<Options>(parsed).webhook_timeout, c.expected) << c.value;
  }
  auto defaults = Parse({});
  ASSERT_TRUE(std::holds_alternative<Options>(defaults));
  EXPECT_EQ(std::get<Options>(defaults).webhook_timeout, std::chrono::seconds(10));
}

}  // namespace
}  // namespace revento::emulator
