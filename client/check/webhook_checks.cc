#include "client/check/webhook_checks.h"

#include <algorithm>
#include <cmath>

namespace revento::client::check {

namespace {

using webhooks::Delivery;
using webhooks::DeliverySpec;
using webhooks::Variant;

bool Is2xx(const webhooks::PostOutcome& o) { return o.status && *o.status >= 200 && *o.status < 300; }
bool Is4xx(const webhooks::PostOutcome& o) { return o.status && *o.status >= 400 && *o.status < 500; }

std::string WebhookExcerpt(const std::string& text, size_t max = 80) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c == '\n' || c == '\r') ? ' ' : c;
  if (text.size() > max) out += "...";
  return out;
}

std::string WebhookMillis(double ms) {
  if (ms < 10) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1f ms", ms);
    return buf;
  }
  return std::to_string(static_cast<int64_t>(std::llround(ms))) + " ms";
}

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

constexpr std::string_view kRawBodyFix =
    "verify the raw bytes you received: in Express, express.json({verify: (req, res, buf) => { req.rawBody = buf; }}) "
    "and hmac.update(req.rawBody), never JSON.stringify(req.body)";

std::string SentLine(const Delivery& delivery) {
  std::string line = "POST " + delivery.type + " " + delivery.delivery_id + " (" + VariantWords(delivery.variant);
  if (auto ts = delivery.Header("X-Revento-Timestamp")) line += ", X-Revento-Timestamp " + *ts;
  line += ", " + std::to_string(delivery.body.size()) + " bytes)";
  return line;
}

