// The emulator's signer and the pure retry rules of the dispatcher.
#include "emulator/webhooks/signer.h"

#include <gtest/gtest.h>

#include "emulator/clock.h"
#include "emulator/webhooks/dispatcher.h"
#include "emulator/webhooks/payloads.h"
#include "emulator/webhooks/transport.h"

namespace revento::emulator::webhooks {
namespace {

TEST(SignerTest, IsHexHmacSha256OfTimestampDotBody) {
  // python3: hmac.new(b'whsec_test', b'1795773600.' + body, hashlib.sha256).hexdigest()
  EXPECT_EQ(SignatureHeader("whsec_test", 1795773600, "{\"name\":\"Zoë 🎉\"}"),
            "sha256=3635b6cca0a2c8047b172bda3732bb42ffa8875f9609e3260dd6628e1e6bb268");
  EXPECT_EQ(SignatureHeader("whsec_test", 1795773600, "{}"),
            "sha256=3b70d6304782ce170e5c3f0db6e43f3232da18e8b6a318d50e30f94871f40858");
}

OutboundResponse Status(int status, std::string retry_after = "") {
  OutboundResponse r;
  r.status = status;
  r.retry_after = std::move(retry_after);
  return r;
}

TEST(JudgeTest, GoneFailsAtOnce) {
  auto v = Judge(1, Status(410), 0);
  EXPECT_EQ(v.status, "failed");
  EXPECT_FALSE(v.retry_delay);
}

TEST(JudgeTest, RedirectsAndErrorsAreFailures) {
  for (int status : {301, 302, 307, 308, 400, 401, 404, 500, 502}) {
    auto v = Judge(1, Status(status), 0);
    EXPECT_EQ(v.status, "pending") << status;
    EXPECT_EQ(v.retry_delay, 5) << status;
    EXPECT_TRUE(v.error) << status;
  }
  OutboundResponse refused;
  refused.error = "Connection";
  EXPECT_EQ(Judge(1, refused, 0).retry_delay, 5);
}

TEST(JudgeTest, FollowsTheScheduleThenFails) {
  const int64_t expected[] = {5, 300, 1800, 7200, 18000, 36000, 36000};
  for (int64_t attempt = 1; attempt <= 7; ++attempt) {
    EXPECT_EQ(Judge(attempt, Status(500), 0).retry_delay, expected[attempt - 1]) << attempt;
  }
  EXPECT_EQ(Judge(8, Status(500), 0).status, "failed");
}

TEST(JudgeTest, RetryAfterOnlyOn429And503AndOnlyWhenLonger) {
  EXPECT_EQ(Judge(1, Status(429, "60"), 0).retry_delay, 60);
  EXPECT_EQ(Judge(1, Status(503, "60"), 0).retry_delay, 60);
  EXPECT_EQ(Judge(1, Status(503, "2"), 0).retry_delay, 5);
  EXPECT_EQ(Judge(1, Status(500, "60"), 0).retry_delay, 5);
  EXPECT_EQ(Judge(1, Status(429, "soon"), 0).retry_delay, 5);
  // HTTP-date, relative to real time.
  EXPECT_EQ(Judge(1, Status(429, "Fri, 27 Nov 2026 10:10:00 GMT"), 1795773600).retry_delay, 600);
  // Absurd values are capped at 30 days; overflowing ones are ignored.
  EXPECT_EQ(Judge(1, Status(429, "999999999999"), 0).retry_delay, 30 * 86400);
  EXPECT_EQ(Judge(1, Status(429, "99999999999999999999999"), 0).retry_delay, 5);
  // The last attempt fails even with Retry-After.
  EXPECT_EQ(Judge(8, Status(429, "60"), 0).status, "failed");
}

TEST(JudgeTest, TwoHundredsSucceed) {
  EXPECT_EQ(Judge(1, Status(200), 0).status, "succeeded");
  EXPECT_EQ(Judge(3, Status(204), 0).status, "succeeded");
}

TEST(PayloadTest, KeysInContractOrderAndRawUtf8) {
  std::string body = PayloadBody("whe_1", "event.updated", 1795773600, "evt_1", "org_1", {{"name", "Zoë"}});
  EXPECT_EQ(body,
            "{\"id\":\"whe_1\",\"type\":\"event.updated\",\"created_at\":\"2026-11-27T10:00:00Z\","
            "\"event_id\":\"evt_1\",\"organization_id\":\"org_1\",\"data\":{\"name\":\"Zoë\"}}");
}

// The bytes a receiver verifies the signature over: nested data keeps its
// sorted key order, text is escaped as JSON requires, invalid UTF-8 becomes
// U+FFFD, and nothing else changes (the envelope was written by hand before
// it was an ordered_json; these bytes are the ones it wrote).
TEST(PayloadTest, GoldenBytesForNestedDataEscapesAndInvalidUtf8) {
  nlohmann::json data = {{"z", 1},
                         {"a", {{"y", {1, "é", nullptr, 2.5}}, {"b", true}}},
                         {"m", "quote\" backslash\\ tab\t nul" + std::string(1, '\0') + " bad\xff"},
                         {"empty", nlohmann::json::object()},
                         {"list", nlohmann::json::array()}};
  std::string body = PayloadBody("whe_2", "participant.updated", 0, "evt_\xc3\xa9", "org_1", data);
  EXPECT_EQ(body,
            "{\"id\":\"whe_2\",\"type\":\"participant.updated\",\"created_at\":\"1970-01-01T00:00:00Z\","
            "\"event_id\":\"evt_\xc3\xa9\",\"organization_id\":\"org_1\",\"data\":{\"a\":{\"b\":true,\"y\":[1,"
            "\"\xc3\xa9\",null,2.5]},\"empty\":{},\"list\":[],\"m\":\"quote\\\" backslash\\\\ tab\\t nul\\u0000 "
            "bad\xef\xbf\xbd\",\"z\":1}}");
}

// The envelope is specified as an nlohmann::ordered_json with the six keys
// in contract order; PayloadBody writes the same bytes without building it.
TEST(PayloadTest, EqualsTheOrderedJsonEnvelopeByteForByte) {
  struct Input {
    std::string id, type;
    int64_t created_at;
    std::string event_id, organization_id;
    nlohmann::json data;
  };
  std::vector<Input> inputs = {
      {"whe_1", "event.updated", 1795773600, "evt_1", "org_1", {{"name", "Zo\xc3\xab"}}},
      {"whe_\"q\\", "type\twith\ncontrols\x01", 0, "evt_\xc3\xa9", "org_\xff\xfe bad", nlohmann::json::object()},
      {"", "", 253402300799, "", "", {{"list", {1, 2.5, nullptr, true}}, {"nested", {{"b", 1}, {"a", 2}}}}},
      {"whe_2", "installation.revoked", 1, "evt_2", "org_2",
       InstallationRevokedData("ins_1", "int_1", "evt_2", "revoked_by_organizer", 1795773600)},
  };
  for (const auto& in : inputs) {
    nlohmann::ordered_json envelope;
    envelope["id"] = in.id;
    envelope["type"] = in.type;
    envelope["created_at"] = IsoTimestampFromUnix(in.created_at);
    envelope["event_id"] = in.event_id;
    envelope["organization_id"] = in.organization_id;
    envelope["data"] = nlohmann::ordered_json::parse(in.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    EXPECT_EQ(PayloadBody(in.id, in.type, in.created_at, in.event_id, in.organization_id, in.data),
              envelope.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
        << in.id;
  }
}

}  // namespace
}  // namespace revento::emulator::webhooks
