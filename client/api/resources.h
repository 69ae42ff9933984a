// The Read API's records as typed values (docs/api.md), and one page of a list.
//
// Each record keeps the JSON it was read from in `raw`, so fields a later API
// version adds are not lost. Absent times (JSON null) are std::nullopt.
// FromJson functions return kBadResponse Errors naming the field when a
// record does not have the documented shape.
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "client/status.h"

namespace revento::client::api {

struct Event {
  std::string id, name, status, organization_id, starts_at, ends_at, timezone, venue, created_at, updated_at;
  int64_t capacity = 0;
  nlohmann::json raw;
};

struct Participant {
  std::string id, event_id, email, first_name, last_name, status, ticket_type, registered_at, updated_at;
  std::optional<std::string> checked_in_at;
  nlohmann::json raw;
};

struct Application {
  std::string id, event_id, status, submitted_at, applicant_name, applicant_email;
  std::optional<std::string> decided_at, participant_id;
  nlohmann::json answers;
  nlohmann::json raw;
};

struct CheckIn {
  std::string id, event_id, participant_id, method, checked_in_at;
  nlohmann::json raw;
};

template <typename T>
struct Page {
  std::vector<T> data;
  std::optional<std::string> next_cursor;  // nullopt on the last page
};

Result<Event> EventFromJson(const nlohmann::json& json);
Result<Participant> ParticipantFromJson(const nlohmann::json& json);
Result<Application> ApplicationFromJson(const nlohmann::json& json);
Result<CheckIn> CheckInFromJson(const nlohmann::json& json);

}  // namespace revento::client::api
