#include "client/webhooks/delivery_transport.h"

#include "client/http/transport.h"

namespace revento::client::webhooks {

Status ValidateReceiverUrl(const std::string& url) {
  size_t scheme = url.find("://");
  bool http = url.starts_with("http://") || url.starts_with("https://");
  if (!http || scheme == std::string::npos || scheme + 3 >= url.size() || url[scheme + 3] == '/') {
    return Fail(
        "the receiver URL must be an absolute http(s) URL, e.g. http://localhost:3000/webhooks/revento (got \"" + url +
        "\")");
  }
  return {};
}

PostOutcome HttpDeliveryTransport(const std::string& url, const Delivery& delivery, std::chrono::milliseconds timeout) {
  PostOutcome outcome;
  if (auto valid = ValidateReceiverUrl(url); !valid) {
    outcome.error = valid.error().message;
    return outcome;
  }
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Connection", "close"}};
  bool typed = false;
  for (const auto& [name, value] : delivery.headers) {
    typed = typed || name == "Content-Type";
    request.headers.emplace_back(name, value);
  }
  if (!typed) request.headers.emplace_back("Content-Type", "application/json");
  request.body = delivery.body;
  request.timeout = timeout;
  request.limits = kReceiverAnswerLimits;
  auto started = std::chrono::steady_clock::now();
  // A transport of its own: one new connection per attempt, as Revento sends.
  auto answer = http::MakeHttpTransport()->Send(request);
  outcome.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!answer) {
    outcome.timed_out = answer.error().code == kDeadlineExceeded;
    outcome.error = outcome.timed_out ? "no complete answer within " + std::to_string(timeout.count()) + " ms"
                                      : answer.error().message;
    return outcome;
  }
  outcome.status = answer->status;
  outcome.body = answer->body.substr(0, 1024);
  return outcome;
}

}  // namespace revento::client::webhooks
