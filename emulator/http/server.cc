#include "emulator/http/server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <thread>

#include "emulator/http/connection.h"
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

// Set by the connection layer on a request it refused ("413 reason"); any
// value a client sent under this name is dropped first.
constexpr const char* kRefusalHeader = "X-Revento-Refused";

// Set on the response of a request whose connection a fault dropped: the
// response never reaches the client, so the recorder leaves it out.
constexpr const char* kDroppedHeader = "X-Revento-Dropped";

// The error code of each refusal by the connection layer, by area.
std::string_view RefusalCode(int status, Area area) {
  if (area == Area::kOAuth) return "invalid_request";  // RFC 6749 has no other code for these
  switch (status) {
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 431:
      return "request_header_fields_too_large";
    default:
      return "invalid_request";
  }
}

// Closes the connection `req` arrived on without a response. httplib does
// not hand the socket to handlers, so it is found among the process's
// descriptors by its two ends; it is swapped for /dev/null, so the peer sees
// the connection end at once while httplib's own reads and writes on the
// descriptor fail quietly (ENOTSOCK, no SIGPIPE) until it closes it as usual.
void DropConnection(const httplib::Request& req) {
  DIR* fds = opendir("/proc/self/fd");
  if (!fds) return;
  int found = -1;
  while (dirent* entry = readdir(fds)) {
    int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == dirfd(fds)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (local.ss_family != AF_INET && local.ss_family != AF_INET6) continue;
    auto port_of = [](const sockaddr_storage& a) {
      return ntohs(a.ss_family == AF_INET ? reinterpret_cast<const sockaddr_in&>(a).sin_port
                                          : reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
    };
    char host[INET6_ADDRSTRLEN] = {};
    const void* address = peer.ss_family == AF_INET
                              ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in&>(peer).sin_addr)
                              : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr);
    if (!inet_ntop(peer.ss_family, address, host, sizeof host)) continue;
    if (port_of(local) == req.local_port && port_of(peer) == req.remote_port && req.remote_addr == host) {
      found = fd;
      break;
    }
  }
  closedir(fds);
  if (found < 0) return;
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) {
    ::shutdown(found, SHUT_RDWR);
    return;
  }
  ::dup2(null_fd, found);
  ::close(null_fd);
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
// it to enlarge the backlog that httplib compiles in as 5. It also replaces
// httplib's per-connection loop: each connection is read by http::Connection
// (bounded heads and bodies, no busy polling while idle), and at most
// max_connections are served at once.
class Server::Impl : public portable::HttplibServer {
 public:
  Impl(IdSource& ids, const ServerOptions& options) : ids_(ids), options_(options) {
    if (::pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
    limits_.max_header_count = options.max_header_count;
    limits_.max_head_bytes = options.max_head_bytes;
    limits_.max_body_bytes = options.payload_max_bytes;
    limits_.idle_timeout = std::chrono::seconds(options.keep_alive_timeout_seconds);
    limits_.head_timeout = options.head_timeout;
  }
  ~Impl() override {
    for (int fd : wake_pipe_)
      if (fd >= 0) ::close(fd);
  }
  // Every connection waiting for a request gives up (the pipe stays readable).
  void WakeConnections() {
    char byte = 1;
    if (wake_pipe_[1] >= 0) {
      [[maybe_unused]] ssize_t written = ::write(wake_pipe_[1], &byte, 1);
    }
  }
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

 protected:
  bool process_and_close_socket(socket_t sock) override {
    Connection connection(sock, wake_pipe_[0], limits_);
    if (!Admit(connection)) {
      RefuseOverCap(connection);
      return true;
    }
    struct Listed {
      Impl& impl;
      Connection& connection;
      ~Listed() { impl.Release(connection); }
    } listed{*this, connection};
    for (;;) {
      Connection::Next next = connection.ReadNext();
      if (next.kind == Connection::Kind::kClosed) return true;
      bool refused = next.kind == Connection::Kind::kRefused;
      bool connection_closed = false;
      bool ok = ProcessRequest(connection, refused || svr_sock_ == INVALID_SOCKET, connection_closed,
                                [&next, refused](httplib::Request& req) {
                                  req.headers.erase(kRefusalHeader);
                                  if (refused)
                                    req.set_header(kRefusalHeader, std::to_string(next.status) + " " + next.reason);
                                });
      if (refused) {
        connection.Linger();
        return true;
      }
      if (!ok || connection_closed || svr_sock_ == INVALID_SOCKET) return true;
    }
  }

 private:
  // Counts the connection in, making room if the cap is reached by evicting
  // the oldest connection that has no request in flight (an idle keep-alive
  // connection, or one still sending its head), so that idle and slow
  // connections cannot lock everyone else out. False when every connection
  // has a request in flight.
  bool Admit(Connection& connection) {
    std::lock_guard lock(registry_mutex_);
    if (listed_.size() - evicted_ >= options_.max_connections) {
      auto victim = std::ranges::find_if(listed_, [](const Entry& e) { return !e.evicted && e.connection->idle(); });
      if (victim == listed_.end()) return false;
      victim->evicted = true;
      ++evicted_;
      victim->connection->Evict();
    }
    listed_.push_back(Entry{&connection, false});
    return true;
  }
  void Release(Connection& connection) {
    std::lock_guard lock(registry_mutex_);
    auto it = std::ranges::find_if(listed_, [&](const Entry& e) { return e.connection == &connection; });
    if (it == listed_.end()) return;
    if (it->evicted) --evicted_;
    listed_.erase(it);
  }

  void RefuseOverCap(Connection& connection) {
    std::string request_id = ids_.NewId("req_", 10);
    std::string body = R"({"error":{"code":"too_many_connections","message":"The sandbox already serves )" +
                       std::to_string(options_.max_connections) +
                       R"( connections; close idle keep-alive connections or retry.","request_id":")" + request_id +
                       R"("}})";
    connection.WriteRaw("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\nRetry-After: 1\r\nX-Revento-Request-Id: " + request_id +
                        "\r\nConnection: close\r\n\r\n" + body);
    connection.Linger();
  }

  IdSource& ids_;
  ServerOptions options_;
  ConnectionLimits limits_;
  int wake_pipe_[2] = {-1, -1};
  struct Entry {
    Connection* connection;
    bool evicted;
  };
  std::mutex registry_mutex_;
  std::list<Entry> listed_;  // oldest first
  size_t evicted_ = 0;
};

