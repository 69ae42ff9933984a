// The organizer's rules (sandbox/organizer.h) without HTTP: typed outcomes,
// and the domain-events protocol seen from a recording listener: an event
// is raised inside the action's transaction, AfterCommit comes after it, and
// a refusal raises nothing and changes nothing.
#include "emulator/sandbox/organizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/store/sandbox_data.h"
#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing {
namespace {

using emulator::Occurrence;
using emulator::Transaction;
using emulator::sandbox::Conflict;
using emulator::sandbox::Invalid;
using emulator::sandbox::NotFound;
using emulator::sandbox::Organizer;

// Records every call; Published and InstallationRevoked return one made-up
// delivery id each (none when `quiet`).
class RecordingEvents : public emulator::DomainEvents {
 public:
  std::vector<std::string> Published(Transaction&, const Occurrence& occurrence, int64_t) override {
    calls.push_back("published " + occurrence.type);
    return Ids();
  }
  std::vector<std::string> InstallationRevoked(Transaction&, std::string_view installation_id, std::string_view reason,
                                               int64_t) override {
    calls.push_back("revoked " + std::string(installation_id) + " " + std::string(reason));
    return Ids();
  }
  void AfterCommit() override { calls.push_back("after commit"); }
  void Reset() override { calls.push_back("reset"); }

  std::vector<std::string> calls;
  bool quiet = false;

 private:
  std::vector<std::string> Ids() {
    if (quiet) return {};
    return {"dlv_fake_" + std::to_string(calls.size())};
  }
};

class OrganizerTest : public ::testing::Test {
 protected:
  emulator::Services& real() { return emu_.emulator().services(); }
  emulator::Event StoredEvent(const std::string& id) {
    auto lock = real().db.Lock();
    return *emulator::SandboxData(real().db).FindEvent(id);
  }

