// Accept negotiation and hostile input: each a 4xx with the Revento body,
// never a 5xx.
#include <gtest/gtest.h>

#include "tests/emulator/api/api_test_support.h"

namespace revento::testing {
namespace {

class NegotiationTest : public ApiTest {
 protected:
  std::string token_ = MintToken(emulator()).token;
  const std::string path_ = std::string("/api/v1/events/") + kEvent + "/participants";
};

TEST_F(NegotiationTest, ServedAcceptValues) {
  for (const char* accept : {"*/*", "application/json", "application/vnd.revento.v1+json", "APPLICATION/JSON",
                             "application/*", "application/json; charset=utf-8", "text/html, application/json;q=0.5",
                             "application/vnd.revento.v2+json, application/vnd.revento.v1+json",
                             "application/vnd.revento.v1+json;q=1", "  application/json  ", ""}) {
    auto res = Get(path_, token_, {{"Accept", accept}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << "Accept: " << accept << " -> " << res->body;
  }
  EXPECT_EQ(Get(path_, token_)->status, 200) << "no Accept header";
}

TEST_F(NegotiationTest, OtherReventoVersionIsUnsupportedVersion) {
  for (const char* accept :
       {"application/vnd.revento.v2+json", "application/vnd.revento.v0+json", "application/vnd.revento+json",
        "application/vnd.revento.v1.1+json", "application/VND.REVENTO.V2+JSON",
        "application/vnd.revento.v1+json;q=0, "
        "application/vnd.revento.v2+json"}) {
    SCOPED_TRACE(std::string("Accept: ") + accept);
    auto res = Get(path_, token_, {{"Accept", accept}});
    if (!res) {
      ADD_FAILURE() << "no response";
      continue;
    }
    ExpectError(res, 406, "unsupported_version");
    EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("application/vnd.revento.v1+json"),
              std::string::npos);
  }
}

TEST_F(NegotiationTest, NonJsonAcceptIsNotAcceptable) {
  for (const char* accept : {"text/html", "application/xml", "text/*", "application/json;q=0", "image/png, text/plain",
                             "garbage", ";;;", ",", "application/json;q=0.0"}) {
    SCOPED_TRACE(std::string("Accept: ") + accept);
    auto res = Get(path_, token_, {{"Accept", accept}});
    if (!res) {
      ADD_FAILURE() << "no response";
      continue;
    }
    if (std::string(accept) == ",") {
      EXPECT_EQ(res->status, 200) << "an Accept of only separators lists no range: treated as absent";
      continue;
    }
    ExpectError(res, 406, "not_acceptable");
  }
}

class BadInputTest : public ApiTest {
 protected:
  std::string token_ = MintToken(emulator()).token;
  const std::string base_ = std::string("/api/v1/events/") + kEvent;

  void ExpectNo5xx(const std::string& path, int status, const std::string& code) {
    SCOPED_TRACE(path);
    ExpectError(Get(path, token_), status, code);
  }
};

TEST_F(BadInputTest, BadLimits) {
  for (const char* limit : {"", "0", "-1", "101", "1000", "99999999999999999999", "abc", "1.5", "1e2", "+5", " 5", "5 ",
                            "0x10", "%00", "10abc", "２"}) {
    ExpectNo5xx(base_ + "/participants?limit=" + limit, 400, "invalid_parameter");
  }
}

TEST_F(BadInputTest, GoodLimitBounds) {
  auto one = Get(base_ + "/participants?limit=1", token_);
  ASSERT_EQ(one->status, 200);
  EXPECT_EQ(Body(one)["data"].size(), 1u);
  auto hundred = Get(base_ + "/participants?limit=100", token_);
  ASSERT_EQ(hundred->status, 200);
  EXPECT_EQ(Body(hundred)["data"].size(), 30u);
  EXPECT_TRUE(Body(hundred)["next_cursor"].is_null());
}

TEST_F(BadInputTest, RepeatedAndUnknownParameters) {
  ExpectNo5xx(base_ + "/participants?limit=5&limit=6", 400, "invalid_parameter");
  ExpectNo5xx(base_ + "/participants?status=pending", 400, "invalid_parameter");
  ExpectNo5xx(base_ + "/participants?offset=10", 400, "invalid_parameter");
  ExpectNo5xx(base_ + "?limit=5", 400, "invalid_parameter");
  ExpectNo5xx(base_ + "/participants/par_001?cursor=x", 400, "invalid_parameter");
}

TEST_F(BadInputTest, GarbageCursors) {
  for (const std::string& cursor : std::vector<std::string>{
           "", "x", "garbage", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00%01", std::string(5000, 'A'),
           "../../etc/passwd", "eyJzZXEiOjF9", "null", "-1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}) {
    ExpectNo5xx(base_ + "/participants?cursor=" + cursor, 400, "invalid_cursor");
  }
}

TEST_F(BadInputTest, PathTraversalAndEncodedSeparators) {
  for (const std::string& path : std::vector<std::string>{
           std::string("/api/v1/events/../x"), std::string("/api/v1/events/") + kEvent + "/participants/..",
           std::string("/api/v1/events/") + kEvent + "/participants/.",
           std::string("/api/v1/events/") + kEvent + "%2Fparticipants",
           std::string("/api/v1/events/") + kEvent + "%2fparticipants",
           std::string("/api/v1/events/") + kEvent + "/participants/par_001%2F..%2F..",
           std::string("/api/v1/events/") + kEvent + "/participants/..%2Fpar_001",
           std::string("/api/v1/events/") + kEvent + "/participants/%2e%2e",
           std::string("/api/v1/events/") + kEvent + "/participants/par_001%5C..",
           std::string("/api/v1/events/%2e%2e/") + kEvent, std::string("/api/v1/../v1/events/") + kEvent,
           std::string("/api/v1/events/") + kEvent + "/./participants"}) {
    ExpectNo5xx(path, 404, "not_found");
  }
}

TEST_F(BadInputTest, OverlongIdsAre404) {
  ExpectNo5xx(base_ + "/participants/par_" + std::string(200, 'x'), 404, "not_found");
  ExpectNo5xx(base_ + "/applications/" + std::string(129, 'a'), 404, "not_found");
  ExpectNo5xx("/api/v1/events/evt_" + std::string(4000, 'e'), 404, "not_found");
  ExpectNo5xx(base_ + "/participants/par_" + std::string(124, 'x'), 404, "not_found");
}

TEST_F(BadInputTest, OddIdCharacters) {
  for (const char* id : {"%00", "%ff%fe", "par_001%20", "'%20OR%201=1--", "par_001;DROP%20TABLE%20x", "%22"}) {
    ExpectNo5xx(base_ + "/participants/" + id, 404, "not_found");
  }
  EXPECT_EQ(Get(base_ + "/participants/par_001", token_)->status, 200) << "the store is intact";
}

}  // namespace
}  // namespace revento::testing
