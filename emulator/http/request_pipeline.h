// What happens to every request cpp-httplib has parsed, in order:
//
// 1. A request id: X-Revento-Request-Id echoed when well formed
//    (IsWellFormedRequestId), else a fresh req_... id; set on the response.
// 2. A refusal carried from the connection layer (http/carried_refusal.h)
//    is answered with the area's error body and logged; nothing else runs.
// 3. The drain gate: a request that arrives while the server drains is
//    answered 503 shutting_down (http/drain_gate.h).
// 4. The recorder, when given, expects the response (it is settled when
//    written, or forgotten when its connection is dropped).
// 5. Hooks, when given (the control plane's journal and faults), see the
//    request before routing and may answer it or ask for a drop; else the
//    Router answers. A handler that throws becomes a logged 500 with the
//    area's error body instead of a dropped connection.
// 6. Any text/html response gets the HTML security headers.
// 7. Hooks see the outcome and its real-time duration.
// 8. A drop closes the request's connection with no response (through the
//    ConnectionRegistry) and marks the response (WasDropped), so that the
//    recorder forgets it; otherwise one access-log line: method, path
//    without its query, status, milliseconds, request id.
//
// Errors: none escape Handle(); every failure becomes a response.
// Thread safety: Handle() is called concurrently from every server worker;
// the router, hooks, recorder, gate and registry must be thread-safe.
#pragma once

#include <httplib.h>

#include <chrono>
#include <string_view>

#include "emulator/http/carried_refusal.h"
#include "emulator/http/connection_registry.h"
#include "emulator/http/drain_gate.h"
#include "emulator/http/request_hooks.h"
#include "emulator/http/response_recorder.h"
#include "emulator/http/router.h"
#include "emulator/ids.h"
#include "emulator/log.h"

namespace revento::emulator::http {

// Everything the pipeline uses; each must outlive it. hooks and recorder
// may be null.
struct PipelineParts {
  const Router& router;
  IdSource& ids;
  Log& log;
  DrainGate& gate;
  ConnectionRegistry& connections;
  RequestHooks* hooks = nullptr;
  ResponseRecorder* recorder = nullptr;
};

class RequestPipeline {
 public:
  explicit RequestPipeline(PipelineParts parts) : parts_(parts) {}

  void Handle(const httplib::Request& req, httplib::Response& res) const;

 private:
  using Clock = std::chrono::steady_clock;
  void AnswerRefusal(RequestContext& ctx, const Refusal& refusal) const;
  RequestHooks::Ticket Route(RequestContext& ctx) const;
  void Drop(RequestContext& ctx) const;
  void LogAccess(const RequestContext& ctx, Clock::time_point started) const;

  PipelineParts parts_;
};

// True when `id` may be echoed as a request id: 1 to 128 characters of
// letters, digits and "-_.:".
bool IsWellFormedRequestId(std::string_view id);

// True when the pipeline dropped the connection of the request `res`
// answers: the response was never sent.
bool WasDropped(const httplib::Response& res);

}  // namespace revento::emulator::http