  InProcessEmulator emu_{oauth::AutoConsent()};
  RecordingEvents events_;
  emulator::Services services_{real().db,      real().clock,    real().ids, real().log,
                               real().options, real().fixtures, events_,    real().public_url};
  Organizer organizer_{services_};
};

TEST_F(OrganizerTest, UnknownResourcesAreNotFoundAndRaiseNothing) {
  auto event = organizer_.PublishEvent("evt_nope");
  ASSERT_FALSE(event);
  auto* not_found = std::get_if<NotFound>(&event.error());
  ASSERT_NE(not_found, nullptr);
  EXPECT_EQ(not_found->what, "event");
  EXPECT_EQ(not_found->id, "evt_nope");
  auto participant = organizer_.CancelParticipant("evt_abc123", "par_nope");
  ASSERT_FALSE(participant);
  EXPECT_EQ(std::get<NotFound>(participant.error()).what, "participant");
  auto application = organizer_.RejectApplication("evt_abc123", "app_nope");
  ASSERT_FALSE(application);
  EXPECT_EQ(std::get<NotFound>(application.error()).what, "application");
  auto installation = organizer_.RevokeInstallation("ins_nope");
  ASSERT_FALSE(installation);
  EXPECT_EQ(std::get<NotFound>(installation.error()).what, "installation");
  EXPECT_TRUE(events_.calls.empty());
}

TEST_F(OrganizerTest, ARefusedTransitionIsAConflictAndChangesNothing) {
  ASSERT_TRUE(organizer_.CancelEvent("evt_def456"));
  events_.calls.clear();
  auto again = organizer_.CancelEvent("evt_def456");
  ASSERT_FALSE(again);
  auto* conflict = std::get_if<Conflict>(&again.error());
  ASSERT_NE(conflict, nullptr);
  EXPECT_EQ(conflict->code, "invalid_transition");
  EXPECT_EQ(conflict->why, "Event evt_def456 is already cancelled.");
  emulator::sandbox::EventEdits rename;
  rename.name = "Renamed";
  auto edit = organizer_.UpdateEvent("evt_def456", rename);
  ASSERT_FALSE(edit);
  EXPECT_EQ(std::get<Conflict>(edit.error()).why, "Event evt_def456 is cancelled; a cancelled event cannot change.");
  auto register_on_cancelled = organizer_.RegisterParticipant("evt_def456", {"Ada", "Lovelace", "ada@example.com", {}});
  ASSERT_FALSE(register_on_cancelled);
  EXPECT_EQ(std::get<Conflict>(register_on_cancelled.error()).why,
            "Event evt_def456 is cancelled; nobody can register.");
  EXPECT_TRUE(events_.calls.empty());
}

TEST_F(OrganizerTest, AnInvalidEditIsRolledBackWhole) {
  std::string name = StoredEvent("evt_abc123").name;
  emulator::sandbox::EventEdits edits;
  edits.name = "Renamed";
  edits.ends_at = 0;
  auto edit = organizer_.UpdateEvent("evt_abc123", edits);
  ASSERT_FALSE(edit);
  EXPECT_EQ(std::get<Invalid>(edit.error()).why, "ends_at: must not be before starts_at");
  EXPECT_EQ(StoredEvent("evt_abc123").name, name);
  EXPECT_TRUE(events_.calls.empty());
}

TEST_F(OrganizerTest, AChangeRaisesItsEventThenAfterCommit) {
  auto published = organizer_.PublishEvent("evt_abc123");
  ASSERT_TRUE(published);
  EXPECT_EQ(published->value.status, "published");
  EXPECT_EQ(StoredEvent("evt_abc123").status, "published");
  EXPECT_EQ(published->delivery_ids, std::vector<std::string>{"dlv_fake_1"});
  EXPECT_EQ(events_.calls, (std::vector<std::string>{"published event.published", "after commit"}));
}

TEST_F(OrganizerTest, ApprovalPublishesTheDecisionThenTheRegistrationInOneCommit) {
  auto decision = organizer_.ApproveApplication("evt_abc123", "app_001", "vip");
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->value.application.status, "approved");
  ASSERT_TRUE(decision->value.participant);
  EXPECT_EQ(decision->value.participant->ticket_type, "vip");
  EXPECT_EQ(decision->value.application.participant_id, decision->value.participant->id);
  EXPECT_EQ(decision->delivery_ids.size(), 2u);
  EXPECT_EQ(events_.calls, (std::vector<std::string>{"published application.approved",
                                                     "published participant.registered", "after commit"}));
  auto again = organizer_.RejectApplication("evt_abc123", "app_001");
  ASSERT_FALSE(again);
  EXPECT_EQ(std::get<Conflict>(again.error()).why,
            "Application app_001 is already approved; only a pending application can be rejected.");
}

TEST_F(OrganizerTest, NoDeliveriesNoWake) {
  events_.quiet = true;
  auto checked_in = organizer_.CheckInParticipant("evt_abc123", "par_001", "qr");
  ASSERT_TRUE(checked_in);
  EXPECT_EQ(checked_in->value.check_in.method, "qr");
  EXPECT_TRUE(checked_in->value.participant.checked_in_at);
  EXPECT_TRUE(checked_in->delivery_ids.empty());
  EXPECT_EQ(events_.calls, std::vector<std::string>{"published participant.checked_in"});
  auto twice = organizer_.CheckInParticipant("evt_abc123", "par_001", "qr");
  ASSERT_FALSE(twice);
  EXPECT_EQ(std::get<Conflict>(twice.error()).code, "invalid_transition");
}

TEST_F(OrganizerTest, RevokingAnInstallationRaisesInstallationRevokedOnce) {
  auto client = oauth::RawClient(emu_);
  oauth::Dance(*client);
  std::string id = oauth::Installations(*client)[0]["id"];
  auto revoked = organizer_.RevokeInstallation(id);
  ASSERT_TRUE(revoked);
  EXPECT_TRUE(revoked->value.revoked_at);
  EXPECT_EQ(revoked->value.revoked_reason, "organizer");
  EXPECT_EQ(events_.calls, (std::vector<std::string>{"revoked " + id + " organizer", "after commit"}));
  auto again = organizer_.RevokeInstallation(id);
  ASSERT_FALSE(again);
  EXPECT_EQ(std::get<Conflict>(again.error()).code, "already_revoked");
  EXPECT_EQ(events_.calls.size(), 2u);
}

}  // namespace
}  // namespace revento::testing
