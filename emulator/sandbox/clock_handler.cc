#include "emulator/sandbox/clock_handler.h"

#include <nlohmann/json.hpp>

#include "emulator/http/errors.h"
#include "emulator/sandbox/json_body.h"

namespace revento::emulator::sandbox {

namespace {

nlohmann::json ClockJson(const SandboxClock::State& s) {
  return {{"now", IsoTimestamp(s.now)},
          {"unix", UnixSeconds(s.now)},
          {"frozen", s.frozen},
          {"offset_seconds", std::chrono::duration_cast<std::chrono::seconds>(s.offset).count()}};
}

}  // namespace

void HandleGetClock(Services& services, http::RequestContext& ctx) {
  http::SendJson(ctx.res, 200, ClockJson(services.clock.Read()));
}

void HandlePostClock(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  static constexpr const char* kUsage =
      " Send exactly one of {\"advance_seconds\": N}, {\"set\": \"2026-12-01T09:00:00Z\"}, "
      "{\"freeze\": true} or {\"resume\": true}.";
  if (body->size() != 1) {
    return http::SendReventoError(ctx.res, 400, "invalid_request",
                                  std::string("The clock request must have exactly one field.") + kUsage,
                                  ctx.request_id);
  }
  auto [key, value] = *body->items().begin();
  if (key == "advance_seconds") {
    if (!value.is_number() || value.get<double>() < 0) {
      return http::SendReventoError(ctx.res, 400, "invalid_request",
                                    "advance_seconds must be a number of seconds, 0 or more; the sandbox clock "
                                    "never moves backwards by advancing (use \"set\").",
                                    ctx.request_id);
    }
    double room = static_cast<double>(kLatestSandboxUnix - UnixSeconds(services.clock.Now()));
    if (value.get<double>() > room) {
      return http::SendReventoError(ctx.res, 400, "invalid_request",
                                    "advance_seconds would take the sandbox clock past " +
                                        std::string(kLatestSandboxTime) + ", the latest time it supports; advance by " +
                                        "at most " + std::to_string(static_cast<int64_t>(room)) + " seconds.",
                                    ctx.request_id);
    }
    services.clock.Advance(std::chrono::milliseconds(static_cast<int64_t>(value.get<double>() * 1000)));
  } else if (key == "set") {
    int64_t unix_seconds = 0;
    bool in_range = true;
    if (value.is_number_integer()) {
      in_range = value.is_number_unsigned()
                     ? value.get<uint64_t>() <= static_cast<uint64_t>(kLatestSandboxUnix)
                     : value.get<int64_t>() >= kEarliestSandboxUnix && value.get<int64_t>() <= kLatestSandboxUnix;
      if (in_range) unix_seconds = value.get<int64_t>();
    } else if (!value.is_string() || !ParseIsoTimestamp(value.get<std::string>(), &unix_seconds)) {
      return http::SendReventoError(ctx.res, 400, "invalid_request",
                                    "set must be an ISO 8601 UTC time like 2026-12-01T09:00:00Z or Unix seconds.",
                                    ctx.request_id);
    }
    if (!in_range || unix_seconds < kEarliestSandboxUnix || unix_seconds > kLatestSandboxUnix) {
      return http::SendReventoError(ctx.res, 400, "invalid_request",
                                    "set is outside the times the sandbox clock supports: from 1970-01-01T00:00:00Z "
                                    "to " +
                                        std::string(kLatestSandboxTime) + ".",
                                    ctx.request_id);
    }
    services.clock.Set(FromUnixSeconds(unix_seconds));
  } else if ((key == "freeze" || key == "resume") && value.is_boolean() && value.get<bool>()) {
    key == "freeze" ? services.clock.Freeze() : services.clock.Resume();
  } else {
    return http::SendReventoError(ctx.res, 400, "invalid_request",
                                  "Unknown or malformed clock field \"" + key + "\"." + kUsage, ctx.request_id);
  }
  http::SendJson(ctx.res, 200, ClockJson(services.clock.Read()));
}

}  // namespace revento::emulator::sandbox
