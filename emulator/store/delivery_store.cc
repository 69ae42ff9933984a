#include "emulator/store/delivery_store.h"

#include <algorithm>
#include <utility>

namespace revento::emulator {

namespace {

constexpr const char* kDeliveryColumns =
    "seq, id, integration_id, installation_id, type, event_id, organization_id, webhook_url, payload, status, "
    "attempt_count, next_attempt_at, created_at, completed_at, replay_of";

Delivery ReadDelivery(const Statement& s) {
  Delivery d;
  d.seq = s.Int(0);
  d.id = s.Text(1);
  d.integration_id = s.Text(2);
  d.installation_id = s.OptionalText(3);
  d.type = s.Text(4);
  d.event_id = s.Text(5);
  d.organization_id = s.Text(6);
  d.webhook_url = s.Text(7);
  d.payload = s.Text(8);
  d.status = s.Text(9);
  d.attempt_count = s.Int(10);
  d.next_attempt_at = s.OptionalInt(11);
  d.created_at = s.Int(12);
  d.completed_at = s.OptionalInt(13);
  d.replay_of = s.OptionalText(14);
  return d;
}

}  // namespace

void DeliveryStore::Insert(const Delivery& d) {
  db_.Prepare(std::string("INSERT INTO deliveries(") + kDeliveryColumns + ") VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, d.id)
      .Bind(2, d.integration_id)
      .Bind(3, d.installation_id)
      .Bind(4, d.type)
      .Bind(5, d.event_id)
      .Bind(6, d.organization_id)
      .Bind(7, d.webhook_url)
      .Bind(8, d.payload)
      .Bind(9, d.status)
      .Bind(10, d.attempt_count)
      .Bind(11, d.next_attempt_at)
      .Bind(12, d.created_at)
      .Bind(13, d.completed_at)
      .Bind(14, d.replay_of)
      .Run();
}

std::optional<Delivery> DeliveryStore::Find(std::string_view id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kDeliveryColumns + " FROM deliveries WHERE id = ?");
  s.Bind(1, id);
  std::optional<Delivery> out;
  if (s.Step()) out = ReadDelivery(s);
  s.Reset();
  return out;
}

std::vector<Delivery> DeliveryStore::List(const DeliveryFilter& f) {
  auto& s = db_.Prepare(std::string("SELECT ") + kDeliveryColumns +
                        " FROM deliveries WHERE (?1 = '' OR type = ?1) AND (?2 = '' OR status = ?2) "
                        "AND (?3 = '' OR integration_id = ?3) ORDER BY seq DESC LIMIT ?4");
  s.Bind(1, f.type).Bind(2, f.status).Bind(3, f.integration_id).Bind(4, static_cast<int64_t>(f.limit));
  std::vector<Delivery> out;
  while (s.Step()) out.push_back(ReadDelivery(s));
  s.Reset();
  return out;
}

std::vector<DeliveryAttempt> DeliveryStore::Attempts(std::string_view delivery_id) {
  auto& s = db_.Prepare(
      "SELECT attempt, started_at, timestamp_header, status_code, duration_ms, response_excerpt, error "
      "FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt");
  s.Bind(1, delivery_id);
  std::vector<DeliveryAttempt> out;
  while (s.Step()) {
    out.push_back(DeliveryAttempt{s.Int(0), s.Int(1), s.Int(2), s.OptionalInt(3), s.Int(4), s.OptionalText(5),
                                  s.OptionalText(6)});
  }
  s.Reset();
  return out;
}

std::vector<std::string> DeliveryStore::ClaimDue(int64_t now, int limit) {
  // One statement claims the whole batch; RETURNING answers the rows in no
  // promised order, so they are put back in due order here.
  struct Claimed {
    int64_t next_attempt_at;
    int64_t seq;
    std::string id;
  };
  std::vector<Claimed> claimed;
  Transaction tx(db_);
  auto& s = db_.Prepare(
      "UPDATE deliveries SET status = 'in_flight' WHERE seq IN (SELECT seq FROM deliveries "
      "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?) "
      "RETURNING next_attempt_at, seq, id");
  s.Bind(1, now).Bind(2, static_cast<int64_t>(limit));
  while (s.Step()) claimed.push_back(Claimed{s.Int(0), s.Int(1), s.Text(2)});
  s.Reset();
  tx.Commit();
  std::ranges::sort(claimed, {}, [](const Claimed& c) { return std::pair(c.next_attempt_at, c.seq); });
  std::vector<std::string> ids;
  ids.reserve(claimed.size());
  for (auto& c : claimed) ids.push_back(std::move(c.id));
  return ids;
}

std::optional<int64_t> DeliveryStore::NextDueAt() {
  // An index walk to the first row, not an aggregate over every pending row.
  auto& s =
      db_.Prepare("SELECT next_attempt_at FROM deliveries WHERE status = 'pending' ORDER BY next_attempt_at LIMIT 1");
  std::optional<int64_t> out;
  if (s.Step()) out = s.OptionalInt(0);
  s.Reset();
  return out;
}

DeliveryStore::Backlog DeliveryStore::PendingBacklog() {
  auto& s =
      db_.Prepare("SELECT COUNT(*), MIN(next_attempt_at) FROM deliveries WHERE status IN ('pending', 'in_flight')");
  Backlog out;
  if (s.Step()) out = Backlog{s.Int(0), s.OptionalInt(1)};
  s.Reset();
  return out;
}

int DeliveryStore::RequeueInFlight() {
  return db_.Prepare("UPDATE deliveries SET status = 'pending' WHERE status = 'in_flight'").Run();
}

std::optional<OutboundDelivery> DeliveryStore::LoadInFlight(std::string_view id) {
  auto& s = db_.Prepare(
      "SELECT d.id, d.type, COALESCE(i.webhook_url, d.webhook_url), COALESCE(i.webhook_secret, ''), d.payload, "
      "d.attempt_count FROM deliveries d JOIN integrations i ON i.id = d.integration_id "
      "WHERE d.id = ? AND d.status = 'in_flight'");
  s.Bind(1, id);
  std::optional<OutboundDelivery> out;
  if (s.Step()) out = OutboundDelivery{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5)};
  s.Reset();
  return out;
}

bool DeliveryStore::RecordAttempt(std::string_view id, const DeliveryAttempt& a, std::string_view status,
                                  std::optional<int64_t> next_attempt_at, std::optional<int64_t> completed_at) {
  Transaction tx(db_);
  int changed = db_.Prepare(
                       "UPDATE deliveries SET status = ?, attempt_count = ?, next_attempt_at = ?, completed_at = ? "
                       "WHERE id = ? AND status = 'in_flight'")
                    .Bind(1, status)
                    .Bind(2, a.attempt)
                    .Bind(3, next_attempt_at)
                    .Bind(4, completed_at)
                    .Bind(5, id)
                    .Run();
  if (changed == 0) return false;
  db_.Prepare(
         "INSERT INTO delivery_attempts(delivery_id, attempt, started_at, timestamp_header, status_code, "
         "duration_ms, response_excerpt, error) VALUES (?,?,?,?,?,?,?,?)")
      .Bind(1, id)
      .Bind(2, a.attempt)
      .Bind(3, a.started_at)
      .Bind(4, a.timestamp_header)
      .Bind(5, a.status_code)
      .Bind(6, a.duration_ms)
      .Bind(7, a.response_excerpt)
      .Bind(8, a.error)
      .Run();
  tx.Commit();
  return true;
}

}  // namespace revento::emulator
