// The JSON representations of the sandbox's records, built once and used by
// both the Read API responses and webhook `data` (CONTRACT.md: "data holds
// the same representation the Read API returns"). docs/api.md shows each.
// The Append* forms write the same representation as JSON text (equal to
// the nlohmann form's dump(), keys sorted) for the Read API's hot path;
// event, participant and check-in are defined by their Append* form.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "emulator/store/records.h"

namespace revento::emulator {

nlohmann::json EventJson(const Event& event);
nlohmann::json ParticipantJson(const Participant& participant);
nlohmann::json ApplicationJson(const Application& application);
nlohmann::json CheckInJson(const CheckIn& check_in);

void AppendEventJson(std::string& out, const Event& event);
void AppendParticipantJson(std::string& out, const Participant& participant);
void AppendApplicationJson(std::string& out, const Application& application);
void AppendCheckInJson(std::string& out, const CheckIn& check_in);

}  // namespace revento::emulator
