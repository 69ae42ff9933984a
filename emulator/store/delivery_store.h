// The delivery log: webhook deliveries and their attempts, as rows in SQLite
// (tables `deliveries` and `delivery_attempts`), so that they survive a
// restart with --data-dir.
//
// A delivery moves pending -> in_flight (claimed by the dispatcher) ->
// succeeded | failed | pending (a retry is scheduled). Times are Unix seconds
// on the sandbox clock, except an attempt's timestamp_header, which is the
// real time sent in X-Revento-Timestamp.
//
// ClaimDue and RecordAttempt each write in a Transaction of their own, so a
// failure part way leaves nothing half done; call them outside a
// Transaction (SQLite transactions do not nest). The other writes are one
// statement each.
//
// Errors: a missing row is std::nullopt / false; SQLite failures throw
// StoreError. Thread safety: every method must be called while holding the
// database lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/store/database.h"

namespace revento::emulator {

struct Delivery {
  int64_t seq = 0;
  std::string id;
  std::string integration_id;
  std::optional<std::string> installation_id;
  std::string type;
  std::string event_id;
  std::string organization_id;
  std::string webhook_url;
  std::string payload;  // the exact body bytes every attempt sends
  std::string status;   // pending | in_flight | succeeded | failed
  int64_t attempt_count = 0;
  std::optional<int64_t> next_attempt_at;
  int64_t created_at = 0;
  std::optional<int64_t> completed_at;
  std::optional<std::string> replay_of;
};

struct DeliveryAttempt {
  int64_t attempt = 0;  // 1-based
  int64_t started_at = 0;
  int64_t timestamp_header = 0;
  std::optional<int64_t> status_code;
  int64_t duration_ms = 0;
  std::optional<std::string> response_excerpt;
  std::optional<std::string> error;
};

// What one attempt needs, read when the attempt starts.
struct OutboundDelivery {
  std::string id;
  std::string type;
  std::string url;     // the integration's current webhook URL
  std::string secret;  // its signing secret (empty: none; the attempt fails)
  std::string payload;
  int64_t attempt_count = 0;  // attempts made before this one
};

struct DeliveryFilter {
  std::string type;            // empty: any
  std::string status;          // empty: any
  std::string integration_id;  // empty: any
  int limit = 100;
};

class DeliveryStore {
 public:
  explicit DeliveryStore(Database& db) : db_(db) {}

  void Insert(const Delivery& delivery);
  std::optional<Delivery> Find(std::string_view id);
  // Newest first.
  std::vector<Delivery> List(const DeliveryFilter& filter);
  std::vector<DeliveryAttempt> Attempts(std::string_view delivery_id);

  // Marks up to `limit` pending deliveries due at or before `now` in_flight
  // and returns their ids, oldest due first (then in insertion order). All
  // or none: one statement in one transaction.
  std::vector<std::string> ClaimDue(int64_t now, int limit);
  // The earliest next_attempt_at of a pending delivery.
  std::optional<int64_t> NextDueAt();
  // How many deliveries are pending or in flight, and the earliest due time.
  struct Backlog {
    int64_t count = 0;
    std::optional<int64_t> next_attempt_at;
  };
  Backlog PendingBacklog();
  // After a restart nothing is in flight: puts such rows back to pending.
  int RequeueInFlight();
  // The delivery if it is in flight (a reset may have deleted it).
  std::optional<OutboundDelivery> LoadInFlight(std::string_view id);
  // Appends the attempt and moves the in-flight delivery to `status`
  // (pending with `next_attempt_at`, or succeeded / failed with
  // `completed_at`). False if the delivery is no longer in flight. Both
  // writes commit together or not at all.
  bool RecordAttempt(std::string_view id, const DeliveryAttempt& attempt, std::string_view status,
                     std::optional<int64_t> next_attempt_at, std::optional<int64_t> completed_at);

 private:
  Database& db_;
};

}  // namespace revento::emulator
