// `revento check connect` and `revento check all` as commands: usage errors
// exit 2 with one line (an unknown --lang too), an emulator that cannot be read exits 1 saying so,
// and the c3b rule (bits of a state by its length and alphabet). The grading
// of real apps is tests/client/check/check_connect.mjs (ctest check.connect).
#include <gtest/gtest.h>

#include "client/check/connect_checks.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

TEST(CheckConnectCommandTest, UsageErrorsExit2WithOneLine) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"check", "connect"},
           {"check", "connect", "--app", "localhost:3000"},
           {"check", "connect", "--app", "http://localhost:3000/connect"},
           {"check", "connect", "--app", "http://localhost:3000", "--connect-path", "connect"},
           {"check", "connect", "--app", "http://localhost:3000", "--refresh-path", "participants"},
           {"check", "connect", "--app", "http://localhost:3000", "--emulator", "localhost:8787"},
           {"check", "connect", "--app", "http://localhost:3000", "--lang", "rust"},
           {"check", "webhooks", "--to", "http://localhost:3000/w", "--secret", "s", "--lang", "java"},
           {"check", "all", "--app", "http://localhost:3000"},
           {"check", "all", "--app", "http://localhost:3000", "--secret", ""},
           {"check", "all", "--app", "http://localhost:3000", "--secret", "s", "--to", "localhost:3000/webhooks"}}) {
    auto r = RunCommand(REVENTO_CLIENT_BINARY, args);
    EXPECT_EQ(r.exit_code, 2) << args.back();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(CheckConnectCommandTest, AnEmulatorThatDoesNotAnswerExits1NamingIt) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"check", "connect", "--app", "http://127.0.0.1:1", "--emulator", "http://127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/_sandbox/requests"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--emulator"), std::string::npos) << r.err;
}

TEST(CheckConnectCommandTest, AnEmulatorWithoutAJournalExits1SayingWhy) {
  auto emulator = EmulatorProcess::Start({"--journal-size", "0"});
  ASSERT_TRUE(emulator);
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"check", "connect", "--app", "http://127.0.0.1:1", "--emulator", emulator->base_url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--journal-size 0"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CheckConnectCommandTest, AnUnreachableAppFailsEveryCheckNamingTheApp) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"check", "connect", "--app", "http://127.0.0.1:1", "--emulator", emulator->base_url()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(r.out.ends_with("\n0 passed, 13 failed, 3 skipped (pass --refresh-path PATH, a route of your app that "
                              "calls the Read API)\n"))
      << r.out;
  EXPECT_NE(r.out.find("check that the app is running at http://127.0.0.1:1"), std::string::npos) << r.out;
}

TEST(CheckConnectStateRuleTest, BitsByLengthAndAlphabet) {
  using client::check::StateBits;
  EXPECT_LT(StateBits(""), 128);
  EXPECT_LT(StateBits("demo-state-123"), 128);                        // 14 characters: 84
  EXPECT_LT(StateBits(std::string(31, 'a')), 128);                    // hex only: 124
  EXPECT_GE(StateBits(std::string(32, 'f')), 128);                    // hex only: 128
  EXPECT_LT(StateBits("abcdefghijklmnopqrstu"), 128);                 // 21 base64url characters: 126
  EXPECT_GE(StateBits("abcdefghijklmnopqrstuv"), 128);                // 22: 132
  EXPECT_GE(StateBits("3f9c1a2b-7d4e-4f60-9a8b-0c1d2e3f4a5b"), 128);  // a UUID passes by length (docs/check.md)
}

}  // namespace
}  // namespace revento::testing
