// A webhook receiver for benchmarks: the emulator's own HTTP server
// (TCP_NODELAY, a 4096 backlog, an elastic pool) on 127.0.0.1, port 0,
// answering every POST to /hook with 200 "ok" after calling `on_delivery`.
// Like a production receiver; httplib's default backlog of 5 would drop
// SYNs under 8 concurrent senders and add 1-s retransmits.
//
// Errors: port() is 0 when the server could not bind.
// Thread safety: `on_delivery` runs on the server's threads, concurrently;
// the destructor stops the server and waits for it.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "emulator/http/router.h"
#include "emulator/http/server.h"
#include "emulator/ids.h"
#include "emulator/log.h"

namespace revento::bench {

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::function<void(const httplib::Request&)> on_delivery);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  // http://127.0.0.1:PORT/hook
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

 private:
  emulator::http::Router routes_;
  emulator::RandomIdSource ids_;
  std::ostringstream log_stream_;
  emulator::Log log_;
  std::unique_ptr<emulator::http::Server> server_;
  std::thread serving_;
  int port_ = 0;
};

}  // namespace revento::bench
