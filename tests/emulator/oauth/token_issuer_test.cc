// The token response body: the same bytes, key order and escapes that
// nlohmann's dump of the documented object gives, for ordinary values and for
// values that need escaping.
#include "emulator/oauth/token_issuer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace revento::testing {
namespace {

using emulator::oauth::IssuedTokens;

std::string Reference(const IssuedTokens& t) {
  nlohmann::ordered_json body = {{"access_token", t.access_token}, {"refresh_token", t.refresh_token},
                                 {"token_type", "Bearer"},         {"expires_in", t.expires_in},
                                 {"scope", t.scope},               {"event_id", t.event_id},
                                 {"organization_id", t.organization_id}};
  return body.dump();
}

TEST(TokenResponseTest, ValuesThatNeedEscapingAreEscapedAsNlohmannDoes) {
  IssuedTokens t{"a\"b\\c", "line\nbreak\x01", -1, "caf\xc3\xa9", "tab\t", ""};
  EXPECT_EQ(t.ToJson(), Reference(t));
  EXPECT_TRUE(nlohmann::json::accept(t.ToJson()));
}

TEST(TokenResponseTest, AnOrdinaryResponseIsTheDocumentedObjectInOrder) {
  IssuedTokens t{"rev_install_abc", "rev_refresh_def", 3600, "event.read participants.read", "evt_abc123",
                 "org_xyz789"};
  EXPECT_EQ(t.ToJson(), Reference(t));
  EXPECT_EQ(t.ToJson(),
            R"({"access_token":"rev_install_abc","refresh_token":"rev_refresh_def","token_type":"Bearer",)"
            R"("expires_in":3600,"scope":"event.read participants.read","event_id":"evt_abc123",)"
            R"("organization_id":"org_xyz789"})");
}

}  // namespace
}  // namespace revento::testing
