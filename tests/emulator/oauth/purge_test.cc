// Anonymous GET /oauth/authorize stores a consent (or, with auto-consent, a
// code) per call. Expired ones are purged on the sandbox clock, and pending
// ones are bounded, so that a flood cannot grow the store without limit.
#include <gtest/gtest.h>

#include "emulator/store/consents.h"
#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

int64_t CountRows(InProcessEmulator& emu, const std::string& table, const std::string& where = "1") {
  auto& db = emu.emulator().db();
  auto lock = db.Lock();
  auto& s = db.Prepare("SELECT COUNT(*) FROM " + table + " WHERE " + where);
  s.Step();
  int64_t count = s.Int(0);
  s.Reset();
  return count;
}

TEST(PurgeTest, ExpiredConsentsArePurgedOnTheSandboxClock) {
  InProcessEmulator emu(WithConsentPage());
  auto client = RawClient(emu);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client->Get(AuthorizePath().c_str())->status, 200);
  EXPECT_EQ(CountRows(emu, "consents"), 5);
  // Ten minutes of validity and an hour of grace later (sandbox time only).
  ASSERT_EQ(client->Post("/_sandbox/clock", R"({"advance_seconds": 4300})", "application/json")->status, 200);
  ASSERT_EQ(client->Get(AuthorizePath().c_str())->status, 200);
  EXPECT_EQ(CountRows(emu, "consents"), 1);
}

TEST(PurgeTest, ExpiredUnusedCodesArePurgedAndUsedOnesKept) {
  InProcessEmulator emu(AutoConsent());
  auto client = RawClient(emu);
  Dance(*client);  // one used code
  for (int i = 0; i < 5; ++i) AuthorizeForCode(*client);
  EXPECT_EQ(CountRows(emu, "authorization_codes", "used_at IS NULL"), 5);
  ASSERT_EQ(client->Post("/_sandbox/clock", R"({"advance_seconds": 4300})", "application/json")->status, 200);
  AuthorizeForCode(*client);
  EXPECT_EQ(CountRows(emu, "authorization_codes", "used_at IS NULL"), 1);
  EXPECT_EQ(CountRows(emu, "authorization_codes", "used_at IS NOT NULL"), 1) << "a second use must still revoke";
}

TEST(PurgeTest, PendingConsentsAreBoundedOldestFirst) {
  InProcessEmulator emu(WithConsentPage());
  auto& db = emu.emulator().db();
  {
    auto lock = db.Lock();
    emulator::Consents consents(db);
    for (int64_t i = 0; i < emulator::kMaxPendingRows + 50; ++i) {
      consents.InsertConsent({"hash_" + std::to_string(i), "int_quickstart", "evt_abc123",
                              "http://localhost:3000/callback", "event.read", std::nullopt, "challenge", 1795773600,
                              1795774200, std::nullopt});
    }
  }
  EXPECT_EQ(CountRows(emu, "consents"), emulator::kMaxPendingRows);
  EXPECT_EQ(CountRows(emu, "consents", "id_hash = 'hash_0'"), 0);
  EXPECT_EQ(CountRows(emu, "consents", "id_hash = 'hash_10049'"), 1);
}

// Unused codes are bounded like consents, oldest first; used codes stay,
// however old, because a second use must still revoke the family.
TEST(PurgeTest, UnusedCodesAreBoundedOldestFirstAndUsedCodesStay) {
  InProcessEmulator emu(WithConsentPage());
  auto& db = emu.emulator().db();
  {
    auto lock = db.Lock();
    emulator::Consents consents(db);
    auto code = [](const std::string& hash) {
      return emulator::CodeRecord{hash,         "int_quickstart", "evt_abc123", "org_xyz789", std::nullopt,
                                  "http://localhost:3000/callback", "event.read", "challenge", 1795773600,
                                  1795773660, std::nullopt};
    };
    for (int64_t i = 0; i < 100; ++i) consents.InsertCode(code("used_" + std::to_string(i)));
    db.Prepare("UPDATE authorization_codes SET used_at = 1795773601").Run();
    for (int64_t i = 0; i < emulator::kMaxPendingRows + 50; ++i) consents.InsertCode(code("hash_" + std::to_string(i)));
  }
  EXPECT_EQ(CountRows(emu, "authorization_codes", "used_at IS NULL"), emulator::kMaxPendingRows);
  EXPECT_EQ(CountRows(emu, "authorization_codes", "code_hash = 'hash_49'"), 0);
  EXPECT_EQ(CountRows(emu, "authorization_codes", "code_hash = 'hash_50'"), 1);
  EXPECT_EQ(CountRows(emu, "authorization_codes", "used_at IS NOT NULL"), 100);
}

}  // namespace
}  // namespace revento::testing::oauth
