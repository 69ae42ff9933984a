// WebhookSender: every variant breaks exactly the rule it names (the
// reference verifier reports that refusal), the envelope and merge patch
// follow the contract, and a retry keeps the delivery id and body.
#include "client/webhooks/webhook_sender.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "client/webhooks/payload_templates.h"
#include "client/webhooks/signature_verifier.h"

namespace revento::client::webhooks {
namespace {

using std::chrono::system_clock;

constexpr int64_t kNow = 1795773600;

class WebhookSenderTest : public ::testing::Test {
 protected:
  system_clock::time_point now_ = system_clock::time_point(std::chrono::seconds(kNow)) + std::chrono::milliseconds(400);
  int ids_ = 0;
  WebhookSender sender_{
      PayloadTemplates::BuiltIn(), [this] { return now_; },
      [this](std::string_view prefix) { return std::string(prefix) + "id" + std::to_string(++ids_); }};
  WebhookVerifier verifier_{"whsec_s", [] { return kNow; }};

  Delivery Build(Variant variant, std::string type = "participant.registered") {
    DeliverySpec spec;
    spec.type = type;
    spec.secret = "whsec_s";
    spec.variant = variant;
    auto d = sender_.Build(spec);
    EXPECT_TRUE(d.has_value());
    return *d;
  }
  std::optional<Refusal> Verify(const Delivery& d) {
    auto ts = d.Header("X-Revento-Timestamp");
    auto sig = d.Header("X-Revento-Signature");
    auto r = verifier_.Verify(ts ? std::optional<std::string_view>(*ts) : std::nullopt,
                              sig ? std::optional<std::string_view>(*sig) : std::nullopt, d.body);
    if (r) return std::nullopt;
    return r.error().reason;
  }
};

TEST_F(WebhookSenderTest, RefusesAnUnknownTypeListingTheCatalog) {
  DeliverySpec spec;
  spec.type = "participant.deleted";
  auto d = sender_.Build(spec);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("participant.checked_in"), std::string::npos);
}

TEST_F(WebhookSenderTest, RefusesOverridesThatAreNotAnObject) {
  DeliverySpec spec;
  spec.overrides = nlohmann::ordered_json::array({1});
  EXPECT_FALSE(sender_.Build(spec));
}

TEST_F(WebhookSenderTest, EachBrokenVariantIsRefusedForItsOwnReason) {
  EXPECT_EQ(Verify(Build(Variant::kWrongSecret)), Refusal::kMismatch);
  EXPECT_EQ(Verify(Build(Variant::kOneHexDigitChanged)), Refusal::kMismatch);
  EXPECT_EQ(Verify(Build(Variant::kSignatureMissing)), Refusal::kMissingSignature);
  EXPECT_EQ(Verify(Build(Variant::kSignatureEmpty)), Refusal::kMissingSignature);
  EXPECT_EQ(Verify(Build(Variant::kNoPrefix)), Refusal::kMalformedSignature);
  EXPECT_EQ(Verify(Build(Variant::kUppercaseHex)), Refusal::kMalformedSignature);
  EXPECT_EQ(Verify(Build(Variant::kTimestampMissing)), Refusal::kMissingTimestamp);
  EXPECT_EQ(Verify(Build(Variant::kStaleTimestamp)), Refusal::kStaleTimestamp);
  EXPECT_EQ(Verify(Build(Variant::kFutureTimestamp)), Refusal::kFutureTimestamp);
  EXPECT_EQ(Verify(Build(Variant::kBodyChangedAfterSigning)), Refusal::kMismatch);
  EXPECT_EQ(Verify(Build(Variant::kBodyRespacedAfterSigning)), Refusal::kMismatch);
}

TEST_F(WebhookSenderTest, TheBrokenBodiesAreStillTheSameJsonShape) {
  Delivery changed = Build(Variant::kBodyChangedAfterSigning);
  EXPECT_EQ(changed.body.size(), changed.signed_body.size());
  int differing = 0;
  for (size_t i = 0; i < changed.body.size(); ++i) differing += changed.body[i] != changed.signed_body[i];
  EXPECT_EQ(differing, 1);
  EXPECT_FALSE(nlohmann::json::parse(changed.body, nullptr, false).is_discarded());
  Delivery respaced = Build(Variant::kBodyRespacedAfterSigning);
  EXPECT_NE(respaced.body, respaced.signed_body);
  EXPECT_EQ(nlohmann::json::parse(respaced.body), nlohmann::json::parse(respaced.signed_body));
}

TEST_F(WebhookSenderTest, StaleAndFutureAreMoreThan300SecondsAwayOnEitherSideOfTheSecond) {
  EXPECT_EQ(Build(Variant::kStaleTimestamp).Header("X-Revento-Timestamp"), std::to_string(kNow - 301));
  EXPECT_EQ(Build(Variant::kFutureTimestamp).Header("X-Revento-Timestamp"), std::to_string(kNow + 1 + 301));
  EXPECT_EQ(Build(Variant::kValid).Header("X-Revento-Timestamp"), std::to_string(kNow));
}

TEST_F(WebhookSenderTest, TheCorrectVariantsVerify) {
  for (Variant v : AllVariants()) {
    if (ExpectAccepted(v)) {
      EXPECT_EQ(Verify(Build(v)), std::nullopt) << VariantName(v);
    } else {
      EXPECT_NE(Verify(Build(v)), std::nullopt) << VariantName(v);
    }
  }
  Delivery spaced = Build(Variant::kUnusualSpacing);
  EXPECT_NE(spaced.body.find('\t'), std::string::npos);
  EXPECT_NE(spaced.body.find("\" : "), std::string::npos);
}

TEST_F(WebhookSenderTest, EveryCatalogTypeBuildsTheContractEnvelopeInOrder) {
  ASSERT_EQ(CatalogTypes().size(), 11u);
  for (const auto& type : CatalogTypes()) {
    Delivery d = Build(Variant::kValid, type);
    EXPECT_EQ(d.Header("X-Revento-Event"), type);
    EXPECT_EQ(d.Header("Content-Type"), "application/json");
    EXPECT_TRUE(d.delivery_id.starts_with("dlv_"));
    auto body = nlohmann::ordered_json::parse(d.body);
    std::vector<std::string> keys;
    for (const auto& [k, _] : body.items()) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<std::string>{"id", "type", "created_at", "event_id", "organization_id", "data"}));
    EXPECT_EQ(body["type"], type);
    EXPECT_EQ(body["created_at"], "2026-11-27T10:00:00Z");
    EXPECT_TRUE(body["data"].is_object());
    EXPECT_EQ(d.body, body.dump());  // compact
  }
}

