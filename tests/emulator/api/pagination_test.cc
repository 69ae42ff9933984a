// Keyset pagination: exactly-once walks under concurrent inserts, opaque and
// tamper-evident cursors bound to their list.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "emulator/api/cursor.h"
#include "emulator/store/sandbox_data.h"
#include "tests/emulator/api/api_test_support.h"

namespace revento::testing {
namespace {

using emulator::api::CursorCodec;
using emulator::api::CursorScope;

void InsertParticipant(emulator::Emulator& emulator, const std::string& id, const std::string& event_id = kEvent) {
  emulator::Participant p;
  p.id = id;
  p.event_id = event_id;
  p.first_name = "New";
  p.last_name = "Comer";
  p.email = id + "@example.com";
  p.ticket_type = "general";
  p.status = "registered";
  p.registered_at = p.updated_at = 1795773600;
  auto lock = emulator.db().Lock();
  emulator::SandboxData(emulator.db()).InsertParticipant(p);
}

class PaginationTest : public ApiTest {
 protected:
  std::string token_ = MintToken(emulator()).token;
  const std::string list_ = std::string("/api/v1/events/") + kEvent + "/participants";

  // Walks every page; calls `between` after each page.
  std::vector<std::string> Walk(const std::string& path, int limit, const std::function<void(int)>& between = {}) {
    std::vector<std::string> ids;
    std::string cursor;
    for (int page = 0; page < 100000; ++page) {
      std::string url = path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=" + std::to_string(limit);
      if (!cursor.empty()) url += "&cursor=" + cursor;
      auto res = Get(url, token_);
      if (!res || res->status != 200) {
        ADD_FAILURE() << url << " -> " << (res ? res->body : "no response");
        return ids;
      }
      auto body = Body(res);
      EXPECT_LE(body["data"].size(), static_cast<size_t>(limit));
      for (const auto& row : body["data"]) ids.push_back(row["id"].get<std::string>());
      if (between) between(page);
      if (body["next_cursor"].is_null()) return ids;
      cursor = body["next_cursor"].get<std::string>();
    }
    ADD_FAILURE() << "walk did not end";
    return ids;
  }

  std::string FirstCursor(const std::string& path) {
    auto res = Get(path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=2", token_);
    return Body(res)["next_cursor"].get<std::string>();
  }
};

TEST_F(PaginationTest, WalkReturnsEveryRecordOnceInOrder) {
  for (int limit : {1, 7, 25, 29, 30, 100}) {
    auto ids = Walk(list_, limit);
    ASSERT_EQ(ids.size(), 30u) << "limit " << limit;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 30u);
    EXPECT_EQ(ids.front(), "par_001");
    EXPECT_EQ(ids.back(), "par_030");
  }
}

TEST_F(PaginationTest, LastFullPageHasNullCursor) {
  auto body = Body(Get(list_ + "?limit=30", token_));
  EXPECT_EQ(body["data"].size(), 30u);
  EXPECT_TRUE(body["next_cursor"].is_null());
}

TEST_F(PaginationTest, RecordsAddedBetweenPagesAppearExactlyOnce) {
  std::vector<std::string> added;
  auto ids = Walk(list_, 4, [&](int page) {
    if (page >= 5) return;
    for (int i = 0; i < 3; ++i) {
      added.push_back("par_new_" + std::to_string(page) + "_" + std::to_string(i));
      InsertParticipant(emulator(), added.back());
    }
  });
  std::set<std::string> seen(ids.begin(), ids.end());
  EXPECT_EQ(seen.size(), ids.size()) << "a record came twice";
  EXPECT_EQ(ids.size(), 30u + added.size());
  for (const auto& id : added) EXPECT_TRUE(seen.contains(id)) << id;
}

// A writer thread inserts while the walk pages. The walk lets it go after
// every one of its first 20 pages and waits for its first insert, so inserts
// land between page fetches on every run, and the second insert of each turn
// races the next fetch.
TEST_F(PaginationTest, WalkUnderConcurrentInsertsSeesEachRecordOnce) {
  constexpr int kTurns = 20;
  std::mutex mutex;
  std::condition_variable cv;
  int allowed = 0, inserted = 0;
  bool walk_done = false;
  std::thread writer([&] {
    for (int i = 0;; ++i) {
      {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return walk_done || inserted < allowed; });
        if (inserted >= allowed) return;
      }
      InsertParticipant(emulator(), "par_conc_" + std::to_string(i));
      InsertParticipant(emulator(), "par_other_" + std::to_string(i), kOtherEvent);
      {
        std::lock_guard lock(mutex);
        ++inserted;
      }
      cv.notify_all();
    }
  });
  int inserted_during_walk = 0;
  auto ids = Walk(list_, 3, [&](int page) {
    if (page >= kTurns) return;
    std::unique_lock lock(mutex);
    allowed += 2;
    cv.notify_all();
    cv.wait(lock, [&] { return inserted >= allowed - 1; });
    inserted_during_walk = inserted;
  });
  {
    std::lock_guard lock(mutex);
    walk_done = true;
  }
  cv.notify_all();
  writer.join();
  ASSERT_GE(inserted_during_walk, 2 * kTurns - 1) << "the writer did not overlap the walk";
  std::set<std::string> seen(ids.begin(), ids.end());
  EXPECT_EQ(seen.size(), ids.size()) << "a record came twice";
  for (int i = 1; i <= 30; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "par_%03d", i);
    EXPECT_TRUE(seen.contains(id)) << id;
  }
  // Every record inserted before a later page was fetched is in the walk.
  for (int i = 0; i < kTurns; ++i) {
    EXPECT_TRUE(seen.contains("par_conc_" + std::to_string(2 * i))) << "par_conc_" << 2 * i;
  }
  for (const auto& id : ids) EXPECT_FALSE(id.starts_with("par_other_")) << "another event's record leaked";
  // Records arrive in insertion order: par_conc_N never before par_conc_M < N.
  int last = -1;
  for (const auto& id : ids) {
    if (!id.starts_with("par_conc_")) continue;
    int n = std::stoi(id.substr(9));
    EXPECT_GT(n, last);
    last = n;
  }
  // A fresh walk once the writer is done has every record exactly once.
  auto all = Walk(list_, 100);
  EXPECT_EQ(all.size(), 30u + static_cast<size_t>(inserted));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
}

