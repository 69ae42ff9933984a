// The participants table stores each participant's representation, which
// SQLite recomputes on every write (store/sql_functions.h). It
// must always equal what AppendParticipantJson renders from the row, or the
// list would disagree with GET /participants/{id} and with webhook data.
#include "emulator/store/sql_functions.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/representations/representations.h"
#include "emulator/store/sandbox_data.h"
#include "emulator/store/schema.h"

namespace revento::emulator {
namespace {

class StoredRepresentationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    lock_ = db_->Lock();
    ASSERT_TRUE(ApplySchema(*db_));
    data().InsertOrganization({"org_1", "Org"});
    data().InsertEvent(Event{"evt_1", "org_1", "Event", "draft", 100, 200, "UTC", "Hall", 10, 50, 50});
  }

  // The list's rows, as stored, and as rendered from each stored record.
  void ExpectStoredEqualsRendered() {
    std::string stored;
    JsonRows rows = data().AppendParticipantRepresentations("evt_1", 0, 100, stored);
    std::string rendered;
    for (const Participant& p : data().ListParticipants("evt_1", 0, 100).rows) {
      if (!rendered.empty()) rendered.push_back(',');
      AppendParticipantJson(rendered, p);
    }
    EXPECT_GT(rows.count, 0);
    EXPECT_EQ(stored, rendered);
  }

  static Participant Sample(std::string id, std::string first_name) {
    Participant p;
    p.id = std::move(id);
    p.event_id = "evt_1";
    p.first_name = std::move(first_name);
    p.last_name = "Lovelace";
    p.email = "ada@example.com";
    p.ticket_type = "general";
    p.status = "registered";
    p.registered_at = 1790000000;
    p.updated_at = 1790000000;
    return p;
  }

  std::unique_ptr<Database> db_;
  std::unique_lock<std::mutex> lock_;
  SandboxData data() { return SandboxData(*db_); }
};

TEST_F(StoredRepresentationTest, EqualsTheRenderedOneForAwkwardText) {
  const std::vector<std::string> names = {
      "Ada", "Zoë", "名前", "quote \" backslash \\ slash /", "tab\tnewline\ncontrol\x01\x1f", "bad \xff\xfe utf-8",
      "", std::string(300, 'a')};
  int n = 0;
  for (const auto& name : names) data().InsertParticipant(Sample("par_" + std::to_string(++n), name));
  Participant checked_in = Sample("par_checked_in", "Grace");
  checked_in.checked_in_at = 1790003600;
  data().InsertParticipant(checked_in);
  ExpectStoredEqualsRendered();
}

TEST_F(StoredRepresentationTest, FollowsEveryUpdate) {
  data().InsertParticipant(Sample("par_1", "Ada"));
  Participant p = *data().FindParticipant("evt_1", "par_1");
  p.first_name = "Augusta Ada";
  p.email = "augusta@example.com";
  p.updated_at += 60;
  data().UpdateParticipant(p);
  ExpectStoredEqualsRendered();
  std::string stored;
  data().AppendParticipantRepresentations("evt_1", 0, 1, stored);
  EXPECT_NE(stored.find("\"first_name\":\"Augusta Ada\""), std::string::npos) << stored;

  p.checked_in_at = p.updated_at + 60;
  p.status = "cancelled";
  data().UpdateParticipant(p);
  ExpectStoredEqualsRendered();
  stored.clear();
  data().AppendParticipantRepresentations("evt_1", 0, 1, stored);
  EXPECT_NE(stored.find("\"status\":\"cancelled\""), std::string::npos) << stored;
}

TEST_F(StoredRepresentationTest, RawSqlWritesAreRenderedToo) {
  ASSERT_TRUE(db_->Exec(
      "INSERT INTO participants(seq, id, event_id, first_name, last_name, email, ticket_type, status, "
      "registered_at, updated_at) VALUES (1, 'par_sql', 'evt_1', 'Raw', 'Row', 'raw@example.com', 'vip', "
      "'registered', 1, 2)"));
  ASSERT_TRUE(db_->Exec("UPDATE participants SET checked_in_at = 3 WHERE id = 'par_sql'"));
  ExpectStoredEqualsRendered();
}

TEST_F(StoredRepresentationTest, PagesJoinRowsAndReportTheLastSeq) {
  for (int i = 0; i < 5; ++i) data().InsertParticipant(Sample("par_" + std::to_string(i), "P"));
  std::string out = "[";
  JsonRows rows = data().AppendParticipantRepresentations("evt_1", 0, 3, out);
  out.push_back(']');
  EXPECT_EQ(rows.count, 3);
  EXPECT_TRUE(rows.has_more);
  auto page = data().ListParticipants("evt_1", 0, 3);
  EXPECT_EQ(rows.last_seq, page.rows.back().seq);
  auto parsed = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << out;
  EXPECT_EQ(parsed.size(), 3u);

  std::string last;
  JsonRows tail = data().AppendParticipantRepresentations("evt_1", rows.last_seq, 3, last);
  EXPECT_EQ(tail.count, 2);
  EXPECT_FALSE(tail.has_more);
}

}  // namespace
}  // namespace revento::emulator
