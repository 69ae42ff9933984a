#include "client/scenarios/receiver.h"

#include <sys/socket.h>

#include "client/scenarios/adapters.h"

namespace revento::client::scenarios {

WebhookReceiver::WebhookReceiver(Clock& clock) : signatures_(clock) {
  server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_.set_tcp_nodelay(true);
  server_.Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
  port_ = server_.bind_to_any_port("127.0.0.1");
  // httplib's backlog of 5 drops SYNs under several concurrent senders.
  server_.Relisten(256);
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  released_cv_.notify_all();
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string WebhookReceiver::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/webhooks/revento"; }

void WebhookReceiver::SetSecret(std::string secret) {
  std::lock_guard lock(mutex_);
  secret_ = std::move(secret);
}

void WebhookReceiver::Script(const Reply& reply, int times) {
  std::lock_guard lock(mutex_);
  if (times <= 0) {
    default_ = reply;
    script_.clear();
    return;
  }
  for (int i = 0; i < times; ++i) script_.push_back(reply);
}

std::vector<WebhookReceiver::Arrival> WebhookReceiver::Arrivals() const {
  std::lock_guard lock(mutex_);
  return arrivals_;
}

void WebhookReceiver::Consume(const std::vector<size_t>& indexes) {
  std::lock_guard lock(mutex_);
  for (size_t i : indexes) {
    if (i < arrivals_.size()) arrivals_[i].consumed = true;
  }
}

void WebhookReceiver::Handle(const httplib::Request& req, httplib::Response& res) {
  Arrival arrival;
  for (const auto& [name, value] : req.headers) arrival.headers.emplace_back(name, value);
  arrival.body = req.body;
  arrival.path = req.path;
  arrival.json = nlohmann::json::parse(req.body, nullptr, false);
  std::string secret;
  {
    std::lock_guard lock(mutex_);
    secret = secret_;
  }
  auto verified = signatures_.Verify(secret, req.get_header_value("X-Revento-Timestamp"),
                                    req.get_header_value("X-Revento-Signature"), req.body);
  arrival.verified = verified.has_value();
  if (!verified) arrival.verify_error = verified.error().message;
  std::unique_lock lock(mutex_);
  Reply reply = default_;
  if (!script_.empty()) {
    reply = script_.front();
    script_.pop_front();
  }
  arrival.answered = reply.hang ? 0 : reply.status;
  arrivals_.push_back(std::move(arrival));
  if (reply.hang) {
    released_cv_.wait(lock, [this] { return stopping_; });
    return;
  }
  lock.unlock();
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.set_content(reply.body, "text/plain");
}

}  // namespace revento::client::scenarios
