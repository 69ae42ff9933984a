// The JSON representations of the sandbox's records, built once and used by
// both the Read API responses and webhook `data` (CONTRACT.md: "data holds
// the same representation the Read API returns"). docs/api.md shows each.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/store/records.h"

namespace revento::emulator {

nlohmann::json EventJson(const Event& event);
nlohmann::json ParticipantJson(const Participant& participant);
nlohmann::json ApplicationJson(const Application& application);
nlohmann::json CheckInJson(const CheckIn& check_in);

}  // namespace revento::emulator
