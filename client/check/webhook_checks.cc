#include "client/check/webhook_checks.h"

#include <algorithm>

#include "client/check/fix_catalog.h"
#include "client/check/report_text.h"

namespace revento::client::check {

// The deliveries that must be refused (4xx), one row each: what is sent,
// the likely bug when it is accepted, the fix in words, and the key of the
// rule and its code in fix_catalog.h.
struct RefusedDelivery {
  std::string_view id, name, title;
  webhooks::Variant variant;
  std::string_view bug, fix, fix_key;
};

namespace {

using webhooks::Delivery;
using webhooks::DeliverySpec;
using webhooks::Variant;

bool Is2xx(const webhooks::PostOutcome& o) { return o.status && *o.status >= 200 && *o.status < 300; }
bool Is4xx(const webhooks::PostOutcome& o) { return o.status && *o.status >= 400 && *o.status < 500; }

std::string Seconds(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000) + " s";
  return std::to_string(timeout.count()) + " ms";
}

std::string Answered(const webhooks::PostOutcome& o) {
  if (!o.status) return o.error.empty() ? "no answer" : o.error;
  return std::to_string(*o.status);
}

std::string VariantWords(Variant v) {
  switch (v) {
    case Variant::kValid:
      return "valid signature";
    case Variant::kUnusualSpacing:
      return "valid signature over non-ASCII UTF-8 with unusual spacing";
    case Variant::kWrongSecret:
      return "signed with another secret";
    case Variant::kOneHexDigitChanged:
      return "signature with one hex digit changed";
    case Variant::kSignatureMissing:
      return "no X-Revento-Signature";
    case Variant::kSignatureEmpty:
      return "empty X-Revento-Signature";
    case Variant::kNoPrefix:
      return "signature without sha256=";
    case Variant::kUppercaseHex:
      return "signature in uppercase hex";
    case Variant::kTimestampMissing:
      return "no X-Revento-Timestamp";
    case Variant::kStaleTimestamp:
      return "correctly signed, timestamp 301 s old";
    case Variant::kFutureTimestamp:
      return "correctly signed, timestamp 301 s in the future";
    case Variant::kBodyChangedAfterSigning:
      return "one body byte changed after signing";
    case Variant::kBodyRespacedAfterSigning:
      return "body re-spaced after signing";
  }
  return "?";
}

// clang-format off
constexpr RefusedDelivery kForgeries[] = {
    {"2a", "wrong-signature", "a signature with one hex digit changed", Variant::kOneHexDigitChanged,
     "the receiver does not compare the signature",
     "compare X-Revento-Signature with the digest you compute, in constant time, and answer 401 when they differ",
     "signature-compare"},
    {"2b", "wrong-secret", "a delivery signed with another secret", Variant::kWrongSecret,
     "the receiver does not verify the signature against its own secret",
     "compute the digest with your integration's webhook secret and answer 401 when it differs", "signature-compare"},
    {"3a", "signature-missing", "no X-Revento-Signature header", Variant::kSignatureMissing,
     "the receiver accepts a delivery without a signature",
     "treat a missing X-Revento-Signature as invalid and answer 401", "signature-compare"},
    {"3b", "signature-empty", "an empty X-Revento-Signature header", Variant::kSignatureEmpty,
     "the receiver accepts an empty signature", "treat an empty X-Revento-Signature as invalid and answer 401",
     "signature-compare"},
    {"3c", "no-prefix", "the right digest without the sha256= prefix", Variant::kNoPrefix,
     "the receiver strips or ignores the sha256= prefix",
     "compare the whole header with \"sha256=\" + hex digest, byte for byte", "signature-compare"},
    {"3d", "uppercase-hex", "the right digest in uppercase hex", Variant::kUppercaseHex,
     "the receiver compares the digest case-insensitively",
     "compare with the lowercase hex digest exactly (no lowercasing, no case-insensitive compare)",
     "signature-compare"},
    {"4a", "stale-timestamp", "a correctly signed delivery with a timestamp 301 s old", Variant::kStaleTimestamp,
     "the receiver does not check X-Revento-Timestamp",
     "reject X-Revento-Timestamp more than 300 s from your clock either way, before checking the signature",
     "timestamp-window"},
    {"4b", "future-timestamp", "a correctly signed delivery 301 s in the future", Variant::kFutureTimestamp,
     "the receiver checks only the past side of the timestamp, or not at all",
     "reject X-Revento-Timestamp more than 300 s from your clock either way (use the absolute difference)",
     "timestamp-window"},
    {"5a", "body-changed", "a body with one byte changed after signing", Variant::kBodyChangedAfterSigning,
     "the receiver does not verify the signature over the body it received",
     "verify the raw bytes you received, before parsing them", "raw-body"},
    {"5b", "body-respaced", "the same JSON re-spaced after signing", Variant::kBodyRespacedAfterSigning,
     "the receiver verifies a re-serialised body (parsed, then encoded again), not the raw bytes, so any re-spacing "
     "of the same JSON passes",
     "verify the raw bytes you received, before parsing them; never a body encoded again", "raw-body"},
};
// clang-format on

std::string SentLine(const Delivery& delivery) {
  std::string line = "POST " + delivery.type + " " + delivery.delivery_id + " (" + VariantWords(delivery.variant);
  if (auto ts = delivery.Header("X-Revento-Timestamp")) line += ", X-Revento-Timestamp " + *ts;
  line += ", " + std::to_string(delivery.body.size()) + " bytes)";
  return line;
}

std::string ReceivedLine(const webhooks::PostOutcome& outcome) {
  if (!outcome.status) return outcome.error + " after " + Millis(outcome.duration_ms);
  std::string line = std::to_string(*outcome.status);
  if (!outcome.body.empty()) line += " \"" + Excerpt(outcome.body) + "\"";
  return line + " in " + Millis(outcome.duration_ms);
}

Exchange Describe(const Delivery& delivery, const webhooks::PostOutcome& outcome) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : delivery.headers) headers[name] = value;
  nlohmann::json detail = {
      {"sent",
       {{"type", delivery.type},
        {"delivery_id", delivery.delivery_id},
        {"variant", webhooks::VariantName(delivery.variant)},
        {"headers", headers},
        {"body", delivery.body}}},
      {"received",
       {{"status", outcome.status ? nlohmann::json(*outcome.status) : nlohmann::json(nullptr)},
        {"body", outcome.body},
        {"duration_ms", outcome.duration_ms},
        {"timed_out", outcome.timed_out},
        {"error", outcome.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(outcome.error)}}}};
  return {SentLine(delivery), ReceivedLine(outcome), outcome.duration_ms, std::move(detail)};
}

}  // namespace

