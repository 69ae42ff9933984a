// The one table of error areas (http/area.h).
#include "emulator/http/area.h"

#include <gtest/gtest.h>

namespace revento::emulator::http {
namespace {

TEST(AreaTest, BrowserPagesUnderOAuthAreHtmlNotOAuthJson) {
  EXPECT_EQ(AreaOf("/oauth/authorize"), Area::kHtml);
  EXPECT_EQ(AreaOf("/oauth/consent"), Area::kHtml);
  EXPECT_EQ(AreaOf("/oauth/authorize/x"), Area::kHtml);
}

TEST(AreaTest, TheConsoleIsHtmlNotTheSandboxJson) {
  EXPECT_EQ(AreaOf("/_sandbox/console"), Area::kHtml);
  EXPECT_EQ(AreaOf("/_sandbox/console/events"), Area::kHtml);
  EXPECT_EQ(AreaOf("/_sandbox/console/nothing"), Area::kHtml);
}

TEST(AreaTest, EachPrefixHasItsArea) {
  EXPECT_EQ(AreaOf("/oauth/token"), Area::kOAuth);
  EXPECT_EQ(AreaOf("/oauth"), Area::kOAuth);
  EXPECT_EQ(AreaOf("/oauth/nothing"), Area::kOAuth);
  EXPECT_EQ(AreaOf("/.well-known/oauth-authorization-server"), Area::kOAuth);
  EXPECT_EQ(AreaOf("/_sandbox/health"), Area::kSandbox);
  EXPECT_EQ(AreaOf("/_sandbox"), Area::kSandbox);
  EXPECT_EQ(AreaOf("/api/v1/events/evt_1"), Area::kApi);
  EXPECT_EQ(AreaOf("/"), Area::kApi);
  EXPECT_EQ(AreaOf(""), Area::kApi);
  EXPECT_EQ(AreaOf("/anything"), Area::kApi);
}

}  // namespace
}  // namespace revento::emulator::http
