// Test helpers for the Read API: mint access tokens without the OAuth
// server, by inserting an installation (token family) and an access token
// row the way /oauth/token does (digest only), and a fixture that runs the
// emulator in-process with a FakeClock.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "emulator/clock.h"
#include "emulator/emulator.h"
#include "emulator/ids.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {

inline constexpr const char* kEvent = "evt_abc123";
inline constexpr const char* kOtherEvent = "evt_def456";
inline constexpr const char* kAllScopes = "event.read participants.read applications.read attendance.read";

struct MintedToken {
  std::string token;            // rev_install_...
  std::string installation_id;  // ins_...
};

// Inserts an installation bound to (event_id, org_xyz789) with `scope` and
// one access token valid for `ttl_seconds` of sandbox time.
inline MintedToken MintToken(emulator::Emulator& emulator, const std::string& event_id = kEvent,
                             const std::string& scope = kAllScopes, int64_t ttl_seconds = 3600) {
  static std::atomic<int> counter{0};
  int n = ++counter;
  MintedToken minted{"rev_install_test" + std::to_string(n) + "x" + std::to_string(ttl_seconds),
                     "ins_test" + std::to_string(n)};
  int64_t now = emulator::UnixSeconds(emulator.clock().Now());
  auto& db = emulator.db();
  auto lock = db.Lock();
  db.Prepare(
        "INSERT INTO installations(id, integration_id, event_id, organization_id, scope, created_at) "
        "VALUES (?, 'int_quickstart', ?, 'org_xyz789', ?, ?)")
      .Bind(1, minted.installation_id)
      .Bind(2, event_id)
      .Bind(3, scope)
      .Bind(4, now)
      .Run();
  db.Prepare(
        "INSERT INTO access_tokens(token_hash, installation_id, scope, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?)")
      .Bind(1, emulator::Sha256Hex(minted.token))
      .Bind(2, minted.installation_id)
      .Bind(3, scope)
      .Bind(4, now)
      .Bind(5, now + ttl_seconds)
      .Run();
  return minted;
}

inline void RevokeToken(emulator::Emulator& emulator, const MintedToken& minted) {
  auto lock = emulator.db().Lock();
  emulator.db()
      .Prepare("UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ?")
      .Bind(1, emulator::UnixSeconds(emulator.clock().Now()))
      .Bind(2, emulator::Sha256Hex(minted.token))
      .Run();
}

inline void RevokeInstallation(emulator::Emulator& emulator, const MintedToken& minted) {
  auto lock = emulator.db().Lock();
  emulator.db()
      .Prepare("UPDATE installations SET revoked_at = ?, revoked_reason = 'test' WHERE id = ?")
      .Bind(1, emulator::UnixSeconds(emulator.clock().Now()))
      .Bind(2, minted.installation_id)
      .Run();
}

// Asserts a Revento error body with `status` and `code` and the request id
// the response header carries. No response is a fatal failure: callers that
// use `res` afterwards wrap the call in ASSERT_NO_FATAL_FAILURE (or, in a loop
// of cases, skip the case when `res` is empty).
inline void ExpectApiError(const httplib::Result& res, int status, const std::string& code) {
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, status) << res->body;
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << res->body;
  EXPECT_EQ(body["error"]["code"], code) << res->body;
  EXPECT_TRUE(body["error"]["message"].is_string() && !body["error"]["message"].get<std::string>().empty());
  EXPECT_EQ(body["error"]["request_id"], res->get_header_value("X-Revento-Request-Id")) << res->body;
  EXPECT_FALSE(res->get_header_value("X-Revento-Request-Id").empty());
}

// An in-process emulator and a keep-alive client with helpers.
class ApiTest : public ::testing::Test {
 protected:
  explicit ApiTest(emulator::Options options = {}) : emu_(options), client_(emu_.Client()) {}

  emulator::Emulator& emulator() { return emu_.emulator(); }

  httplib::Result Get(const std::string& path, const std::string& token, httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client_->Get(path, headers);
  }

  static nlohmann::json Body(const httplib::Result& res) { return nlohmann::json::parse(res->body, nullptr, false); }

  static void ExpectError(const httplib::Result& res, int status, const std::string& code) {
    ExpectApiError(res, status, code);
  }

  InProcessEmulator emu_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace revento::testing