TEST_F(PaginationTest, CursorIsOpaque) {
  std::string cursor = FirstCursor(list_);
  EXPECT_EQ(cursor.find("par_"), std::string::npos);
  EXPECT_EQ(cursor.find(kEvent), std::string::npos);
  for (char c : cursor) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << cursor;
}

TEST_F(PaginationTest, EveryModifiedCharacterIsInvalidCursor) {
  std::string cursor = FirstCursor(list_);
  ASSERT_EQ(Get(list_ + "?cursor=" + cursor, token_)->status, 200);
  for (size_t i = 0; i < cursor.size(); ++i) {
    for (char replacement : {'A', 'B', 'z', '0', '-', '_'}) {
      if (cursor[i] == replacement) continue;
      std::string tampered = cursor;
      tampered[i] = replacement;
      ExpectError(Get(list_ + "?cursor=" + tampered, token_), 400, "invalid_cursor");
    }
  }
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(list_ + "?cursor=" + cursor + "A", token_), 400, "invalid_cursor"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(list_ + "?cursor=" + cursor.substr(1), token_), 400, "invalid_cursor"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(list_ + "?cursor=" + cursor + "%3D", token_), 400, "invalid_cursor"));
}

TEST_F(PaginationTest, CursorOfAnotherListIsInvalidCursor) {
  std::string base = std::string("/api/v1/events/") + kEvent;
  std::string participants = FirstCursor(base + "/participants");
  std::string pending = FirstCursor(base + "/applications?status=pending");
  std::string all_apps = FirstCursor(base + "/applications");
  ASSERT_NO_FATAL_FAILURE(
      ExpectError(Get(base + "/applications?cursor=" + participants, token_), 400, "invalid_cursor"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(base + "/check-ins?cursor=" + participants, token_), 400, "invalid_cursor"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(base + "/applications?cursor=" + pending, token_), 400, "invalid_cursor"));
  ASSERT_NO_FATAL_FAILURE(
      ExpectError(Get(base + "/applications?status=rejected&cursor=" + pending, token_), 400, "invalid_cursor"));
  ASSERT_NO_FATAL_FAILURE(
      ExpectError(Get(base + "/applications?status=pending&cursor=" + all_apps, token_), 400, "invalid_cursor"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(base + "/participants?cursor=" + all_apps, token_), 400, "invalid_cursor"));
  EXPECT_EQ(Get(base + "/applications?status=pending&cursor=" + pending, token_)->status, 200);

  auto other = MintToken(emulator(), kOtherEvent);
  auto res = Get(std::string("/api/v1/events/") + kOtherEvent + "/participants?limit=2", other.token);
  std::string other_cursor = Body(res)["next_cursor"].get<std::string>();
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(list_ + "?cursor=" + other_cursor, token_), 400, "invalid_cursor"));
}

TEST_F(PaginationTest, CursorFromAnotherEmulatorProcessIsInvalidCursor) {
  InProcessEmulator second;
  auto minted = MintToken(second.emulator());
  auto res = second.Client()->Get(list_ + "?limit=2", httplib::Headers{{"Authorization", "Bearer " + minted.token}});
  std::string foreign = Body(res)["next_cursor"].get<std::string>();
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(list_ + "?cursor=" + foreign, token_), 400, "invalid_cursor"));
}

TEST(CursorCodecTest, RoundTripsAndBindsEverythingItCovers) {
  CursorCodec codec(std::string(32, 'k'));
  CursorScope scope{"applications", "evt_1", "pending"};
  for (int64_t seq : {int64_t{0}, int64_t{1}, int64_t{255}, int64_t{1} << 40, INT64_MAX}) {
    std::string cursor = codec.Encode(scope, seq);
    EXPECT_EQ(cursor.size(), 34u);
    EXPECT_EQ(codec.Decode(scope, cursor), seq);
  }
  std::string cursor = codec.Encode(scope, 42);
  EXPECT_FALSE(codec.Decode({"participants", "evt_1", "pending"}, cursor));
  EXPECT_FALSE(codec.Decode({"applications", "evt_2", "pending"}, cursor));
  EXPECT_FALSE(codec.Decode({"applications", "evt_1", ""}, cursor));
  EXPECT_FALSE(codec.Decode({"applications", "evt_1pending", ""}, cursor)) << "fields are length-prefixed";
  EXPECT_FALSE(CursorCodec(std::string(32, 'j')).Decode(scope, cursor));
  EXPECT_FALSE(codec.Decode(scope, ""));
  EXPECT_FALSE(codec.Decode(scope, std::string(34, '=')));
}

}  // namespace
}  // namespace revento::testing
