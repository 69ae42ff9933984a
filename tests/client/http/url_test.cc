#include <gtest/gtest.h>

#include "client/http/transport.h"

namespace revento::client::http {
namespace {

TEST(ParseUrlTest, RefusesWhatIsNotAnHttpUrl) {
  for (const char* bad : {"", "localhost:8787", "ftp://x", "http://", "http://:80", "http://h:0", "http://h:65536",
                          "http://h:8x", "http://u@h", "http://h /x", "http://h:/"}) {
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

TEST(ResponseTest, HeaderLookupIgnoresCase) {
  Response r;
  r.headers = {{"retry-after", "3"}, {"Retry-After", "9"}};
  EXPECT_EQ(r.Header("RETRY-AFTER"), "3");
  EXPECT_EQ(r.Header("X-Missing"), "");
}

TEST(HttplibTransportTest, AnUnreachableServerIsATransportError) {
  auto transport = MakeHttplibTransport();
  Request request;
  request.url = "http://127.0.0.1:1/nothing";
  request.timeout = std::chrono::milliseconds(2000);
  auto response = transport->Send(request);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, kTransportFailed);
  EXPECT_NE(response.error().message.find("http://127.0.0.1:1/nothing"), std::string::npos);
}

}  // namespace
}  // namespace revento::client::http
