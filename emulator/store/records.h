// Plain records of the sandbox's domain, as the store reads and writes them.
// Times are Unix seconds on the sandbox clock; `seq` is the pagination key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace revento::emulator {

struct Organization {
  std::string id;
  std::string name;
};

struct User {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string email;
  std::string role;
};

struct Event {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string status;  // draft | published | cancelled
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string timezone;
  std::string venue;
  int64_t capacity = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Participant {
  int64_t seq = 0;
  std::string id;
  std::string event_id;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string ticket_type;
  std::string status;  // registered | cancelled
  int64_t registered_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> checked_in_at;
};

struct Application {
  int64_t seq = 0;
  std::string id;
  std::string event_id;
  std::string applicant_name;
  std::string applicant_email;
  std::string answers_json = "{}";  // a JSON object, stored as text
  std::string status;               // pending | approved | rejected
  int64_t submitted_at = 0;
  std::optional<int64_t> decided_at;
  std::optional<std::string> participant_id;
};

struct CheckIn {
  int64_t seq = 0;
  std::string id;
  std::string event_id;
  std::string participant_id;
  int64_t checked_in_at = 0;
  std::string method;  // qr | manual
};

struct Integration {
  std::string id;
  std::string name;
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> scopes;
  std::optional<std::string> webhook_url;
  std::vector<std::string> webhook_events;
  std::optional<std::string> webhook_secret;
  int64_t created_at = 0;
};

// A page of a keyset walk: rows with seq > after, in seq order.
template <typename T>
struct Page {
  std::vector<T> rows;
  bool has_more = false;
};

// What a keyset walk appended as stored representations (JSON text):
// how many rows, the last row's seq, and whether more rows follow.
struct JsonRows {
  int count = 0;
  int64_t last_seq = 0;
  bool has_more = false;
};

}  // namespace revento::emulator
