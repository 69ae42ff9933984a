#include "emulator/sandbox/action_support.h"

#include <algorithm>

#include "emulator/fixtures/fixtures.h"
#include "emulator/http/errors.h"
#include "emulator/sandbox/json_body.h"

namespace revento::emulator::sandbox {

bool OnlyFields(http::RequestContext& ctx, const nlohmann::json& body,
                std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, _] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      BadField(ctx, key, "unknown field (known: " + (known.empty() ? std::string("none") : known) + ")");
      return false;
    }
  }
  return true;
}

bool StringField(http::RequestContext& ctx, const nlohmann::json& body, std::string_view field,
                 std::optional<std::string>* out, bool required) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required) BadField(ctx, field, "missing (a non-empty string is required)");
    return !required;
  }
  if (!it->is_string() || it->get<std::string>().empty()) {
    BadField(ctx, field, "must be a non-empty string");
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

bool TimeField(http::RequestContext& ctx, const nlohmann::json& body, std::string_view field,
               std::optional<int64_t>* out) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return true;
  int64_t seconds = 0;
  if (!it->is_string() || !ParseIsoTimestamp(it->get<std::string>(), &seconds)) {
    BadField(ctx, field, "must be an ISO 8601 UTC time like 2026-12-01T09:00:00Z");
    return false;
  }
  *out = seconds;
  return true;
}

bool PositiveIntField(http::RequestContext& ctx, const nlohmann::json& body, std::string_view field,
                      std::optional<int64_t>* out) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
    BadField(ctx, field, "must be a positive integer");
    return false;
  }
  *out = it->get<int64_t>();
  return true;
}

void SendNotFound(http::RequestContext& ctx, std::string_view what, std::string_view id) {
  http::SendReventoError(ctx.res, 404, "not_found",
                         "No " + std::string(what) + " \"" + std::string(id) + "\" in this sandbox.", ctx.request_id);
}

void SendConflict(http::RequestContext& ctx, std::string_view code, std::string_view message) {
  http::SendReventoError(ctx.res, 409, code, message, ctx.request_id);
}

void SendRefusal(http::RequestContext& ctx, const Refusal& refusal) {
  if (const auto* not_found = std::get_if<NotFound>(&refusal)) return SendNotFound(ctx, not_found->what, not_found->id);
  if (const auto* conflict = std::get_if<Conflict>(&refusal)) return SendConflict(ctx, conflict->code, conflict->why);
  http::SendReventoError(ctx.res, 400, "invalid_request", std::get<Invalid>(refusal).why, ctx.request_id);
}

void SendChanged(http::RequestContext& ctx, int status, nlohmann::json body,
                 const std::vector<std::string>& delivery_ids) {
  body["delivery_ids"] = delivery_ids;
  http::SendJson(ctx.res, status, body);
}

void SendWithDeliveries(Services& services, http::RequestContext& ctx, int status, nlohmann::json body,
                        const std::vector<std::string>& delivery_ids) {
  if (!delivery_ids.empty()) services.events.AfterCommit();
  SendChanged(ctx, status, std::move(body), delivery_ids);
}

}  // namespace revento::emulator::sandbox
