#include "emulator/webhooks/transport.h"

#include "emulator/webhooks/receiver_exchange.h"

namespace revento::emulator::webhooks {

namespace {
constexpr size_t kExcerptBytes = 1024;

// 10000 ms -> "10", 200 ms -> "0.2", 1050 ms -> "1.05".
std::string SecondsText(std::chrono::milliseconds timeout) {
  auto ms = timeout.count();
  std::string text = std::to_string(ms / 1000);
  if (ms % 1000 == 0) return text;
  std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
  while (fraction.back() == '0') fraction.pop_back();
  return text + "." + fraction;
}
}  // namespace

OutboundResponse HttpTransport::Post(const OutboundRequest& request) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
  for (const auto& [name, value] : request.headers) {
    if (name == "Content-Type") {
      content_type = value;
    } else {
      headers.emplace_back(name, value);
    }
  }
  headers.emplace_back("Content-Type", content_type);
  headers.emplace_back("User-Agent", "Revento-Webhooks/1.0 (revento-sandbox)");
  ExchangeLimits limits;
  limits.deadline = std::chrono::steady_clock::now() + request.timeout;
  limits.max_header_lines = kMaxResponseHeaderLines;
  limits.max_header_bytes = kMaxResponseHeaderBytes;
  limits.max_body_bytes = kMaxResponseBodyBytes;
  ReceiverAnswer answer = PostToReceiver(request.url, headers, request.body, limits);

  OutboundResponse out;
  if (answer.failure == ExchangeFailure::kTimeout) {
    out.error = "timed out: no complete response within the per-attempt timeout of " + SecondsText(request.timeout) +
                " s (connecting, sending and the whole response; answer 2xx fast and do slow work later)";
    return out;
  }
  if (answer.failure != ExchangeFailure::kNone) {
    out.error = std::move(answer.detail);
    return out;
  }
  out.status = answer.status;
  out.body = answer.body.substr(0, kExcerptBytes);
  out.retry_after = answer.Header("Retry-After");
  return out;
}

}  // namespace revento::emulator::webhooks
