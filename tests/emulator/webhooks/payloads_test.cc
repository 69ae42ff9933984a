// Webhook bodies: key order, raw UTF-8, golden bytes.
#include "emulator/webhooks/payloads.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/clock.h"

namespace revento::emulator::webhooks {
namespace {

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
