#include "emulator/sandbox/traffic_hooks.h"

#include <thread>

#include "emulator/http/errors.h"

namespace revento::emulator::sandbox {

namespace {

bool IsControlPlane(std::string_view path) { return path.starts_with("/_sandbox"); }

// The app's traffic the journal shows (docs/emulator.md "Request journal"):
// OAuth, its metadata and the Read API; not "/", a favicon or a stray path.
bool IsJournaled(std::string_view path) {
  for (std::string_view area : {"/oauth", "/.well-known", "/api"}) {
    if (path.starts_with(area) && (path.size() == area.size() || path[area.size()] == '/')) return true;
  }
  return false;
}

}  // namespace

TrafficHooks::TrafficHooks(Journal& journal, FaultTable& faults, Sleep sleep)
    : journal_(journal), faults_(faults), sleep_(std::move(sleep)) {
  if (!sleep_) sleep_ = [](std::chrono::milliseconds ms) { std::this_thread::sleep_for(ms); };
}

http::RequestHooks::Ticket TrafficHooks::Before(http::RequestContext& ctx) {
  Ticket ticket;
  if (IsControlPlane(ctx.req.path)) return ticket;
  auto fault = faults_.Take(ctx.req.method, ctx.req.path);
  if (!fault) return ticket;
  ticket.fault_id = fault->id;
  ticket.fault_action = std::string(fault->action.KindName());
  switch (fault->action.kind) {
    case FaultAction::Kind::kStatus:
      http::SendError(ctx, http::AreaOf(ctx.req.path), fault->action.status, fault->action.error,
                      fault->action.message);
      ticket.outcome = Outcome::kAnswered;
      break;
    case FaultAction::Kind::kDelay:
      if (ctx.before_waiting) ctx.before_waiting();
      sleep_(std::chrono::milliseconds(fault->action.delay_ms));
      ticket.outcome = Outcome::kRoute;
      break;
    case FaultAction::Kind::kDropConnection:
      ticket.outcome = Outcome::kDropConnection;
      break;
  }
  return ticket;
}

void TrafficHooks::After(const http::RequestContext& ctx, const Ticket& ticket, std::chrono::nanoseconds duration) {
  if (!journal_.enabled() || !IsJournaled(ctx.req.path)) return;
  int status = ticket.outcome == Outcome::kDropConnection ? 0 : ctx.res.status;
  journal_.Record(ctx.req, status, ctx.request_id, duration, ticket.fault_id, ticket.fault_action);
}

}  // namespace revento::emulator::sandbox
