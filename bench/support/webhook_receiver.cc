#include "bench/support/webhook_receiver.h"

#include <utility>

namespace revento::bench {

WebhookReceiver::WebhookReceiver(std::function<void(const httplib::Request&)> on_delivery)
    : log_(log_stream_, emulator::LogLevel::kOff) {
  routes_.Post("/hook", [on_delivery = std::move(on_delivery)](emulator::http::RequestContext& ctx) {
    on_delivery(ctx.req);
    ctx.res.set_content("ok", "text/plain");
  });
  emulator::http::ServerOptions options;
  options.port = 0;
  server_ = std::make_unique<emulator::http::Server>(routes_, ids_, log_, options);
  auto bound = server_->Bind();
  if (!bound) return;
  port_ = *bound;
  serving_ = std::thread([this] { server_->Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  if (serving_.joinable()) {
    server_->Stop();
    serving_.join();
  }
}

}  // namespace revento::bench
