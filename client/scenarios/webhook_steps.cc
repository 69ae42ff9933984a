#include "client/scenarios/webhook_steps.h"

#include <strings.h>

#include <chrono>
#include <utility>
#include <vector>

#include "client/scenarios/expectations.h"

namespace revento::client::scenarios {

namespace {

using nlohmann::json;
using Arrivals = std::vector<std::pair<size_t, WebhookReceiver::Arrival>>;

// How long Revento waits for a webhook answer (docs/webhooks.md).
constexpr std::chrono::seconds kWebhookAnswerLimit{10};

// The arrivals no step has consumed yet, of `type` (any when empty), with their index.
Arrivals Unconsumed(WebhookReceiver& receiver, const std::string& type) {
  Arrivals out;
  auto arrivals = receiver.Arrivals();
  for (size_t i = 0; i < arrivals.size(); ++i) {
    if (arrivals[i].consumed) continue;
    std::string got;
    for (const auto& [name, value] : arrivals[i].headers) {
      if (strcasecmp(name.c_str(), "X-Revento-Event") == 0) got = value;
    }
    if (type.empty() || got == type) out.emplace_back(i, arrivals[i]);
  }
  return out;
}

std::string Describe(const Arrivals& arrivals) {
  std::string out;
  for (const auto& [i, a] : arrivals) {
    std::string type = a.json.is_object() ? a.json.value("type", "?") : "?";
    out += (out.empty() ? "" : ", ") + type;
  }
  return out.empty() ? "none" : out;
}

Response ArrivalResponse(const WebhookReceiver& receiver, const WebhookReceiver::Arrival& a) {
  Response r;
  r.status = a.answered;
  r.headers = a.headers;
  r.body = a.body;
  r.json = a.json;
  r.what = "delivery received at " + receiver.url();
  return r;
}

// POST /_sandbox/deliveries/flush; a problem unless it answers 200.
Response Flush(StepContext& context, Problems& problems) {
  Response flushed = context.Sandbox("POST", "/_sandbox/deliveries/flush", json::object());
  if (flushed.status != 200) problems.push_back("flush: expected 200");
  return flushed;
}

// Each matched delivery's signature verified (or not) as the step asks.
void CheckSignatures(const json& p, const Arrivals& matched, Problems& problems) {
  bool want_valid = Str(p, "signature", "valid") == "valid";
  std::string type = Str(p, "type");
  for (const auto& [i, arrival] : matched) {
    if (arrival.verified == want_valid) continue;
    problems.push_back(want_valid ? "delivery " + type + " failed signature verification: " + arrival.verify_error
                                  : "delivery " + type + " passed signature verification, expected it not to");
  }
}

}  // namespace

Response RunReceiver(StepContext& context, const json& p, Problems&) {
  WebhookReceiver::Reply reply;
  reply.status = p.value("status", 200);
  reply.hang = p.value("hang", false);
  reply.headers = HeadersOf(p.value("headers", json::object()));
  reply.body = p.value("body", std::string("ok"));
  context.receiver()->Script(reply, p.value("times", 1));
  return Ok();
}

Response RunExpectWebhook(StepContext& context, const json& p, Problems& problems) {
  Response flushed = Flush(context, problems);
  if (!problems.empty()) return flushed;
  WebhookReceiver& receiver = *context.receiver();
  std::string type = Str(p, "type");
  int count = p.value("count", 1);
  Arrivals matched;
  for (const auto& candidate : Unconsumed(receiver, type)) {
    Response as = ArrivalResponse(receiver, candidate.second);
    if (CheckExpectations(json{{"json", p.value("where", json::object())}}, as).empty()) matched.push_back(candidate);
  }
  if (static_cast<int>(matched.size()) != count) {
    problems.push_back("expected " + std::to_string(count) + " new " + type + " deliver" +
                       (count == 1 ? "y" : "ies") + (p.contains("where") ? " matching " + p["where"].dump() : "") +
                       ", got " + std::to_string(matched.size()) +
                       " (new arrivals: " + Describe(Unconsumed(receiver, "")) + ")");
    return matched.empty() ? flushed : ArrivalResponse(receiver, matched.back().second);
  }
  CheckSignatures(p, matched, problems);
  std::vector<size_t> indexes;
  for (const auto& [i, arrival] : matched) indexes.push_back(i);
  receiver.Consume(indexes);
  if (matched.empty()) return flushed;
  return ArrivalResponse(receiver, matched.back().second);
}

Response RunExpectNoWebhook(StepContext& context, const json& p, Problems& problems) {
  Response flushed = Flush(context, problems);
  if (!problems.empty()) return flushed;
  auto arrivals = Unconsumed(*context.receiver(), Str(p, "type"));
  if (!arrivals.empty()) {
    problems.push_back("expected no new " + Str(p, "type", "delivery") + ", got " + std::to_string(arrivals.size()) +
                       " (" + Describe(arrivals) + ")");
    return ArrivalResponse(*context.receiver(), arrivals.back().second);
  }
  return flushed;
}

namespace {

// The default delivery: a fresh id, keys in the emulator's order,
// indented and with a non-ASCII name, so that an app that verifies a
// re-serialisation of the body instead of its bytes fails.
std::string DefaultWebhookBody(const StepContext& context, const std::string& type, const std::string& id) {
  nlohmann::ordered_json body{{"id", "whe_" + id},
                              {"type", type},
                              {"created_at", "2026-11-27T10:00:00Z"},
                              {"event_id", context.Var("event_id")},
                              {"organization_id", context.Var("organization_id")},
                              {"data", {{"id", context.Var("event_id")}, {"object", "event"}, {"name", "Zoë's Summit"}}}};
  return body.dump(2);
}

// The headers and the body to send: signed with the secret at the clock's
// time, then broken as `tamper` asks ("" body: a tamper that cannot apply).
std::pair<Params, std::string> Delivery(StepContext& context, const json& p, const std::string& id,
                                        const std::string& body) {
  std::string tamper = Str(p, "tamper", "none");
  std::string secret = Str(p, "secret", context.Var("webhook_secret"));
  long long now = SignatureAdapter(*context.target().clock).NowUnix();
  long long signed_at = tamper == "stale_timestamp" ? now - 301 : tamper == "future_timestamp" ? now + 301 : now;
  std::string timestamp = std::to_string(signed_at);
  std::string signature = SignatureAdapter::Sign(tamper == "wrong_secret" ? secret + "x" : secret, timestamp, body);
  if (tamper == "signature") signature[signature.size() - 1] = signature.back() == '0' ? '1' : '0';
  std::string sent = body;
  if (tamper == "body") sent = body + " ";
  if (tamper == "reserialized") {
    json parsed = json::parse(body, nullptr, false);
    sent = parsed.is_discarded() || parsed.dump() == body ? "" : parsed.dump();
  }
  Params headers{{"X-Revento-Event", Str(p, "type")}, {"X-Revento-Delivery-Id", Str(p, "delivery_id", "dlv_" + id)}};
  if (tamper != "no_timestamp") headers.emplace_back("X-Revento-Timestamp", timestamp);
  if (tamper != "no_signature") headers.emplace_back("X-Revento-Signature", signature);
  return {headers, sent};
}

}  // namespace

// The app must answer within kWebhookAnswerLimit (an answer after it fails the step).
Response RunSendWebhook(StepContext& context, const json& p, Problems& problems) {
  std::string id = OAuthAdapter::NewPkce().verifier.substr(0, 16);
  std::string body;
  if (p.contains("body")) {
    body = p["body"].is_string() ? p["body"].get<std::string>() : p["body"].dump();
  } else {
    body = DefaultWebhookBody(context, Str(p, "type"), id);
  }
  auto [headers, sent] = Delivery(context, p, id, body);
  if (sent.empty() && Str(p, "tamper") == "reserialized") {
    problems.push_back("send_webhook: tamper: reserialized needs a body whose compact JSON form differs from it");
    return {};
  }
  HttpPort app = context.PortTo(context.target().app_url);
  app.SetReadTimeout(kWebhookAnswerLimit + std::chrono::seconds(1));
  Clock& clock = *context.target().clock;
  TimePoint started = clock.Now();
  Response r = app.Send("POST", Str(p, "path", context.Var("webhook_path")), headers, sent, "application/json");
  auto took = clock.Now() - started;
  if (took > kWebhookAnswerLimit) {
    problems.push_back("the app answered after " +
                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) +
                       " ms; Revento waits 10 s for an answer, then counts the attempt as failed and retries: "
                       "answer first, then do the work");
  }
  return r;
}

}  // namespace revento::client::scenarios
