#include "emulator/http/request_pipeline.h"

#include <cstdio>

#include "emulator/http/error_translation.h"
#include "emulator/http/errors.h"

namespace revento::emulator::http {

namespace {

// Set on the response of a request whose connection was dropped.
constexpr const char* kDroppedHeader = "X-Revento-Dropped";

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

bool WasDropped(const httplib::Response& res) { return res.has_header(kDroppedHeader); }

void RequestPipeline::Handle(const httplib::Request& req, httplib::Response& res) const {
  auto started = Clock::now();
  std::string incoming = req.get_header_value("X-Revento-Request-Id");
  RequestContext ctx{req, res, IsWellFormedRequestId(incoming) ? incoming : parts_.ids.NewId("req_", 10), {}, {}};
  res.set_header("X-Revento-Request-Id", ctx.request_id);
  ctx.before_waiting = [this, &req] { parts_.connections.BeforeWaitingOn(req); };
  if (auto refusal = Carried(req)) return AnswerRefusal(ctx, *refusal);
  if (!parts_.gate.Enter()) return SendShuttingDown(ctx);
  if (parts_.recorder) parts_.recorder->Expect(res);
  DrainGate::Pass in_flight(parts_.gate);
  RequestHooks::Ticket ticket = Route(ctx);
  if (res.get_header_value("Content-Type").starts_with("text/html")) SetHtmlSecurityHeaders(res);
  if (parts_.hooks) parts_.hooks->After(ctx, ticket, Clock::now() - started);
  if (ticket.outcome == RequestHooks::Outcome::kDropConnection) return Drop(ctx);
  LogAccess(ctx, started);
}

void RequestPipeline::AnswerRefusal(RequestContext& ctx, const Refusal& refusal) const {
  SendRefusal(ctx, refusal);
  parts_.log.Info(ctx.req.method + " " + ctx.req.path + " " + std::to_string(refusal.status) +
                  " refused by the connection layer " + ctx.request_id);
}

RequestHooks::Ticket RequestPipeline::Route(RequestContext& ctx) const {
  RequestHooks::Ticket ticket;
  try {
    if (parts_.hooks) ticket = parts_.hooks->Before(ctx);
    if (ticket.outcome == RequestHooks::Outcome::kRoute) parts_.router.Dispatch(ctx);
  } catch (const std::exception& e) {
    parts_.log.Error("error: " + ctx.req.method + " " + ctx.req.path + " " + ctx.request_id + ": " +
                     Redact(e.what()));
    SendInternalError(ctx);
  }
  return ticket;
}

void RequestPipeline::Drop(RequestContext& ctx) const {
  ctx.res.set_header(kDroppedHeader, "1");
  parts_.connections.DropConnectionOf(ctx.req);
  parts_.log.Info(ctx.req.method + " " + ctx.req.path + " connection dropped by a fault " + ctx.request_id);
}

void RequestPipeline::LogAccess(const RequestContext& ctx, Clock::time_point started) const {
  if (!parts_.log.Enabled(LogLevel::kInfo)) return;
  auto ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  char line[96];
  std::snprintf(line, sizeof line, " %d %.1fms ", ctx.res.status, ms);
  parts_.log.Info(ctx.req.method + " " + ctx.req.path + line + ctx.request_id);
}

}  // namespace revento::emulator::http
