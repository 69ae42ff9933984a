// --export-on-exit and --import with the real binary: a state written on
// SIGTERM comes back exactly in a second emulator; a bad file is exit 2
// naming the field.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

using nlohmann::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(StateE2E, ExportOnExitThenImportGivesTheSameState) {
  std::string path = "/tmp/revento-state-e2e-" + std::to_string(getpid()) + ".json";
  std::filesystem::remove(path);
  auto first = EmulatorProcess::Start({"--export-on-exit", path});
  ASSERT_TRUE(first);
  auto client = first->Client();
  ASSERT_EQ(client->Post("/_sandbox/events/evt_abc123/publish", "{}", "application/json")->status, 200);
  ASSERT_EQ(client->Post("/_sandbox/clock", R"({"set": "2027-01-01T00:00:00Z"})", "application/json")->status, 200);
  ASSERT_EQ(client->Post("/_sandbox/clock", R"({"freeze": true})", "application/json")->status, 200);
  std::string live = client->Get("/_sandbox/state")->body;
  json frozen_clock = json::parse(client->Get("/_sandbox/clock")->body);
  ASSERT_EQ(first->Stop(SIGTERM), 0);
  json written = json::parse(ReadFile(path));
  EXPECT_EQ(written, json::parse(live));
  EXPECT_EQ(written["events"][0]["status"], "published");

  auto second = EmulatorProcess::Start({"--import", path});
  ASSERT_TRUE(second);
  EXPECT_EQ(json::parse(second->Client()->Get("/_sandbox/state")->body), written);
  EXPECT_EQ(json::parse(second->Client()->Get("/_sandbox/clock")->body), frozen_clock);
  second->Stop(SIGTERM);
  std::filesystem::remove(path);
}

TEST(StateE2E, ABadImportFileExitsTwoNamingTheField) {
  std::string path = "/tmp/revento-state-bad-" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << R"({"format": "revento-sandbox-state", "schema_version": 0})";
  auto r = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--import", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--import " + path + ": schema_version: this build reads"), std::string::npos) << r.err;
  std::ofstream(path) << "{\"format\": ";
  r = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--import", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Malformed JSON at byte"), std::string::npos) << r.err;
  std::filesystem::remove(path);
  r = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--import", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read the file"), std::string::npos) << r.err;
}

// /dev/zero never ends and a directory has no bytes: both are refused before
// anything is read (they were an out-of-memory abort and a terminate()).
TEST(StateE2E, AnImportPathThatIsNotARegularFileIsRefusedAtOnce) {
  auto r = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--import", "/dev/zero"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--import /dev/zero: is not a regular file (a device, pipe or socket); pass a state export"),
            std::string::npos)
      << r.err;
  std::string dir = ::testing::TempDir();
  r = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--import", dir});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--import " + dir + ": is a directory; pass a state export"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace revento::testing
