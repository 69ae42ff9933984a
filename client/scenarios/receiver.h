// The runner's webhook receiver: one per scenario, on 127.0.0.1 port 0.
//
// It records every request (headers, exact body bytes), verifies each with
// the reference client's signature rules against the secret it was given,
// and answers from a script (status, headers, body, or hang until the
// receiver stops) and then 200. `expect_webhook` steps consume arrivals.
//
// Thread safety: every method may be called from any thread; httplib's
// worker threads call the handler.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "client/clock.h"
#include "client/scenarios/adapters.h"

namespace revento::client::scenarios {

class WebhookReceiver {
 public:
  struct Reply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body = "ok";
    bool hang = false;
  };
  struct Arrival {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    nlohmann::json json;
    std::string path;
    bool verified = false;
    std::string verify_error;
    int answered = 0;  // the status the receiver answered (0: hung)
    bool consumed = false;
  };

  // `clock` gives the real time signatures are checked against (tests inject a fake).
  explicit WebhookReceiver(Clock& clock = DefaultClock());
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::string url() const;
  void SetSecret(std::string secret);
  // `times` replies of `reply`; times 0 makes it the default from now on.
  void Script(const Reply& reply, int times);
  // A copy of everything received so far; `consume` marks the given indexes.
  std::vector<Arrival> Arrivals() const;
  void Consume(const std::vector<size_t>& indexes);

 private:
  class Server : public httplib::Server {
   public:
    void Relisten(int backlog) { ::listen(svr_sock_, backlog); }
  };
  void Handle(const httplib::Request& req, httplib::Response& res);

  SignatureAdapter signatures_;
  Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable released_cv_;
  bool stopping_ = false;
  std::string secret_;
  std::deque<Reply> script_;
  Reply default_;
  std::vector<Arrival> arrivals_;
};

}  // namespace revento::client::scenarios
