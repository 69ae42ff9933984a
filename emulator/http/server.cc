#include "emulator/http/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "emulator/http/errors.h"
#include "emulator/http/thread_pool.h"

namespace revento::emulator::http {

namespace {

void SetSocketOptions(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  // httplib applies these options to the listening socket only; accepted
  // sockets inherit TCP_NODELAY from it on Linux.
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
}

}  // namespace

bool IsWellFormedRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// httplib::Server keeps its listening socket protected; this subclass reaches
// it to enlarge the backlog that httplib compiles in as 5.
class Server::Impl : public httplib::Server {
 public:
  bool Relisten(int backlog) {
    socket_t sock = svr_sock_;
    return sock != INVALID_SOCKET && ::listen(sock, backlog) == 0;
  }
  // Closes the listening socket if httplib's accept loop has not (it closes
  // it only when the loop ran): a server stopped before serving, or never
  // served, must not keep its port.
  void CloseListener() {
    socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock != INVALID_SOCKET) ::close(sock);
  }
  int BoundPort() {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(svr_sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
    if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  }
};

Server::Server(const Router& router, IdSource& ids, Log& log, ServerOptions options)
    : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  auto& svr = *impl_;
  svr.set_socket_options(SetSocketOptions);
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  svr.set_keep_alive_max_count(100000);
  svr.set_payload_max_length(options_.payload_max_bytes);
  size_t min_threads = options_.min_threads, max_threads = options_.max_threads;
  svr.new_task_queue = [min_threads, max_threads] { return new ElasticThreadPool(min_threads, max_threads); };

  auto dispatch = [this, &router, &ids, &log](const httplib::Request& req, httplib::Response& res) {
    auto started = std::chrono::steady_clock::now();
    std::string incoming = req.get_header_value("X-Revento-Request-Id");
    RequestContext ctx{req, res, IsWellFormedRequestId(incoming) ? incoming : ids.NewId("req_", 10), {}};
    res.set_header("X-Revento-Request-Id", ctx.request_id);
    {
      std::lock_guard lock(in_flight_mutex_);
      if (draining_) {
        res.set_header("Connection", "close");
        SendError(ctx, Router::AreaOf(req.path), 503, "shutting_down", "The sandbox is shutting down.");
        return;
      }
      ++in_flight_;
    }
    struct InFlight {
      Server* server;
      ~InFlight() {
        std::lock_guard lock(server->in_flight_mutex_);
        if (--server->in_flight_ == 0) server->in_flight_done_.notify_all();
      }
    } in_flight{this};
    try {
      router.Dispatch(ctx);
    } catch (const std::exception& e) {
      log.Error("error: " + req.method + " " + req.path + " " + ctx.request_id + ": " + Redact(e.what()));
      res.headers.erase("Location");
      SendError(ctx, Router::AreaOf(req.path), 500, "server_error",
                "The sandbox failed to handle this request; this is a sandbox bug, not yours. "
                "Request id " + ctx.request_id + ".");
    }
    if (log.Enabled(LogLevel::kInfo)) {
      auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      char line[96];
      std::snprintf(line, sizeof line, " %d %.1fms ", res.status, ms);
      log.Info(req.method + " " + req.path + line + ctx.request_id);
    }
  };
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    std::string m = method;
    if (m == "GET") svr.Get(".*", dispatch);
    if (m == "POST") svr.Post(".*", dispatch);
    if (m == "PUT") svr.Put(".*", dispatch);
    if (m == "PATCH") svr.Patch(".*", dispatch);
    if (m == "DELETE") svr.Delete(".*", dispatch);
    if (m == "OPTIONS") svr.Options(".*", dispatch);
  }
  svr.set_error_handler([&ids, &log](const httplib::Request& req, httplib::Response& res) {
    // httplib's own refusals (bad request line, payload too large, body
    // without a length) arrive here without a body; give them one.
    if (!res.body.empty()) return;
    std::string request_id = res.get_header_value("X-Revento-Request-Id");
    if (request_id.empty()) {
      request_id = ids.NewId("req_", 10);
      res.set_header("X-Revento-Request-Id", request_id);
      log.Info(req.method + " " + req.path + " " + std::to_string(res.status) + " refused by the HTTP parser " +
               request_id);
    }
    RequestContext ctx{req, res, request_id, {}};
    std::string reason = res.status == 413 ? "The request body is larger than the sandbox accepts (1 MiB)."
                         : res.status == 411 || res.status == 400
                             ? "The request could not be read as HTTP/1.1: check the request line, the headers and "
                               "that a body is sent with Content-Length."
                             : "The sandbox's HTTP layer refused the request.";
    Area area = Router::AreaOf(req.path);
    // httplib refuses form bodies over 8 KiB itself (413). OAuth has no
    // payload error code: RFC 6749 calls any malformed request invalid_request.
    if (res.status == 413 && req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded")) {
      reason = "The form body is larger than 8 KiB; no OAuth request needs that much. Check for a runaway parameter.";
    }
    SendError(ctx, area, res.status,
              res.status == 413 && area != Area::kOAuth ? "payload_too_large" : "invalid_request", reason);
  });
}

Server::~Server() { impl_->CloseListener(); }

Result<int> Server::Bind() {
  auto& svr = *impl_;
  if (!svr.bind_to_port(options_.host, options_.port)) {
    return Fail("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                " (in use, or not an address of this machine); pick another with --port, or 0 for any free port");
  }
  if (!svr.Relisten(options_.backlog)) return Fail("cannot enlarge the listen backlog");
  port_ = svr.BoundPort();
  if (port_ <= 0) return Fail("cannot read the bound port");
  return port_;
}

void Server::Serve() {
  {
    std::lock_guard lock(lifecycle_mutex_);
    if (stop_requested_) {
      impl_->CloseListener();
      return;
    }
    serving_ = true;
  }
  impl_->listen_after_bind();
  std::lock_guard lock(lifecycle_mutex_);
  serving_ = false;
}

// httplib's stop() does nothing until its accept loop runs, so a stop that
// lands between Serve() starting and the loop starting would be lost and
// Serve() would never return. Stop() therefore waits for the loop to run (or
// for Serve() to have finished) before stopping it.
void Server::Stop() {
  {
    std::lock_guard lock(lifecycle_mutex_);
    stop_requested_ = true;
    if (!serving_) return;
  }
  for (;;) {
    if (impl_->is_running()) break;
    std::lock_guard lock(lifecycle_mutex_);
    if (!serving_) return;
    std::this_thread::yield();
  }
  impl_->stop();
}

bool Server::Drain(std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(in_flight_mutex_);
    draining_ = true;
  }
  Stop();
  std::unique_lock lock(in_flight_mutex_);
  return in_flight_done_.wait_for(lock, timeout, [this] { return in_flight_ == 0; });
}

}  // namespace revento::emulator::http
