// Every endpoint against every scope set, and against a token bound to the
// other fixture event.
#include <gtest/gtest.h>

#include "emulator/store/sandbox_data.h"
#include "tests/emulator/api/api_test_support.h"

namespace revento::testing {
namespace {

struct Endpoint {
  std::string path_after_event;  // appended to /api/v1/events/{event}
  std::string scope;
};

const std::vector<Endpoint>& Endpoints() {
  static const std::vector<Endpoint> kEndpoints{
      {"", "event.read"},
      {"/participants", "participants.read"},
      {"/participants/par_001", "participants.read"},
      {"/applications", "applications.read"},
      {"/applications?status=pending", "applications.read"},
      {"/applications/app_001", "applications.read"},
      {"/check-ins", "attendance.read"},
  };
  return kEndpoints;
}

const std::vector<std::string>& ScopeSets() {
  static const std::vector<std::string> kSets{
      "",
      "event.read",
      "participants.read",
      "applications.read",
      "attendance.read",
      "event.read participants.read",
      "applications.read attendance.read",
      kAllScopes,
  };
  return kSets;
}

bool Contains(const std::string& scopes, const std::string& scope) {
  std::string padded = " " + scopes + " ";
  return padded.find(" " + scope + " ") != std::string::npos;
}

class ScopeBindingMatrixTest : public ApiTest {};

TEST_F(ScopeBindingMatrixTest, EveryEndpointAgainstEveryScopeSet) {
  for (const auto& scopes : ScopeSets()) {
    auto minted = MintToken(emulator(), kEvent, scopes);
    for (const auto& endpoint : Endpoints()) {
      SCOPED_TRACE("scopes \"" + scopes + "\", endpoint " + endpoint.path_after_event);
      auto res = Get(std::string("/api/v1/events/") + kEvent + endpoint.path_after_event, minted.token);
      if (!res) {
        ADD_FAILURE() << "no response";
        continue;
      }
      if (Contains(scopes, endpoint.scope)) {
        EXPECT_EQ(res->status, 200) << res->body;
      } else {
        ExpectError(res, 403, "insufficient_scope");
        EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find(endpoint.scope), std::string::npos);
        std::string challenge = res->get_header_value("WWW-Authenticate");
        EXPECT_NE(challenge.find("error=\"insufficient_scope\""), std::string::npos) << challenge;
        EXPECT_NE(challenge.find("scope=\"" + endpoint.scope + "\""), std::string::npos) << challenge;
      }
    }
  }
}

TEST_F(ScopeBindingMatrixTest, ScopeNamesMatchWholeWordsOnly) {
  auto minted = MintToken(emulator(), kEvent, "event.reader participants.read.all xevent.read");
  ASSERT_NO_FATAL_FAILURE(
      ExpectError(Get(std::string("/api/v1/events/") + kEvent, minted.token), 403, "insufficient_scope"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(std::string("/api/v1/events/") + kEvent + "/participants", minted.token), 403,
                                      "insufficient_scope"));
}

TEST_F(ScopeBindingMatrixTest, TokenForTheOtherEventIsRefusedOnEveryEndpointWhateverItsScopes) {
  for (const auto& scopes : ScopeSets()) {
    auto other = MintToken(emulator(), kOtherEvent, scopes);
    for (const auto& endpoint : Endpoints()) {
      SCOPED_TRACE("scopes \"" + scopes + "\", endpoint " + endpoint.path_after_event);
      auto res = Get(std::string("/api/v1/events/") + kEvent + endpoint.path_after_event, other.token);
      if (!res) {
        ADD_FAILURE() << "no response";
        continue;
      }
      ExpectError(res, 403, "event_not_authorized");
      EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find(kOtherEvent), std::string::npos);
      EXPECT_EQ(res->body.find("Revento Summit"), std::string::npos);
    }
  }
}

TEST_F(ScopeBindingMatrixTest, TokenForTheOtherEventReadsItsOwnEvent) {
  auto other = MintToken(emulator(), kOtherEvent);
  auto event = Get(std::string("/api/v1/events/") + kOtherEvent, other.token);
  ASSERT_EQ(event->status, 200) << event->body;
  EXPECT_EQ(Body(event)["id"], kOtherEvent);
  auto participants = Body(Get(std::string("/api/v1/events/") + kOtherEvent + "/participants", other.token));
  ASSERT_EQ(participants["data"].size(), 5u);
  for (const auto& p : participants["data"]) EXPECT_EQ(p["event_id"], kOtherEvent);
  ASSERT_NO_FATAL_FAILURE(ExpectError(
      Get(std::string("/api/v1/events/") + kOtherEvent + "/participants/par_001", other.token), 404, "not_found"));
}

TEST_F(ScopeBindingMatrixTest, UnknownEventIsNotAuthorizedNotNotFound) {
  auto minted = MintToken(emulator());
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get("/api/v1/events/evt_nope", minted.token), 403, "event_not_authorized"));
  ASSERT_NO_FATAL_FAILURE(
      ExpectError(Get("/api/v1/events/evt_nope/participants", minted.token), 403, "event_not_authorized"));
}

TEST_F(ScopeBindingMatrixTest, CheckOrderAuthBeforeAcceptBeforeBindingBeforeScopeBeforeParams) {
  auto none = MintToken(emulator(), kOtherEvent, "");
  // No token at all: 401 whatever else is wrong.
  ASSERT_NO_FATAL_FAILURE(ExpectError(
      client_->Get("/api/v1/events/evt_nope/participants?limit=0", httplib::Headers{{"Accept", "application/vnd.revento.v2+json"}}),
      401, "invalid_token"));
  // Token, bad Accept, wrong event, no scope, bad limit: 406.
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(std::string("/api/v1/events/") + kEvent + "/participants?limit=0", none.token,
                                          {{"Accept", "application/vnd.revento.v2+json"}}),
                                      406, "unsupported_version"));
  // Then binding.
  ASSERT_NO_FATAL_FAILURE(ExpectError(
      Get(std::string("/api/v1/events/") + kEvent + "/participants?limit=0", none.token), 403, "event_not_authorized"));
  // Then scope.
  auto unscoped = MintToken(emulator(), kEvent, "event.read");
  ASSERT_NO_FATAL_FAILURE(
      ExpectError(Get(std::string("/api/v1/events/") + kEvent + "/participants?limit=0", unscoped.token), 403,
                  "insufficient_scope"));
  // Then parameters, before the resource lookup.
  auto scoped = MintToken(emulator());
  ASSERT_NO_FATAL_FAILURE(
      ExpectError(Get(std::string("/api/v1/events/") + kEvent + "/participants/par_999?x=1", scoped.token), 400,
                  "invalid_parameter"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(
      Get(std::string("/api/v1/events/") + kEvent + "/participants/par_999", scoped.token), 404, "not_found"));
}

}  // namespace
}  // namespace revento::testing
