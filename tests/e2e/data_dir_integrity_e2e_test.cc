// A --data-dir holds together or the emulator says which row does not, with
// the real binary (issue 20, point 1): an import that would break it is
// refused and changes nothing; a directory broken behind the emulator's back
// is exit 2 naming the row and the fix, never an abort; --import of a good
// export mends it.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "emulator/store/database.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

using nlohmann::json;

class DataDirIntegrityE2E : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::remove_all(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_ = "/tmp/revento-e2e-integrity-" + std::to_string(getpid());
};

TEST_F(DataDirIntegrityE2E, AnImportThatWouldBreakTheDirectoryIsRefusedAndItStillStarts) {
  {
    auto emulator = EmulatorProcess::Start({"--data-dir", dir_});
    ASSERT_TRUE(emulator);
    auto client = emulator->Client();
    json state = json::parse(client->Get("/_sandbox/state")->body);
    state["integrations"][0]["scopes"] = R"(["event.read", 1])";
    auto res = client->Put("/_sandbox/state", state.dump(), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_NE(res->body.find("scopes[1]: must be a string"), std::string::npos) << res->body;
    EXPECT_EQ(client->Get("/_sandbox/integrations")->status, 200);
    EXPECT_EQ(client->Get("/_sandbox/console")->status, 200);
    EXPECT_EQ(emulator->Stop(SIGTERM), 0);
  }
  auto again = EmulatorProcess::Start({"--data-dir", dir_});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->Stop(SIGTERM), 0);
}

TEST_F(DataDirIntegrityE2E, ABrokenRowIsExitTwoNamingTheRowAndTheFixAndAGoodImportMendsIt) {
  std::string good = dir_ + "-good.json";
  {
    auto emulator = EmulatorProcess::Start({"--data-dir", dir_});
    ASSERT_TRUE(emulator);
    std::ofstream(good) << emulator->Client()->Get("/_sandbox/state")->body;
    EXPECT_EQ(emulator->Stop(SIGTERM), 0);
  }
  {
    auto db = emulator::Database::Open(dir_ + "/sandbox.db");
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Exec(R"(UPDATE integrations SET scopes = '["event.read", 1]')"));
  }
  auto r = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--data-dir", dir_});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("integrations row \"int_"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("scopes[1]: must be a string. Fix: start once with --import FILE"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;

  auto mended = EmulatorProcess::Start({"--data-dir", dir_, "--import", good});
  ASSERT_TRUE(mended);
  EXPECT_EQ(mended->Client()->Get("/_sandbox/console")->status, 200);
  EXPECT_EQ(mended->Stop(SIGTERM), 0);
  auto after = EmulatorProcess::Start({"--data-dir", dir_});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->Stop(SIGTERM), 0);
  std::filesystem::remove(good);
}

}  // namespace
}  // namespace revento::testing
