#include "emulator/sandbox/deliveries_handler.h"

#include <charconv>

#include "emulator/catalog.h"
#include "emulator/http/errors.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/store/delivery_store.h"
#include "emulator/webhooks/publisher.h"

namespace revento::emulator::sandbox {

namespace {

nlohmann::json OptionalTime(const std::optional<int64_t>& t) {
  return t ? nlohmann::json(IsoTimestampFromUnix(*t)) : nlohmann::json(nullptr);
}

nlohmann::json DeliveryJson(const Delivery& d) {
  return {{"id", d.id},
          {"object", "delivery"},
          {"type", d.type},
          {"status", d.status},
          {"integration_id", d.integration_id},
          {"installation_id", d.installation_id ? nlohmann::json(*d.installation_id) : nlohmann::json(nullptr)},
          {"event_id", d.event_id},
          {"organization_id", d.organization_id},
          {"webhook_url", d.webhook_url},
          {"attempt_count", d.attempt_count},
          {"next_attempt_at", d.status == "pending" ? OptionalTime(d.next_attempt_at) : nlohmann::json(nullptr)},
          {"created_at", IsoTimestampFromUnix(d.created_at)},
          {"completed_at", OptionalTime(d.completed_at)},
          {"replay_of", d.replay_of ? nlohmann::json(*d.replay_of) : nlohmann::json(nullptr)}};
}

nlohmann::json AttemptJson(const DeliveryAttempt& a) {
  return {{"attempt", a.attempt},
          {"started_at", IsoTimestampFromUnix(a.started_at)},
          {"timestamp_header", a.timestamp_header},
          {"status_code", a.status_code ? nlohmann::json(*a.status_code) : nlohmann::json(nullptr)},
          {"duration_ms", a.duration_ms},
          {"response_excerpt", a.response_excerpt ? nlohmann::json(*a.response_excerpt) : nlohmann::json(nullptr)},
          {"error", a.error ? nlohmann::json(*a.error) : nlohmann::json(nullptr)}};
}

void BadDeliveriesParameter(http::RequestContext& ctx, std::string_view name, std::string_view problem) {
  http::SendReventoError(ctx.res, 400, "invalid_parameter", std::string(name) + ": " + std::string(problem),
                         ctx.request_id);
}

}  // namespace

void HandleListDeliveries(Services& services, http::RequestContext& ctx) {
  for (const auto& [name, _] : ctx.req.params) {
    if (name != "type" && name != "status" && name != "integration" && name != "limit") {
      return BadDeliveriesParameter(ctx, name, "unknown query parameter (known: type, status, integration, limit)");
    }
  }
  DeliveryFilter filter;
  filter.type = ctx.req.get_param_value("type");
  filter.status = ctx.req.get_param_value("status");
  filter.integration_id = ctx.req.get_param_value("integration");
  if (!filter.type.empty() && !FindWebhookType(filter.type)) {
    return BadDeliveriesParameter(ctx, "type", "unknown webhook type \"" + filter.type + "\"");
  }
  if (!filter.status.empty() && filter.status != "pending" && filter.status != "in_flight" &&
      filter.status != "succeeded" && filter.status != "failed") {
    return BadDeliveriesParameter(ctx, "status", "must be pending, in_flight, succeeded or failed");
  }
  if (ctx.req.has_param("limit")) {
    std::string text = ctx.req.get_param_value("limit");
    int limit = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 1000) {
      return BadDeliveriesParameter(ctx, "limit", "must be an integer from 1 to 1000");
    }
    filter.limit = limit;
  }
  nlohmann::json data = nlohmann::json::array();
  {
    auto lock = services.db.Lock();
    for (const auto& d : DeliveryStore(services.db).List(filter)) data.push_back(DeliveryJson(d));
  }
  http::SendJson(ctx.res, 200, {{"data", data}});
}

void HandleGetDelivery(Services& services, http::RequestContext& ctx) {
  std::string id(ctx.Param("delivery_id"));
  std::optional<Delivery> delivery;
  std::vector<DeliveryAttempt> attempts;
  {
    auto lock = services.db.Lock();
    DeliveryStore store(services.db);
    delivery = store.Find(id);
    if (delivery) attempts = store.Attempts(id);
  }
  if (!delivery) return SendNotFound(ctx, "delivery", id);
  nlohmann::json out = DeliveryJson(*delivery);
  // body_raw: the exact bytes signed and sent (what a signature check needs);
  // payload: the same body parsed, for reading (its serialisation is not the wire's).
  out["body_raw"] = delivery->payload;
  out["payload"] = nlohmann::json::parse(delivery->payload, nullptr, false);
  out["attempts"] = nlohmann::json::array();
  for (const auto& a : attempts) out["attempts"].push_back(AttemptJson(a));
  http::SendJson(ctx.res, 200, out);
}

void HandleReplayDelivery(Services& services, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  std::string id(ctx.Param("delivery_id"));
  std::optional<Delivery> replay;
  {
    auto lock = services.db.Lock();
    DeliveryStore store(services.db);
    auto original = store.Find(id);
    if (!original) return SendNotFound(ctx, "delivery", id);
    std::string new_id =
        webhooks::Publisher(services.db, services.ids).Replay(*original, UnixSeconds(services.clock.Now()));
    replay = store.Find(new_id);
  }
  SendWithDeliveries(services, ctx, 201, {{"delivery", DeliveryJson(*replay)}}, {replay->id});
}

void HandleFlushDeliveries(Services& services, webhooks::Dispatcher& dispatcher, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  int64_t attempts = dispatcher.Flush();
  DeliveryStore::Backlog backlog;
  {
    auto lock = services.db.Lock();
    backlog = DeliveryStore(services.db).PendingBacklog();
  }
  http::SendJson(
      ctx.res, 200,
      {{"attempts", attempts}, {"pending", backlog.count}, {"next_attempt_at", OptionalTime(backlog.next_attempt_at)}});
}

}  // namespace revento::emulator::sandbox
