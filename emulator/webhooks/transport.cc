#include "emulator/webhooks/transport.h"

#include "emulator/webhooks/receiver_exchange.h"

namespace revento::emulator::webhooks {

namespace {
constexpr size_t kExcerptBytes = 1024;
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
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(request.timeout).count();
    out.error = "timed out: no complete response within the per-attempt timeout of " + std::to_string(seconds) +
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
