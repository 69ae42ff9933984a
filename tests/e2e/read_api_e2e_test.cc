// The real revento-emulator binary serving the Read API: --participants 1000
// and a walk over every page. The token is put into the data directory
// while the emulator is stopped, the way /oauth/token stores one (digest
// only); nothing in the product is bypassed.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "emulator/ids.h"
#include "emulator/store/database.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

constexpr const char* kToken = "rev_install_e2e_walk_token";

// Inserts an installation on evt_abc123 and an access token valid for an
// hour from `now` into DIR/sandbox.db.
void InsertToken(const std::string& dir, int64_t now) {
  auto db = emulator::Database::Open(dir + "/sandbox.db");
  ASSERT_TRUE(db) << db.error().message;
  auto lock = (*db)->Lock();
  (*db)
      ->Prepare(
          "INSERT INTO installations(id, integration_id, event_id, organization_id, scope, created_at) "
          "VALUES ('ins_e2e', 'int_quickstart', 'evt_abc123', 'org_xyz789', "
          "'event.read participants.read', ?)")
      .Bind(1, now)
      .Run();
  (*db)
      ->Prepare(
          "INSERT INTO access_tokens(token_hash, installation_id, scope, created_at, expires_at) "
          "VALUES (?, 'ins_e2e', 'event.read participants.read', ?, ?)")
      .Bind(1, emulator::Sha256Hex(kToken))
      .Bind(2, now)
      .Bind(3, now + 3600)
      .Run();
}

TEST(ReadApiE2E, WalksEveryPageOfAThousandSyntheticParticipants) {
  std::string dir = "/tmp/revento-api-e2e-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  int64_t now = 0;
  {
    auto emulator = EmulatorProcess::Start({"--data-dir", dir, "--participants", "1000"});
    ASSERT_TRUE(emulator);
    auto clock = emulator->Client()->Get("/_sandbox/clock");
    ASSERT_TRUE(clock);
    now = nlohmann::json::parse(clock->body)["unix"].get<int64_t>();
    ASSERT_EQ(emulator->Stop(SIGTERM), 0);
    EXPECT_NE(emulator->Stderr().find("loaded 1000 synthetic participants into evt_abc123"), std::string::npos)
        << emulator->Stderr();
  }
  InsertToken(dir, now);

  auto emulator = EmulatorProcess::Start({"--data-dir", dir});
  ASSERT_TRUE(emulator);
  auto client = emulator->Client();
  httplib::Headers headers{{"Authorization", std::string("Bearer ") + kToken},
                           {"Accept", "application/vnd.revento.v1+json"}};

  for (int limit : {100, 25, 7}) {
    std::vector<std::string> ids;
    std::string cursor;
    int pages = 0;
    while (true) {
      std::string url = "/api/v1/events/evt_abc123/participants?limit=" + std::to_string(limit);
      if (!cursor.empty()) url += "&cursor=" + cursor;
      auto res = client->Get(url, headers);
      ASSERT_TRUE(res);
      ASSERT_EQ(res->status, 200) << url << ": " << res->body;
      auto body = nlohmann::json::parse(res->body);
      ++pages;
      for (const auto& p : body["data"]) ids.push_back(p["id"].get<std::string>());
      if (body["next_cursor"].is_null()) break;
      ASSERT_EQ(body["data"].size(), static_cast<size_t>(limit));
      cursor = body["next_cursor"].get<std::string>();
    }
    SCOPED_TRACE("limit " + std::to_string(limit));
    EXPECT_EQ(ids.size(), 1030u);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1030u);
    EXPECT_EQ(pages, (1030 + limit - 1) / limit);
    EXPECT_EQ(ids.front(), "par_001");
    EXPECT_EQ(ids.back(), "par_syn_0001000");
  }
  auto one = client->Get("/api/v1/events/evt_abc123/participants/par_syn_0000500", headers);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200) << one->body;
  EXPECT_EQ(nlohmann::json::parse(one->body)["event_id"], "evt_abc123");

  EXPECT_EQ(emulator->Stop(SIGTERM), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace revento::testing
