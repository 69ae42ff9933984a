#include "client/http/url.h"

#include <gtest/gtest.h>

namespace revento::client::http {
namespace {

TEST(ParseUrlTest, RefusesWhatIsNotAnHttpUrl) {
  for (const char* bad : {"", "localhost:8787", "ftp://x", "http://", "http://:80", "http://h:0", "http://h:65536",
                          "http://h:8x", "http://u@h", "http://h /x", "http://h:/", "http://[::1", "http://[::1]x",
                          "http://[::1]:", "http://[::1]:0", "http://[g::1]:80", "http://[]:80"}) {
    auto url = ParseUrl(bad);
    ASSERT_FALSE(url) << bad;
    EXPECT_EQ(url.error().code, kInvalidArgument);
    EXPECT_NE(url.error().message.find("http://localhost:8787"), std::string::npos) << url.error().message;
  }
}

TEST(ParseUrlTest, SplitsOriginAndTarget) {
  auto url = ParseUrl("http://127.0.0.1:8787/api/v1/events?limit=2#frag");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8787);
  EXPECT_EQ(url->target, "/api/v1/events?limit=2");
  EXPECT_EQ(url->Origin(), "http://127.0.0.1:8787");
  auto bare = ParseUrl("https://example.test");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->port, 443);
  EXPECT_EQ(bare->target, "/");
  EXPECT_EQ(bare->Origin(), "https://example.test");
}

TEST(EncodePathSegmentTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(EncodePathSegment("evt_abc-1.2~"), "evt_abc-1.2~");
  EXPECT_EQ(EncodePathSegment("../a b/?#%"), "..%2Fa%20b%2F%3F%23%25");
}

TEST(ResolveReferenceTest, AbsoluteRootedAndRelativeTargets) {
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787/oauth/authorize?x=1", "http://localhost:3000/callback?code=c"),
            "http://localhost:3000/callback?code=c");
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787/oauth/authorize?x=1", "/oauth/consent"),
            "http://127.0.0.1:8787/oauth/consent");
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787/oauth/authorize?next=/a/b", "consent?id=1"),
            "http://127.0.0.1:8787/oauth/consent?id=1");
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787", "consent"), "http://127.0.0.1:8787/consent");
}

TEST(ParseUrlTest, AnIpv6LiteralIsAHostLikeAnyOther) {
  auto url = ParseUrl("http://[::1]:8787/_sandbox/health");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "[::1]");
  EXPECT_EQ(url->port, 8787);
  EXPECT_EQ(url->target, "/_sandbox/health");
  EXPECT_EQ(url->Origin(), "http://[::1]:8787");
  auto bare = ParseUrl("http://[::1]");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->port, 80);
  EXPECT_EQ(bare->Origin(), "http://[::1]");
}

TEST(ResolveReferenceTest, DotSegmentsAreRemovedAndAQueryKeepsThePath) {
  const std::string base = "http://127.0.0.1:8787/a/b/c?x=1";
  EXPECT_EQ(ResolveReference(base, "../d"), "http://127.0.0.1:8787/a/d");
  EXPECT_EQ(ResolveReference(base, "./d?y=2"), "http://127.0.0.1:8787/a/b/d?y=2");
  EXPECT_EQ(ResolveReference(base, "/x/../y/./z"), "http://127.0.0.1:8787/y/z");
  EXPECT_EQ(ResolveReference(base, ".."), "http://127.0.0.1:8787/a/");
  EXPECT_EQ(ResolveReference(base, "../../../.."), "http://127.0.0.1:8787/");
  EXPECT_EQ(ResolveReference(base, "?y=2"), "http://127.0.0.1:8787/a/b/c?y=2");
  EXPECT_EQ(ResolveReference(base, "d/"), "http://127.0.0.1:8787/a/b/d/");
  EXPECT_EQ(ResolveReference("http://[::1]:8787/oauth/authorize", "consent"), "http://[::1]:8787/oauth/consent");
}

TEST(ResolveReferenceTest, ABaseThatIsNotAUrlLeavesTheTarget) {
  EXPECT_EQ(ResolveReference("not a url", "consent"), "consent");
}

}  // namespace
}  // namespace revento::client::http
