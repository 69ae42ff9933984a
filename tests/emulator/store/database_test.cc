#include "emulator/store/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "emulator/store/integrations.h"
#include "emulator/store/sandbox_data.h"
#include "emulator/store/schema.h"

namespace revento::emulator {
namespace {

std::unique_ptr<Database> NewDatabase(const std::string& path = ":memory:") {
  auto db = Database::Open(path);
  EXPECT_TRUE(db) << db.error().message;
  auto lock = (*db)->Lock();
  EXPECT_TRUE(ApplySchema(**db));
  return std::move(*db);
}

Event SampleEvent() {
  return Event{"evt_1", "org_1", "Event", "draft", 100, 200, "UTC", "Hall", 10, 50, 50};
}

Participant SampleParticipant(std::string id) {
  Participant p;
  p.id = std::move(id);
  p.event_id = "evt_1";
  p.first_name = "Zoë";
  p.last_name = "B";
  p.email = "z@example.com";
  p.ticket_type = "general";
  p.status = "registered";
  p.registered_at = 60;
  p.updated_at = 60;
  return p;
}

TEST(DatabaseTest, OpenFailsWithAReason) {
  auto db = Database::Open("/nonexistent-dir/x/sandbox.db");
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("cannot open database /nonexistent-dir/x/sandbox.db"), std::string::npos);
}

TEST(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  SandboxData data(*db);
  {
    Transaction tx(*db);
    data.InsertOrganization({"org_1", "Org"});
  }
  EXPECT_FALSE(data.FindOrganization("org_1"));
  {
    Transaction tx(*db);
    data.InsertOrganization({"org_1", "Org"});
    tx.Commit();
  }
  EXPECT_TRUE(data.FindOrganization("org_1"));
}

// ":memory:" proper keeps every page in its page cache and SQLite walks that
// cache at each commit, so commits slowed as the sandbox grew (OAuth dances
// fell from 12,000/s to 7,400/s within 15 s). The in-memory database is a
// memdb image behind a bounded cache instead.
TEST(DatabaseTest, InMemoryPageCacheStaysBoundedAsTheDatabaseGrows) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  ASSERT_TRUE(db->Exec("CREATE TABLE blobs(id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
  const std::string body(8192, 'x');
  constexpr int kRows = 3000;  // 24 MiB of text
  for (int batch = 0; batch < kRows / 100; ++batch) {
    Transaction tx(*db);
    for (int i = 0; i < 100; ++i) db->Prepare("INSERT INTO blobs(body) VALUES (?)").Bind(1, body).Run();
    tx.Commit();
  }
  EXPECT_LT(db->PageCacheBytes(), int64_t{8} << 20);
  auto& count = db->Prepare("SELECT COUNT(*), SUM(LENGTH(body)) FROM blobs");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), kRows) << "nothing is lost when pages leave the cache";
  EXPECT_EQ(count.Int(1), int64_t{kRows} * 8192);
  count.Reset();
}

TEST(DatabaseTest, ConstraintViolationThrowsStoreErrorAndKeepsState) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  SandboxData data(*db);
  data.InsertOrganization({"org_1", "Org"});
  EXPECT_THROW(data.InsertOrganization({"org_1", "Again"}), StoreError);
  EXPECT_EQ(data.FindOrganization("org_1")->name, "Org");
}

TEST(SchemaTest, RefusesAnotherSchemaVersion) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  ASSERT_TRUE(db->Exec("UPDATE meta SET value = '999' WHERE key = 'schema_version'"));
  auto st = ApplySchema(*db);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "database schema version 999 does not match this build's version " + std::to_string(kSchemaVersion) +
                "; delete the data directory or use a matching build");
}

TEST(SandboxDataTest, RoundTripsEveryField) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  SandboxData data(*db);
  data.InsertOrganization({"org_1", "Org"});
  data.InsertEvent(SampleEvent());
  Participant p = SampleParticipant("par_1");
  p.checked_in_at = 70;
  p.seq = data.InsertParticipant(p);
  auto found = data.FindParticipant("evt_1", "par_1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first_name, "Zoë");
  EXPECT_EQ(found->checked_in_at, 70);
  EXPECT_EQ(found->seq, p.seq);
  EXPECT_FALSE(data.FindParticipant("evt_other", "par_1")) << "lookups are scoped to the event";
}