const webhooks::WebhookSender& WebhookChecker::DefaultSender() {
  static const webhooks::WebhookSender kSender;
  return kSender;
}

WebhookChecker::WebhookChecker(CheckWebhooksConfig config, webhooks::DeliveryTransport transport,
                               const webhooks::WebhookSender& sender)
    : config_(std::move(config)), transport_(std::move(transport)), sender_(sender) {}

DeliverySpec WebhookChecker::Spec(Variant variant) const {
  DeliverySpec spec;
  spec.type = "participant.registered";
  spec.secret = config_.secret;
  spec.variant = variant;
  return spec;
}

WebhookChecker::Attempt WebhookChecker::Send(const Delivery& delivery) {
  Attempt exchange{delivery, transport_(config_.url, delivery, config_.timeout)};
  // Only an answer, or a wait that ran out, has a response time; a refused
  // connection has none.
  if (exchange.outcome.status || exchange.outcome.timed_out) durations_ms_.push_back(exchange.outcome.duration_ms);
  ++attempts_;
  if (exchange.outcome.timed_out || exchange.outcome.duration_ms > static_cast<double>(config_.timeout.count())) {
    slow_.push_back(delivery.delivery_id + " (" + std::string(webhooks::VariantName(delivery.variant)) + ")");
  }
  return exchange;
}

CheckResult WebhookChecker::Expect4xx(const RefusedDelivery& forgery) {
  CheckResult r{std::string(forgery.id), std::string(forgery.name), std::string(forgery.title), "4xx"};
  auto delivery = sender_.Build(Spec(forgery.variant));
  Attempt attempt = Send(*delivery);
  r.exchanges.push_back(Describe(attempt.delivery, attempt.outcome));
  const auto& o = attempt.outcome;
  r.passed = Is4xx(o);
  if (r.passed) return r;
  r.problem = "expected 4xx, got " + Answered(o);
  if (Is2xx(o)) {
    r.bug = forgery.bug;
    r.fix = forgery.fix;
    ApplyFix(r, forgery.fix_key);
  } else if (o.status && *o.status >= 500) {
    r.bug = "the receiver answers a refused delivery with a server error, which Revento retries";
    r.fix = "answer 400 or 401 when verification fails, and catch errors in the verification code";
    ApplyFix(r, forgery.fix_key);
  } else if (o.status) {
    r.bug = "the receiver answers a refused delivery with neither 2xx nor 4xx";
    r.fix = "answer 401 when verification fails (a redirect is never followed)";
    ApplyFix(r, forgery.fix_key);
  } else {
    r.bug = "the receiver did not answer";
    r.fix = "check that the app is running at " + config_.url + " and answers within " + Seconds(config_.timeout);
  }
  return r;
}

