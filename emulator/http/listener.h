// cpp-httplib's server, with the emulator's connection loop and socket
// tuning (docs/PERFORMANCE.md, "What the HTTP layer does, and why").
//
// It listens with TCP_NODELAY (which accepted sockets inherit on Linux) and
// SO_REUSEADDR, enlarges the listen backlog that cpp-httplib compiles in as
// 5 (Relisten), and serves each new connection's first request on an
// ElasticThreadPool; between requests a keep-alive connection waits in the
// Reactor (http/reactor.h), whose few pollers serve whichever connection
// speaks next. Each accepted connection is read by http::Connection
// (bounded heads and bodies, no busy polling while idle) and admitted by
// the ConnectionRegistry; one over the cap is answered OverCapResponse and
// closed. Each request is
// then handed to cpp-httplib's parser and router, with the connection
// layer's refusal, if any, carried on it (http/carried_refusal.h) and the
// request bound to its connection for as long as it is answered. A refused
// request's connection lingers (so the client reads the answer) and closes;
// so does a dropped one, and every connection once the server stops.
//
// Routes, the error handler and the logger are cpp-httplib's, set by the
// owner (http/server.h) through httplib::Server's own interface.
//
// Errors: Relisten() and BoundPort() report failure (false, -1).
// Thread safety: as httplib::Server; WakeConnections() and CloseListener()
// may be called from any thread.
#pragma once

#include "portable/httplib_compat.h"

#include <chrono>
#include <memory>

#include "emulator/http/connection.h"
#include "emulator/http/connection_registry.h"
#include "emulator/http/reactor.h"
#include "emulator/ids.h"

namespace revento::emulator::http {

struct ListenerOptions {
  ConnectionLimits limits;
  size_t min_threads = 8;
  size_t max_threads = 1024;
  std::chrono::milliseconds idle_thread_retire{10000};
  int keep_alive_timeout_seconds = 5;
  size_t payload_max_bytes = 1 << 20;
  // The reactor's pollers; 0: twice the machine's cores, at least 4 (fewer
  // left the cores idle while a poller waited for its next request: wrk on
  // /_sandbox/health, docs/PERFORMANCE.md).
  size_t reactor_threads = 0;
};

class Listener final : public portable::HttplibServer {
 public:
  // `ids` and `connections` must outlive the listener.
  Listener(IdSource& ids, ConnectionRegistry& connections, const ListenerOptions& options);
  ~Listener() override;

  // Every connection waiting for a request gives up (the wake pipe stays
  // readable).
  void WakeConnections();
  bool Relisten(int backlog);
  // Closes the listening socket if httplib's accept loop has not (it closes
  // it only when the loop ran): a server stopped before serving, or never
  // served, must not keep its port.
  void CloseListener();
  int BoundPort();
  // Closes the keep-alive connections waiting for a request and ends the
  // reactor's pollers; after the accept loop has returned. Idempotent.
  void StopReactor();

 protected:
  bool process_and_close_socket(socket_t sock) override;

 private:
  // Reads and answers one request; false when the connection must close.
  bool ServeOne(Connection& connection, ConnectionRegistry::Admission& admission);
  bool Stopping() const { return svr_sock_ == INVALID_SOCKET; }

  IdSource& ids_;
  ConnectionRegistry& connections_;
  ConnectionLimits limits_;
  int wake_pipe_[2] = {-1, -1};
  std::unique_ptr<Reactor> reactor_;
};

}  // namespace revento::emulator::http
