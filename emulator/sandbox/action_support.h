// Shared pieces of the organizer-action handlers (events, applications,
// participants, trigger): reading optional body fields with a 400 that names
// the field, the 404 for an unknown resource, and the answer that carries the
// delivery ids an action caused (waking the dispatcher first).
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
#include "emulator/services.h"
#include "emulator/store/sandbox_data.h"

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

// The event that a new registration or application goes to, or nothing
// after answering 404 (no such event) or 409 invalid_transition ("Event
// <id> is cancelled; <refusal>"). Call holding the database lock.
std::optional<Event> FindOpenEvent(http::RequestContext& ctx, SandboxData& data, const std::string& event_id,
                                   std::string_view refusal);

// Wakes the dispatcher when `delivery_ids` is not empty, then answers
// `status` with `body` plus "delivery_ids".
void SendWithDeliveries(Services& services, http::RequestContext& ctx, int status, nlohmann::json body,
                        const std::vector<std::string>& delivery_ids);

}  // namespace revento::emulator::sandbox