TEST(SandboxDataTest, ParticipantSeqCountsUpPerEvent) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  SandboxData data(*db);
  data.InsertOrganization({"org_1", "Org"});
  data.InsertEvent(SampleEvent());
  Event other = SampleEvent();
  other.id = "evt_2";
  data.InsertEvent(other);
  EXPECT_EQ(data.InsertParticipant(SampleParticipant("par_a")), 1);
  EXPECT_EQ(data.InsertParticipant(SampleParticipant("par_b")), 2);
  Participant elsewhere = SampleParticipant("par_c");
  elsewhere.event_id = "evt_2";
  EXPECT_EQ(data.InsertParticipant(elsewhere), 1);
  EXPECT_EQ(data.InsertParticipant(SampleParticipant("par_d")), 3);
  EXPECT_EQ(data.FindParticipant("evt_1", "par_d")->seq, 3);
  EXPECT_THROW(data.InsertParticipant(SampleParticipant("par_a")), StoreError) << "ids stay unique";
}

TEST(SandboxDataTest, KeysetPagesSeeEveryRowOnceWhileRowsAreAdded) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  SandboxData data(*db);
  data.InsertOrganization({"org_1", "Org"});
  data.InsertEvent(SampleEvent());
  for (int i = 0; i < 10; ++i) data.InsertParticipant(SampleParticipant("par_" + std::to_string(i)));
  std::vector<std::string> seen;
  int64_t after = 0;
  int added = 0;
  for (;;) {
    auto page = data.ListParticipants("evt_1", after, 3);
    for (const auto& p : page.rows) seen.push_back(p.id);
    if (added < 2) data.InsertParticipant(SampleParticipant("late_" + std::to_string(added++)));
    if (!page.has_more) break;
    after = page.rows.back().seq;
  }
  EXPECT_EQ(seen.size(), 12u);
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
}

TEST(SandboxDataTest, ApplicationsFilterByStatus) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  SandboxData data(*db);
  data.InsertOrganization({"org_1", "Org"});
  data.InsertEvent(SampleEvent());
  for (const char* status : {"pending", "approved", "pending"}) {
    Application a;
    a.id = std::string("app_") + std::to_string(data.ListApplications("evt_1", "", 0, 100).rows.size());
    a.event_id = "evt_1";
    a.applicant_name = "N";
    a.applicant_email = "n@example.com";
    a.status = status;
    a.submitted_at = 1;
    data.InsertApplication(a);
  }
  EXPECT_EQ(data.ListApplications("evt_1", "pending", 0, 100).rows.size(), 2u);
  EXPECT_EQ(data.ListApplications("evt_1", "", 0, 100).rows.size(), 3u);
}

TEST(StoreTest, StateInADataDirectorySurvivesReopening) {
  std::string dir = std::filesystem::temp_directory_path() / ("revento-store-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = dir + "/sandbox.db";
  {
    auto db = NewDatabase(path);
    auto lock = db->Lock();
    SandboxData(*db).InsertOrganization({"org_1", "Persisted"});
  }
  {
    auto db = NewDatabase(path);
    auto lock = db->Lock();
    EXPECT_EQ(SandboxData(*db).FindOrganization("org_1")->name, "Persisted");
  }
  std::filesystem::remove_all(dir);
}

TEST(StoreTest, ClearAllTablesEmptiesEverything) {
  auto db = NewDatabase();
  auto lock = db->Lock();
  SandboxData data(*db);
  data.InsertOrganization({"org_1", "Org"});
  data.InsertEvent(SampleEvent());
  data.InsertParticipant(SampleParticipant("par_1"));
  ClearAllTables(*db);
  EXPECT_FALSE(data.FindEvent("evt_1"));
  EXPECT_EQ(data.CountParticipants("evt_1"), 0);
}

}  // namespace
}  // namespace revento::emulator
