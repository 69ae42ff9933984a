#include "emulator/http/server.h"

#include <algorithm>
#include <thread>

#include "emulator/http/connection_registry.h"
#include "emulator/http/drain_gate.h"
#include "emulator/http/error_translation.h"
#include "emulator/http/listener.h"
#include "emulator/http/request_pipeline.h"

namespace revento::emulator::http {

namespace {

ListenerOptions ListenerOptionsOf(const ServerOptions& options) {
  ListenerOptions out;
  out.limits.max_header_count = options.max_header_count;
  out.limits.max_head_bytes = options.max_head_bytes;
  out.limits.max_body_bytes = options.payload_max_bytes;
  out.limits.idle_timeout = std::chrono::seconds(options.keep_alive_timeout_seconds);
  out.limits.head_timeout = options.head_timeout;
  out.min_threads = options.min_threads;
  out.max_threads = options.max_threads;
  out.idle_thread_retire = options.idle_thread_retire;
  out.keep_alive_timeout_seconds = options.keep_alive_timeout_seconds;
  out.payload_max_bytes = options.payload_max_bytes;
  return out;
}

}  // namespace

// Declared in the order they are built: the listener's routes call the
// pipeline, which uses the gate and the registry.
struct Server::Parts {
  Parts(const Router& router, IdSource& ids, Log& log, const ServerOptions& options, RequestHooks* hooks,
        ResponseRecorder* recorder)
      : connections(options.max_connections),
        pipeline(PipelineParts{router, ids, log, gate, connections, hooks, recorder}),
        listener(ids, connections, ListenerOptionsOf(options)) {}
  ConnectionRegistry connections;
  DrainGate gate;
  RequestPipeline pipeline;
  Listener listener;
};

Server::Server(const Router& router, IdSource& ids, Log& log, ServerOptions options, RequestHooks* hooks,
               ResponseRecorder* recorder)
    : options_(std::move(options)), parts_(std::make_unique<Parts>(router, ids, log, options_, hooks, recorder)) {
  Install(ids, log, recorder);
}

// Every request goes to the pipeline. httplib routes only GET, HEAD, POST,
// PUT, PATCH, DELETE and OPTIONS; other methods (TRACE, CONNECT) would fall
// through to a bare 400, so the pre-routing handler sends them to the
// pipeline too, whose router answers 405 with Allow on a known path, else
// 404. httplib calls its logger once per response it writes, after writing
// it, whoever built it (the router, the error handler, its own parser).
void Server::Install(IdSource& ids, Log& log, ResponseRecorder* recorder) {
  Listener& svr = parts_->listener;
  auto handle = [&pipeline = parts_->pipeline](const httplib::Request& req, httplib::Response& res) {
    pipeline.Handle(req, res);
  };
  svr.Get(".*", handle).Post(".*", handle).Put(".*", handle).Patch(".*", handle);
  svr.Delete(".*", handle).Options(".*", handle);
  svr.set_pre_routing_handler([handle](const httplib::Request& req, httplib::Response& res) {
    static constexpr std::string_view kRouted[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    if (std::ranges::find(kRouted, req.method) != std::end(kRouted)) return httplib::Server::HandlerResponse::Unhandled;
    handle(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.set_error_handler(
      [&ids, &log](const httplib::Request& req, httplib::Response& res) { TranslateParserRefusal(req, res, ids, log); });
  if (recorder) {
    svr.set_logger([recorder](const httplib::Request& req, const httplib::Response& res) {
      if (WasDropped(res)) return recorder->Forget(res);
      recorder->Record(req, res);
    });
  }
}

Server::~Server() { parts_->listener.CloseListener(); }

Result<int> Server::Bind() {
  if (!parts_->listener.bind_to_port(options_.host, options_.port)) {
    return Fail("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                " (in use, or not an address of this machine); pick another with --port, or 0 for any free port");
  }
  if (!parts_->listener.Relisten(options_.backlog)) return Fail("cannot enlarge the listen backlog");
  port_ = parts_->listener.BoundPort();
  if (port_ <= 0) return Fail("cannot read the bound port");
  return port_;
}

void Server::Serve() {
  {
    std::lock_guard lock(lifecycle_mutex_);
    if (stop_requested_) {
      parts_->listener.CloseListener();
      return;
    }
    serving_ = true;
  }
  parts_->listener.listen_after_bind();
  parts_->listener.StopReactor();
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
    if (parts_->listener.is_running()) break;
    std::lock_guard lock(lifecycle_mutex_);
    if (!serving_) return;
    std::this_thread::yield();
  }
  parts_->listener.stop();
  parts_->listener.WakeConnections();
}

bool Server::Drain(std::chrono::milliseconds timeout) {
  parts_->gate.StartDraining();
  Stop();
  return parts_->gate.AwaitIdle(timeout);
}

}  // namespace revento::emulator::http