TEST_F(WebhookSenderTest, OverridesAreAMergePatchOnData) {
  DeliverySpec spec;
  spec.type = "application.approved";
  spec.secret = "whsec_s";
  spec.overrides = nlohmann::ordered_json::parse(R"({"applicant":{"name":"Zoë"},"answers":null,"extra":1})");
  auto d = sender_.Build(spec);
  ASSERT_TRUE(d);
  auto data = nlohmann::json::parse(d->body)["data"];
  EXPECT_EQ(data["applicant"]["name"], "Zoë");
  EXPECT_EQ(data["applicant"]["email"], "joan.clarke@example.com");
  EXPECT_FALSE(data.contains("answers"));
  EXPECT_EQ(data["extra"], 1);
  EXPECT_NE(d->body.find("Zoë"), std::string::npos);  // raw UTF-8, no \u escapes
}

TEST_F(WebhookSenderTest, ResignIsARetryWithTheSameIdAndBodyAndAFreshTimestamp) {
  Delivery first = Build(Variant::kValid);
  now_ += std::chrono::seconds(7);
  Delivery retry = sender_.Resign(first, "whsec_s");
  EXPECT_EQ(retry.delivery_id, first.delivery_id);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.Header("X-Revento-Timestamp"), std::to_string(kNow + 7));
  EXPECT_NE(retry.Header("X-Revento-Signature"), first.Header("X-Revento-Signature"));
}

TEST_F(WebhookSenderTest, VariantNamesRoundTrip) {
  for (Variant v : AllVariants()) EXPECT_EQ(ParseVariant(VariantName(v)), v);
  EXPECT_EQ(ParseVariant("nope"), std::nullopt);
}

TEST(PayloadTemplatesTest, LoadDirectoryNamesTheMissingOrBadFile) {
  auto dir = std::filesystem::temp_directory_path() / ("revento_payloads_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto missing = PayloadTemplates::LoadDirectory(dir);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("event.published.json"), std::string::npos);
  for (const auto& type : CatalogTypes()) std::ofstream(dir / (type + ".json")) << "{}";
  std::ofstream(dir / "participant.updated.json") << "[1]";
  auto bad = PayloadTemplates::LoadDirectory(dir);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("participant.updated.json"), std::string::npos);
  std::ofstream(dir / "participant.updated.json") << "{\"id\":\"par_1\"}";
  auto good = PayloadTemplates::LoadDirectory(dir);
  ASSERT_TRUE(good);
  EXPECT_EQ((*good->DataFor("participant.updated"))["id"], "par_1");
  std::filesystem::remove_all(dir);
}

TEST(PayloadTemplatesTest, TheBuiltInTemplatesAreTheFilesUnderFixturesPayloads) {
  auto files = PayloadTemplates::LoadDirectory(std::filesystem::path(REVENTO_SOURCE_DIR) / "fixtures" / "payloads");
  ASSERT_TRUE(files) << files.error().message;
  for (const auto& type : CatalogTypes()) {
    EXPECT_EQ(*PayloadTemplates::BuiltIn().DataFor(type), *files->DataFor(type)) << type;
  }
}

}  // namespace
}  // namespace revento::client::webhooks
