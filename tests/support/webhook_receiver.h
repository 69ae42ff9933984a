// A real webhook receiver on 127.0.0.1, port 0, for tests: it records every
// request (headers and exact body bytes) and answers from a script (status,
// body, headers, or hang until released or the receiver is destroyed), then
// with a default reply. Header-only so every test suite can use it.
// Thread safety: all methods may be called from any thread.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace revento::testing {

class WebhookReceiver {
 public:
  struct Reply {
    int status = 200;
    std::string body = "ok";
    std::vector<std::pair<std::string, std::string>> headers;
    bool hang = false;  // never answers until released
  };
  struct Request {
    httplib::Headers headers;
    std::string body;
    std::string path;
    std::string Header(const std::string& name) const {
      auto it = headers.find(name);
      return it == headers.end() ? "" : it->second;
    }
  };

  WebhookReceiver() {
    // Many concurrent senders: more handler threads than httplib's default.
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_tcp_nodelay(true);
    server_.Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // httplib listens with a backlog of 5; under 8 concurrent senders the
    // kernel would drop SYNs and a sender would retry only after 1 s.
    server_.Relisten(1024);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~WebhookReceiver() {
    ReleaseHangs();
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string url(const std::string& path = "/webhooks/revento") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // Replies used in order, one per request; afterwards the default.
  void Script(std::vector<Reply> replies) {
    std::lock_guard lock(mutex_);
    script_.assign(replies.begin(), replies.end());
  }
  void SetDefault(Reply reply) {
    std::lock_guard lock(mutex_);
    default_ = std::move(reply);
  }
  void ReleaseHangs() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

  std::vector<Request> Received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  size_t Count() const {
    std::lock_guard lock(mutex_);
    return received_.size();
  }
  // Waits (bounded) until at least `n` requests have arrived.
  bool WaitForCount(size_t n, std::chrono::seconds bound = std::chrono::seconds(20)) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, bound, [&] { return received_.size() >= n; });
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    Reply reply;
    {
      std::unique_lock lock(mutex_);
      received_.push_back(Request{req.headers, req.body, req.path});
      if (!script_.empty()) {
        reply = script_.front();
        script_.pop_front();
      } else {
        reply = default_;
      }
      changed_.notify_all();
      if (reply.hang) {
        changed_.wait(lock, [&] { return released_; });
        return;
      }
    }
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name, value);
    res.set_content(reply.body, "text/plain");
  }

  // httplib::Server keeps its listening socket protected.
  class Server : public httplib::Server {
   public:
    void Relisten(int backlog) { ::listen(svr_sock_, backlog); }
  };

  Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<Reply> script_;
  Reply default_;
  std::vector<Request> received_;
  bool released_ = false;
};

}  // namespace revento::testing