std::string ReceivedLine(const webhooks::PostOutcome& outcome) {
  if (!outcome.status) return outcome.error + " after " + WebhookMillis(outcome.duration_ms);
  std::string line = std::to_string(*outcome.status);
  if (!outcome.body.empty()) line += " \"" + WebhookExcerpt(outcome.body) + "\"";
  return line + " in " + WebhookMillis(outcome.duration_ms);
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

CheckResult WebhookChecker::Expect4xx(std::string id, std::string name, std::string title, Variant variant,
                                      std::string bug, std::string fix) {
  CheckResult r{std::move(id), std::move(name), std::move(title), "4xx", false, {}, "", "", ""};
  auto delivery = sender_.Build(Spec(variant));
  Attempt attempt = Send(*delivery);
  r.exchanges.push_back(Describe(attempt.delivery, attempt.outcome));
  const auto& o = attempt.outcome;
  r.passed = Is4xx(o);
  if (r.passed) return r;
  r.problem = "expected 4xx, got " + Answered(o);
  if (Is2xx(o)) {
    r.bug = std::move(bug);
    r.fix = std::move(fix);
  } else if (o.status && *o.status >= 500) {
    r.bug = "the receiver answers a refused delivery with a server error, which Revento retries";
    r.fix = "answer 400 or 401 when verification fails, and catch errors in the verification code";
  } else if (o.status) {
    r.bug = "the receiver answers a refused delivery with neither 2xx nor 4xx";
    r.fix = "answer 401 when verification fails (a redirect is never followed)";
  } else {
    r.bug = "the receiver did not answer";
    r.fix = "check that the app is running at " + config_.url + " and answers within " + Seconds(config_.timeout);
  }
  return r;
}

std::vector<CheckResult> WebhookChecker::Run() {
  durations_ms_.clear();
  slow_.clear();
  attempts_ = 0;
  std::vector<CheckResult> results;
  std::string within = "2xx within " + Seconds(config_.timeout);
  auto expect_2xx = [&](CheckResult& r, const std::vector<Attempt>& attempts, const std::string& refused_bug,
                        const std::string& refused_fix) {
    for (const auto& a : attempts) r.exchanges.push_back(Describe(a.delivery, a.outcome));
    for (const auto& a : attempts) {
      const auto& o = a.outcome;
      bool late = o.duration_ms > static_cast<double>(config_.timeout.count());
      if (Is2xx(o) && !late) continue;
      r.passed = false;
      if (Is2xx(o) || o.timed_out) {
        r.problem = "expected " + within + ", got " + Answered(o) + " after " + WebhookMillis(o.duration_ms);
        r.bug = "the receiver does its work before answering, and takes longer than " + Seconds(config_.timeout);
        r.fix =
            "answer 2xx as soon as the signature verifies and do slow work afterwards (a queue); Revento counts "
            "a slower answer as failed and retries";
      } else if (!o.status) {
        r.problem = "expected " + within + ", got " + Answered(o);
        r.bug = "the receiver did not answer";
        r.fix = "check that the app is running at " + config_.url + " (revento check webhooks --to URL)";
      } else {
        r.problem =
            "expected " + within + ", got " + Answered(o) + (o.body.empty() ? "" : " \"" + WebhookExcerpt(o.body) + "\"");
        r.bug = refused_bug;
        r.fix = refused_fix;
      }
      return;
    }
    r.passed = true;
  };

  {
    CheckResult r{"1", "valid", "a valid signed delivery", within, false, {}, "", "", ""};
    expect_2xx(r, {Send(*sender_.Build(Spec(Variant::kValid)))},
               "the receiver refuses a correctly signed delivery: a wrong secret or a wrong signing scheme",
               "pass the integration's webhook secret (--secret) and compute \"sha256=\" + hex HMAC-SHA256(secret, "
               "timestamp + \".\" + raw body)");
    results.push_back(std::move(r));
  }
  const std::string compare_fix =
      "compute \"sha256=\" + hex HMAC-SHA256(secret, timestamp + \".\" + raw body), compare it with "
      "X-Revento-Signature in constant time (crypto.timingSafeEqual) and answer 401 when they differ";
  results.push_back(Expect4xx("2a", "wrong-signature", "a signature with one hex digit changed",
                              Variant::kOneHexDigitChanged, "the receiver does not compare the signature",
                              compare_fix));
  results.push_back(Expect4xx("2b", "wrong-secret", "a delivery signed with another secret", Variant::kWrongSecret,
                              "the receiver does not verify the signature against its own secret", compare_fix));
  results.push_back(Expect4xx("3a", "signature-missing", "no X-Revento-Signature header", Variant::kSignatureMissing,
                              "the receiver accepts a delivery without a signature",
                              "treat a missing X-Revento-Signature as invalid and answer 401"));
  results.push_back(Expect4xx("3b", "signature-empty", "an empty X-Revento-Signature header", Variant::kSignatureEmpty,
                              "the receiver accepts an empty signature",
                              "treat an empty X-Revento-Signature as invalid and answer 401"));
  results.push_back(Expect4xx("3c", "no-prefix", "the right digest without the sha256= prefix", Variant::kNoPrefix,
                              "the receiver strips or ignores the sha256= prefix",
                              "compare the whole header with \"sha256=\" + hex digest, byte for byte"));
  results.push_back(Expect4xx("3d", "uppercase-hex", "the right digest in uppercase hex", Variant::kUppercaseHex,
                              "the receiver compares the digest case-insensitively",
                              "compare with the lowercase hex digest exactly (no toLowerCase, no case-insensitive "
                              "compare)"));
  const std::string timestamp_fix =
      "reject X-Revento-Timestamp more than 300 s from your clock either way (Math.abs(Date.now() / 1000 - ts) > 300 "
      "-> 401), before checking the signature; it stops replays of captured deliveries";
  results.push_back(Expect4xx("4a", "stale-timestamp", "a correctly signed delivery with a timestamp 301 s old",
                              Variant::kStaleTimestamp, "the receiver does not check X-Revento-Timestamp",
                              timestamp_fix));
  results.push_back(Expect4xx("4b", "future-timestamp", "a correctly signed delivery 301 s in the future",
                              Variant::kFutureTimestamp,
                              "the receiver checks only the past side of the timestamp, or not at all",
                              timestamp_fix + " (use the absolute difference)"));
  results.push_back(
      Expect4xx("5a", "body-changed", "a body with one byte changed after signing", Variant::kBodyChangedAfterSigning,
                "the receiver does not verify the signature over the body it received", std::string(kRawBodyFix)));
  results.push_back(Expect4xx("5b", "body-respaced", "the same JSON re-spaced after signing",
                              Variant::kBodyRespacedAfterSigning,
                              "the receiver verifies a re-serialised body (JSON.stringify(req.body)), not the raw "
                              "bytes, so any re-spacing of the same JSON passes",
                              std::string(kRawBodyFix)));
  {
    CheckResult r{"6",    "raw-bytes", "a correctly signed non-ASCII UTF-8 body with unusual spacing",
                  within, false,       {},
                  "",     "",          ""};
    auto spec = Spec(Variant::kUnusualSpacing);
    spec.overrides = {{"first_name", "Zoë"}, {"last_name", "Ødegård-Łukasiewicz 🎉"}, {"email", "zoë@例え.jp"}};
    expect_2xx(r, {Send(*sender_.Build(spec))},
               "the receiver verifies a re-serialised or re-encoded body instead of the raw bytes, so a correct "
               "delivery whose bytes differ from JSON.stringify's fails",
               std::string(kRawBodyFix) + "; do not decode and re-encode the text");
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"7", "retry", "the same delivery id twice (a retry)", within + ", both times", false, {}, "", "", ""};
    auto first = *sender_.Build(Spec(Variant::kValid));
    Attempt original = Send(first);
    Attempt repeat = Send(sender_.Resign(first, config_.secret));
    expect_2xx(r, {original, repeat},
               "the receiver refuses a delivery id it has seen, so a retry after a lost answer fails and Revento "
               "keeps retrying",
               "key idempotency on X-Revento-Delivery-Id: do the work once and answer 2xx to every repeat");
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"8",
                  "response-time",
                  "response time of every attempt above",
                  "no attempt over " + Seconds(config_.timeout),
                  false,
                  {},
                  "",
                  "",
                  ""};
    std::vector<double> sorted = durations_ms_;
    std::sort(sorted.begin(), sorted.end());
    double p50 = sorted.empty() ? 0 : sorted[(sorted.size() - 1) / 2];
    double max = sorted.empty() ? 0 : sorted.back();
    r.title = "p50 " + WebhookMillis(p50) + ", max " + WebhookMillis(max) + " over " + std::to_string(sorted.size()) + " attempts";
    r.passed = slow_.empty() && !sorted.empty();
    if (sorted.empty()) {
      r.title = "no answer to time in " + std::to_string(attempts_) + " attempts";
      r.problem = "no attempt got an HTTP answer, so no response time was measured";
      r.bug = "the receiver did not answer at all; Revento fails every such attempt and retries it";
      r.fix = "start the receiver at " + config_.url + " and run the check again";
    } else if (!r.passed) {
      r.problem = std::to_string(slow_.size()) + " attempt(s) took longer than " + Seconds(config_.timeout) + ": ";
      for (size_t i = 0; i < slow_.size(); ++i) r.problem += (i ? ", " : "") + slow_[i];
      r.bug = "the receiver works before answering; Revento fails an attempt after " + Seconds(config_.timeout) +
              " and retries it";
      r.fix = "answer 2xx right after verifying and do slow work afterwards (a queue)";
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace revento::client::check
