// Shared pieces of the organizer-action handlers (events, applications,
// participants, installations, trigger): reading optional body fields with a
// 400 that names the field, the answer for an organizer refusal (organizer.h:
// 404 not_found, 409 with its code, 400 invalid_request), and the answer that
// carries the delivery ids an action caused.
//
// Every function that returns false (or nullopt) has already answered.
// Thread safety: stateless; the caller holds what it needs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/http/router.h"
#include "emulator/sandbox/organizer.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

// 400 invalid_request naming the first field of `body` not in `allowed`.
bool OnlyFields(http::RequestContext& ctx, const nlohmann::json& body, std::initializer_list<std::string_view> allowed);

// A string field: absent (or null) leaves `out` empty; `required` answers 400
// when absent; an empty string is refused.
bool StringField(http::RequestContext& ctx, const nlohmann::json& body, std::string_view field,
                 std::optional<std::string>* out, bool required = false);
// An ISO 8601 UTC time field ("2026-12-01T09:00:00Z"), as Unix seconds.
bool TimeField(http::RequestContext& ctx, const nlohmann::json& body, std::string_view field,
               std::optional<int64_t>* out);
// A positive integer field.
bool PositiveIntField(http::RequestContext& ctx, const nlohmann::json& body, std::string_view field,
                      std::optional<int64_t>* out);

void SendNotFound(http::RequestContext& ctx, std::string_view what, std::string_view id);
void SendConflict(http::RequestContext& ctx, std::string_view code, std::string_view message);

// NotFound: 404 not_found "No <what> "<id>" in this sandbox."; Conflict: 409
// with its code and text; Invalid: 400 invalid_request with its text.
void SendRefusal(http::RequestContext& ctx, const Refusal& refusal);

// Answers `status` with `body` plus "delivery_ids" (the organizer already
// let the deliveries go out).
void SendChanged(http::RequestContext& ctx, int status, nlohmann::json body,
                 const std::vector<std::string>& delivery_ids);

// For the webhook tools that enqueue through webhooks::Publisher themselves
// (trigger, replay), after their commit: DomainEvents::AfterCommit when
// `delivery_ids` is not empty, then SendChanged.
void SendWithDeliveries(Services& services, http::RequestContext& ctx, int status, nlohmann::json body,
                        const std::vector<std::string>& delivery_ids);

}  // namespace revento::emulator::sandbox
