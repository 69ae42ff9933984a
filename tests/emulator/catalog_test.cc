// The one scope-membership rule (catalog.h HoldsScope) and the places that
// apply it: refusals first.
#include "emulator/catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/api/bearer_auth.h"
#include "emulator/oauth/scope.h"

namespace revento::emulator {
namespace {

TEST(HoldsScopeTest, APrefixOrAnExtensionOfANameIsNotHeld) {
  EXPECT_FALSE(HoldsScope("event.read", "event"));
  EXPECT_FALSE(HoldsScope("event.readx", "event.read"));
  EXPECT_FALSE(HoldsScope("xevent.read", "event.read"));
  EXPECT_FALSE(HoldsScope("participants.read", "participants.rea"));
  EXPECT_FALSE(HoldsScope(std::vector<std::string>{"event.readx"}, "event.read"));
  EXPECT_FALSE(HoldsScope(std::vector<std::string>{"event.read"}, "event"));
}

TEST(HoldsScopeTest, ComparisonIsExactNoCaseFoldingNoWhitespaceTrim) {
  EXPECT_FALSE(HoldsScope("Event.Read", "event.read"));
  EXPECT_FALSE(HoldsScope("event.read\t", "event.read"));
  EXPECT_FALSE(HoldsScope("event.read,participants.read", "participants.read"));
  EXPECT_FALSE(HoldsScope(std::vector<std::string>{" event.read"}, "event.read"));
}

TEST(HoldsScopeTest, AnEmptyListOrEntryHoldsNoName) {
  EXPECT_FALSE(HoldsScope("", "event.read"));
  EXPECT_FALSE(HoldsScope(" ", "event.read"));
  EXPECT_FALSE(HoldsScope(std::vector<std::string>{}, "event.read"));
  EXPECT_FALSE(HoldsScope(std::vector<std::string>{""}, "event.read"));
}

TEST(HoldsScopeTest, HoldsEveryNameOfTheListAndTheEmptyScope) {
  EXPECT_TRUE(HoldsScope("event.read participants.read", "event.read"));
  EXPECT_TRUE(HoldsScope("event.read participants.read", "participants.read"));
  EXPECT_TRUE(HoldsScope("event.read  participants.read", "participants.read"));
  EXPECT_TRUE(HoldsScope("event.read", ""));
  EXPECT_TRUE(HoldsScope("", ""));
  EXPECT_TRUE(HoldsScope(std::vector<std::string>{"event.read", "attendance.read"}, "attendance.read"));
  EXPECT_TRUE(HoldsScope(std::vector<std::string>{}, ""));
}

// The Read API's token check and OAuth's scope lists apply the same rule.
TEST(HoldsScopeTest, ReadApiGrantAndOAuthListsAgreeWithIt) {
  api::Grant grant;
  grant.token.scope = "event.read participants.readx";
  EXPECT_FALSE(grant.HasScope("participants.read"));
  EXPECT_FALSE(grant.HasScope("event"));
  EXPECT_TRUE(grant.HasScope("event.read"));

  EXPECT_FALSE(oauth::IsSubset({"participants.read"}, {"event.read"}));
  EXPECT_TRUE(oauth::IsSubset({"event.read"}, {"participants.read", "event.read"}));
  EXPECT_FALSE(oauth::CheckDeclared({"attendance.read"}, {"event.read"}));
  EXPECT_TRUE(oauth::CheckDeclared({"event.read"}, {"event.read"}));
}

}  // namespace
}  // namespace revento::emulator
