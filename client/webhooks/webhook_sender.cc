#include "client/webhooks/webhook_sender.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

#include "client/webhooks/signature_verifier.h"

namespace revento::client::webhooks {

namespace {

struct VariantInfo {
  Variant variant;
  std::string_view name;
};

constexpr VariantInfo kVariants[] = {
    {Variant::kValid, "valid"},
    {Variant::kUnusualSpacing, "unusual-spacing"},
    {Variant::kWrongSecret, "wrong-secret"},
    {Variant::kOneHexDigitChanged, "one-hex-digit-changed"},
    {Variant::kSignatureMissing, "signature-missing"},
    {Variant::kSignatureEmpty, "signature-empty"},
    {Variant::kNoPrefix, "no-prefix"},
    {Variant::kUppercaseHex, "uppercase-hex"},
    {Variant::kTimestampMissing, "timestamp-missing"},
    {Variant::kStaleTimestamp, "stale-timestamp"},
    {Variant::kFutureTimestamp, "future-timestamp"},
    {Variant::kBodyChangedAfterSigning, "body-changed"},
    {Variant::kBodyRespacedAfterSigning, "body-respaced"},
};

std::string IsoUtc(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Dump(const nlohmann::ordered_json& value, int indent = -1, char indent_char = ' ') {
  return value.dump(indent, indent_char, false, nlohmann::ordered_json::error_handler_t::replace);
}

// The same JSON value with unusual but valid spacing: tab indentation, a
// space before every colon that separates a key, CRLF line ends and trailing
// whitespace. Built from the parsed value, so the bytes differ, the value not.
std::string Respace(const std::string& compact) {
  auto value = nlohmann::ordered_json::parse(compact);
  std::string pretty = Dump(value, 1, '\t');
  std::string out;
  out.reserve(pretty.size() * 2);
  bool in_string = false;
  for (size_t i = 0; i < pretty.size(); ++i) {
    char c = pretty[i];
    if (in_string) {
      out += c;
      if (c == '\\') {
        out += pretty[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ':') out += ' ';
    if (c == '\n') out += '\r';
    out += c;
  }
  return out + " \r\n";
}

// One byte changed inside the value of the body's "id" (its last character),
// so the body stays valid JSON of the same shape.
std::string ChangeOneByte(std::string body) {
  size_t key = body.find("\"id\":\"");
  size_t end = key == std::string::npos ? std::string::npos : body.find('"', key + 6);
  if (end == std::string::npos || end == key + 6) {
    body.insert(body.size() - 1, " ");
    return body;
  }
  char& c = body[end - 1];
  c = c == 'a' ? 'b' : 'a';
  return body;
}

}  // namespace

const std::vector<Variant>& AllVariants() {
  static const std::vector<Variant> kAll = [] {
    std::vector<Variant> all;
    for (const auto& info : kVariants) all.push_back(info.variant);
    return all;
  }();
  return kAll;
}

std::string_view VariantName(Variant variant) {
  for (const auto& info : kVariants) {
    if (info.variant == variant) return info.name;
  }
  return "unknown";
}

std::optional<Variant> ParseVariant(std::string_view name) {
  for (const auto& info : kVariants) {
    if (info.name == name) return info.variant;
  }
  return std::nullopt;
}

bool ExpectAccepted(Variant variant) { return variant == Variant::kValid || variant == Variant::kUnusualSpacing; }

std::optional<std::string> Delivery::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (std::equal(key.begin(), key.end(), name.begin(), name.end(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return value;
    }
  }
  return std::nullopt;
}

std::chrono::system_clock::time_point SystemNow() { return std::chrono::system_clock::now(); }

std::string RandomId(std::string_view prefix) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  unsigned char raw[20];
  if (RAND_bytes(raw, sizeof(raw)) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
  std::string id(prefix);
  for (unsigned char byte : raw) id += kAlphabet[byte & 31];
  return id;
}

WebhookSender::WebhookSender(const PayloadTemplates& templates, TimeSource now, IdSource ids)
    : templates_(templates), now_(std::move(now)), ids_(std::move(ids)) {}

Result<Delivery> WebhookSender::Build(const DeliverySpec& spec) const {
  auto data = templates_.DataFor(spec.type);
  if (!data) return portable::unexpected(data.error());
  if (!spec.overrides.is_object()) {
    return Fail("overrides must be a JSON object (a merge patch on data), e.g. {\"first_name\":\"Zoë\"}");
  }
  data->merge_patch(spec.overrides);
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(now_().time_since_epoch()).count();
  nlohmann::ordered_json envelope = {{"id", spec.occurrence_id.empty() ? ids_("whe_") : spec.occurrence_id},
                                     {"type", spec.type},
                                     {"created_at", IsoUtc(now)},
                                     {"event_id", spec.event_id},
                                     {"organization_id", spec.organization_id},
                                     {"data", *data}};
  std::string body = Dump(envelope);
  if (spec.variant == Variant::kUnusualSpacing) body = Respace(body);
  return Sign(spec.type, spec.delivery_id.empty() ? ids_("dlv_") : spec.delivery_id, std::move(body), spec.secret,
              spec.variant);
}

Delivery WebhookSender::Resign(const Delivery& delivery, std::string_view secret) const {
  return Sign(delivery.type, delivery.delivery_id, delivery.signed_body, secret, delivery.variant);
}

Delivery WebhookSender::Sign(std::string type, std::string delivery_id, std::string signed_body,
                             std::string_view secret, Variant variant) const {
  auto now = now_();
  auto since_epoch = now.time_since_epoch();
  int64_t floor_seconds = std::chrono::floor<std::chrono::seconds>(since_epoch).count();
  int64_t ceil_seconds = std::chrono::ceil<std::chrono::seconds>(since_epoch).count();
  int64_t timestamp = floor_seconds;
  if (variant == Variant::kStaleTimestamp) timestamp = floor_seconds - 301;
  if (variant == Variant::kFutureTimestamp) timestamp = ceil_seconds + 301;
  std::string ts = std::to_string(timestamp);
  std::string signature = ComputeSignature(variant == Variant::kWrongSecret ? kWrongSecret : secret, ts, signed_body);
  switch (variant) {
    case Variant::kOneHexDigitChanged:
      signature.back() = signature.back() == '0' ? '1' : '0';
      break;
    case Variant::kNoPrefix:
      signature = signature.substr(7);
      break;
    case Variant::kUppercaseHex:
      std::transform(signature.begin() + 7, signature.end(), signature.begin() + 7,
                     [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
      break;
    case Variant::kSignatureEmpty:
      signature.clear();
      break;
    default:
      break;
  }
  Delivery d;
  d.type = std::move(type);
  d.delivery_id = std::move(delivery_id);
  d.variant = variant;
  d.headers = {
      {"Content-Type", "application/json"}, {"X-Revento-Event", d.type}, {"X-Revento-Delivery-Id", d.delivery_id}};
  if (variant != Variant::kTimestampMissing) d.headers.emplace_back("X-Revento-Timestamp", ts);
  if (variant != Variant::kSignatureMissing) d.headers.emplace_back("X-Revento-Signature", signature);
  d.signed_body = std::move(signed_body);
  d.body = d.signed_body;
  if (variant == Variant::kBodyChangedAfterSigning) d.body = ChangeOneByte(d.body);
  if (variant == Variant::kBodyRespacedAfterSigning) d.body = Respace(d.body);
  return d;
}

}  // namespace revento::client::webhooks