void WebhookChecker::Expect2xx(CheckResult& r, const std::vector<Attempt>& attempts, std::string refused_bug,
                               std::string refused_fix, std::string_view fix_key) const {
  const std::string within = "2xx within " + Seconds(config_.timeout);
  for (const auto& a : attempts) r.exchanges.push_back(Describe(a.delivery, a.outcome));
  r.passed = true;
  for (const auto& a : attempts) {
    const auto& o = a.outcome;
    bool late = o.duration_ms > static_cast<double>(config_.timeout.count());
    if (Is2xx(o) && !late) continue;
    r.passed = false;
    if (Is2xx(o) || o.timed_out) {
      r.problem = "expected " + within + ", got " + Answered(o) + " after " + Millis(o.duration_ms);
      r.bug = "the receiver does its work before answering, and takes longer than " + Seconds(config_.timeout);
      r.fix = "answer 2xx as soon as the signature verifies and do slow work afterwards (a queue)";
      ApplyFix(r, "answer-fast");
    } else if (!o.status) {
      r.problem = "expected " + within + ", got " + Answered(o);
      r.bug = "the receiver did not answer";
      r.fix = "check that the app is running at " + config_.url + " (revento check webhooks --to URL)";
      r.rule = "the receiver answers at the URL the integration registered";
    } else {
      r.problem = "expected " + within + ", got " + Answered(o) + (o.body.empty() ? "" : " \"" + Excerpt(o.body) + "\"");
      r.bug = std::move(refused_bug);
      r.fix = std::move(refused_fix);
      ApplyFix(r, fix_key);
    }
    return;
  }
}

CheckResult WebhookChecker::CheckValid() {
  CheckResult r{"1", "valid", "a valid signed delivery", "2xx within " + Seconds(config_.timeout)};
  Expect2xx(r, {Send(*sender_.Build(Spec(Variant::kValid)))},
            "the receiver refuses a correctly signed delivery: most often it verifies a re-serialised body (parsed and "
            "encoded again) instead of the raw bytes it received; else a wrong secret or signing scheme",
            "compute the HMAC over the raw body bytes as received, with the integration's webhook secret (the one "
            "passed as --secret)",
            "webhook-signature");
  return r;
}

CheckResult WebhookChecker::CheckRawBytes() {
  CheckResult r{"6", "raw-bytes", "a correctly signed non-ASCII UTF-8 body with unusual spacing",
                "2xx within " + Seconds(config_.timeout)};
  auto spec = Spec(Variant::kUnusualSpacing);
  spec.overrides = {{"first_name", "Zoë"}, {"last_name", "Ødegård-Łukasiewicz 🎉"}, {"email", "zoë@例え.jp"}};
  Expect2xx(r, {Send(*sender_.Build(spec))},
            "the receiver verifies a re-serialised or re-encoded body instead of the raw bytes, so a correct delivery "
            "whose bytes differ from what a JSON encoder would write fails",
            "verify the raw bytes you received, before parsing them; do not decode and re-encode the text", "raw-body");
  return r;
}

CheckResult WebhookChecker::CheckRetry() {
  CheckResult r{"7", "retry", "the same delivery id twice (a retry)",
                "2xx within " + Seconds(config_.timeout) + ", both times"};
  auto first = *sender_.Build(Spec(Variant::kValid));
  Attempt original = Send(first);
  Attempt repeat = Send(sender_.Resign(first, config_.secret));
  Expect2xx(r, {original, repeat},
            "the receiver refuses a delivery id it has seen, so a retry after a lost answer fails and Revento keeps "
            "retrying",
            "key idempotency on X-Revento-Delivery-Id: do the work once and answer 2xx to every repeat",
            "delivery-dedupe");
  return r;
}

CheckResult WebhookChecker::CheckResponseTime() const {
  CheckResult r{"8", "response-time", "response time of every attempt above", "no attempt over " + Seconds(config_.timeout)};
  std::vector<double> sorted = durations_ms_;
  std::sort(sorted.begin(), sorted.end());
  double p50 = sorted.empty() ? 0 : sorted[(sorted.size() - 1) / 2];
  double max = sorted.empty() ? 0 : sorted.back();
  r.title = "p50 " + Millis(p50) + ", max " + Millis(max) + " over " + std::to_string(sorted.size()) + " attempts";
  r.passed = slow_.empty() && !sorted.empty();
  if (sorted.empty()) {
    r.title = "no answer to time in " + std::to_string(attempts_) + " attempts";
    r.problem = "no attempt got an HTTP answer, so no response time was measured";
    r.bug = "the receiver did not answer at all; Revento fails every such attempt and retries it";
    r.fix = "start the receiver at " + config_.url + " and run the check again";
    r.rule = "the receiver answers at the URL the integration registered";
  } else if (!r.passed) {
    r.problem = std::to_string(slow_.size()) + " attempt(s) took longer than " + Seconds(config_.timeout) + ": ";
    for (size_t i = 0; i < slow_.size(); ++i) r.problem += (i ? ", " : "") + slow_[i];
    r.bug = "the receiver works before answering; Revento fails an attempt after " + Seconds(config_.timeout) +
            " and retries it";
    r.fix = "answer 2xx right after verifying and do slow work afterwards (a queue)";
    ApplyFix(r, "answer-fast");
  }
  return r;
}

std::vector<CheckResult> WebhookChecker::Run() {
  durations_ms_.clear();
  slow_.clear();
  attempts_ = 0;
  std::vector<CheckResult> results{CheckValid()};
  for (const auto& forgery : kForgeries) results.push_back(Expect4xx(forgery));
  results.push_back(CheckRawBytes());
  results.push_back(CheckRetry());
  results.push_back(CheckResponseTime());
  return results;
}

}  // namespace revento::client::check