Server::Server(const Router& router, IdSource& ids, Log& log, ServerOptions options, RequestHooks* hooks,
               ResponseRecorder* recorder)
    : impl_(std::make_unique<Impl>(ids, options)), options_(std::move(options)) {
  auto& svr = *impl_;
  svr.set_socket_options(SetSocketOptions);
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  svr.set_keep_alive_max_count(100000);
  svr.set_payload_max_length(options_.payload_max_bytes);
  size_t min_threads = options_.min_threads, max_threads = options_.max_threads;
  auto retire = options_.idle_thread_retire;
  svr.new_task_queue = [min_threads, max_threads, retire] {
    return new ElasticThreadPool(min_threads, max_threads, retire);
  };

  auto dispatch = [this, &router, &ids, &log, hooks, recorder](const httplib::Request& req, httplib::Response& res) {
    auto started = std::chrono::steady_clock::now();
    std::string incoming = req.get_header_value("X-Revento-Request-Id");
    RequestContext ctx{req, res, IsWellFormedRequestId(incoming) ? incoming : ids.NewId("req_", 10), {}};
    res.set_header("X-Revento-Request-Id", ctx.request_id);
    if (std::string refusal = req.get_header_value(kRefusalHeader); !refusal.empty()) {
      int status = std::atoi(refusal.c_str());
      Area area = AreaOf(req.path);
      SendError(ctx, area, status, RefusalCode(status, area), refusal.substr(refusal.find(' ') + 1));
      log.Info(req.method + " " + req.path + " " + std::to_string(status) + " refused by the connection layer " +
               ctx.request_id);
      return;
    }
    {
      std::lock_guard lock(in_flight_mutex_);
      if (draining_) {
        res.set_header("Connection", "close");
        SendError(ctx, AreaOf(req.path), 503, "shutting_down", "The sandbox is shutting down.");
        return;
      }
      ++in_flight_;
    }
    if (recorder) recorder->Expect(res);
    struct InFlight {
      Server* server;
      ~InFlight() {
        std::lock_guard lock(server->in_flight_mutex_);
        if (--server->in_flight_ == 0) server->in_flight_done_.notify_all();
      }
    } in_flight{this};
    RequestHooks::Ticket ticket;
    try {
      if (hooks) ticket = hooks->Before(ctx);
      if (ticket.outcome == RequestHooks::Outcome::kRoute) router.Dispatch(ctx);
    } catch (const std::exception& e) {
      log.Error("error: " + req.method + " " + req.path + " " + ctx.request_id + ": " + Redact(e.what()));
      res.headers.erase("Location");
      SendError(ctx, AreaOf(req.path), 500, InternalErrorCode(AreaOf(req.path)),
                "The sandbox failed to handle this request; this is a sandbox bug, not yours. "
                "Request id " +
                    ctx.request_id + ".");
    }
    if (res.get_header_value("Content-Type").starts_with("text/html")) SetHtmlSecurityHeaders(res);
    if (hooks) hooks->After(ctx, ticket, std::chrono::steady_clock::now() - started);
    if (ticket.outcome == RequestHooks::Outcome::kDropConnection) {
      res.set_header(kDroppedHeader, "1");
      DropConnection(req);
      log.Info(req.method + " " + req.path + " connection dropped by a fault " + ctx.request_id);
      return;
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
  // httplib routes only the methods above (HEAD as GET); TRACE and CONNECT
  // would fall through to a bare 400. The router answers them: 405 with
  // Allow on a known path, else 404.
  svr.set_pre_routing_handler([dispatch](const httplib::Request& req, httplib::Response& res) {
    static constexpr std::string_view kRouted[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    if (std::ranges::find(kRouted, req.method) != std::end(kRouted)) return httplib::Server::HandlerResponse::Unhandled;
    dispatch(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.set_error_handler([&ids, &log](const httplib::Request& req, httplib::Response& res) {
    // httplib's own refusals (bad request line, a form body over 8 KiB)
    // arrive here without a body; give them one.
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
                             ? "The request could not be read as HTTP/1.1: check the request line and the headers."
                             : "The sandbox's HTTP layer refused the request.";
    Area area = AreaOf(req.path);
    // httplib refuses form bodies over 8 KiB itself (413). OAuth has no
    // payload error code: RFC 6749 calls any malformed request invalid_request.
    if (res.status == 413 && req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded")) {
      reason = "The form body is larger than 8 KiB; no OAuth request needs that much. Check for a runaway parameter.";
    }
    SendError(ctx, area, res.status,
              res.status == 413 && area != Area::kOAuth ? "payload_too_large" : "invalid_request", reason);
  });

  // httplib calls its logger once per response it writes, after writing it,
  // whoever built it (the router, the error handler, its own parser).
  if (recorder) {
    svr.set_logger([recorder](const httplib::Request& req, const httplib::Response& res) {
      if (res.has_header(kDroppedHeader)) return recorder->Forget(res);
      recorder->Record(req, res);
    });
  }
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
  impl_->WakeConnections();
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
