// The emulator's HTTP server: cpp-httplib tuned for many short requests.
//
// It answers every request through one Router and adds, around each one:
// a request id (X-Revento-Request-Id, echoed when well formed, else a fresh
// req_... id, set on every response), one access-log line (method, path
// without its query, status, milliseconds, request id), and a catch-all that
// turns an exception in a handler into a logged 500 with the area's error
// body instead of a dropped connection.
//
// Socket tuning, each measured (docs/PERFORMANCE.md): TCP_NODELAY on every
// accepted socket, a listen backlog of `backlog` instead of httplib's 5, an
// ElasticThreadPool for each connection's first request, and a reactor
// (http/reactor.h) in which keep-alive connections wait between requests,
// served by a few pollers, so that idle connections hold no thread and never
// starve others.
//
// Hostile clients (docs/emulator.md, "Limits"): each connection is read by
// http::Connection, which bounds the request head (header count, size, a
// total deadline) and every body, chunked included, to payload_max_bytes;
// a refused request is answered with the area's error body (400, 408, 413,
// 414 or 431) and its connection closed. At most `max_connections` are
// served at once; past that, the oldest connection without a request in
// flight (idle, or still sending its head) is closed to make room, and only
// when every connection has a request in flight is a new one answered 503
// `too_many_connections` and closed. A flood of idle or slow connections
// therefore cannot lock others out.
//
// Hooks (http/request_hooks.h), when given, see every routed request before
// and after the router: the control plane's journal and faults. A hook that
// asks to drop the connection gets it closed with no response.
//
// A ResponseRecorder (http/response_recorder.h), when given, sees every
// response the server writes: routed ones, /_sandbox included, and the
// connection layer's and the HTTP parser's refusals; not a connection
// dropped by a fault, nor the 503 of a connection over max_connections
// (answered before any request is read). Without one, nothing is recorded
// and nothing is paid.
//
// The parts, one concept each: http/listener.h (cpp-httplib, socket tuning,
// the connection loop), http/connection_registry.h (admission, and which
// connection answers a request), http/request_pipeline.h (what happens to
// each request), http/error_translation.h (the bodies of answers given
// around the router), http/drain_gate.h (requests in flight). Server
// composes them and owns the lifecycle.
//
// Lifecycle: Bind() then Serve() (blocks until Stop()). Stop() may be called
// from any thread. Serve() returns only once every connection is closed, and
// an idle keep-alive connection stays open up to the keep-alive timeout; so
// a process that is shutting down calls Drain() instead: it stops accepting,
// answers 503 to any request that still arrives on an open connection, and
// returns as soon as the requests in flight are done.
//
// Errors: Bind() fails, saying why, when the address cannot be bound.
// Thread safety: Stop() and Drain() from any thread; the rest from one.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "emulator/http/request_hooks.h"
#include "emulator/http/response_recorder.h"
#include "emulator/http/router.h"
#include "emulator/ids.h"
#include "emulator/log.h"
#include "emulator/status.h"

namespace revento::emulator::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8787;  // 0 picks a free port
  size_t min_threads = 8;
  size_t max_threads = 1024;
  int backlog = 4096;
  int keep_alive_timeout_seconds = 5;
  size_t payload_max_bytes = 1 << 20;
  size_t max_connections = 512;
  std::chrono::milliseconds head_timeout{10000};
  size_t max_header_count = 100;
  size_t max_head_bytes = 64 * 1024;
  // A worker above min_threads exits after this long without a connection.
  std::chrono::milliseconds idle_thread_retire{10000};
};

class Server {
 public:
  // `hooks` and `recorder` may be null; when given they must outlive the
  // server.
  Server(const Router& router, IdSource& ids, Log& log, ServerOptions options, RequestHooks* hooks = nullptr,
         ResponseRecorder* recorder = nullptr);
  ~Server();

  // Binds and listens; returns the port (the chosen one when port was 0).
  Result<int> Bind();
  // Accepts and serves until Stop(). Returns once in-flight requests are done.
  void Serve();
  void Stop();
  // Stops accepting and waits (at most `timeout`) until no request is in
  // flight. Returns false on timeout.
  bool Drain(std::chrono::milliseconds timeout);
  int port() const { return port_; }

 private:
  // The composed parts (server.cc), kept out of this header so that its
  // includers do not compile the HTTP layer's internals.
  struct Parts;
  void Install(IdSource& ids, Log& log, ResponseRecorder* recorder);

  ServerOptions options_;
  std::unique_ptr<Parts> parts_;
  int port_ = 0;
  std::mutex lifecycle_mutex_;
  bool stop_requested_ = false;
  bool serving_ = false;
};

}  // namespace revento::emulator::http
