// The request journal: what the app sent, so that a test can assert it.
//
// Record() turns one finished request into an entry (method, path, query,
// headers and form fields with every credential redacted by redaction.h
// before anything is stored; status, real-time duration, request id, remote
// address, the fault that applied) and puts it in a ring of `capacity`
// entries: the oldest entry is dropped when the ring is full, so memory never
// grows without limit. Each entry is capped too (kEntryBudgetBytes: values
// are cut at kMaxValueBytes and fields past the budget left out, with
// `truncated` set). A capacity of 0 disables the journal: Record() returns at
// once. Query() answers newest first, filtered.
//
// Which requests are recorded is the caller's choice (traffic_hooks.h records
// /oauth, /.well-known and /api, never /_sandbox).
//
// Thread safety: every method may be called concurrently; entries are built
// outside the lock, which is held only to move one into the ring.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/clock.h"
#include "emulator/sandbox/redaction.h"

namespace revento::emulator::sandbox {

inline constexpr size_t kEntryBudgetBytes = 4096;
inline constexpr size_t kMaxValueBytes = 512;

// One recorded request. Every string lives in one buffer (`text`) and is
// addressed by a Span, so that an entry costs two allocations, not one per
// header; once the ring is full, the entries it drops are reused for new
// ones (their buffers keep their capacity), so recording allocates nothing.
struct JournalEntry {
  struct Span {
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  enum class Part : uint8_t { kQuery, kHeader, kForm };
  struct Field {
    Part part;
    Span name;
    Span value;
  };

  uint64_t seq = 0;
  int64_t at_unix = 0;  // sandbox clock
  size_t body_bytes = 0;
  int status = 0;  // 0: the connection was dropped
  double duration_ms = 0;
  int remote_port = 0;
  bool truncated = false;
  std::string text;
  Span request_id, method, path, remote_addr, fault_id, fault_action;
  std::vector<Field> fields;

  std::string_view View(Span span) const { return std::string_view(text).substr(span.offset, span.size); }
  Span Append(std::string_view value);
  // The name/value pairs of one part, in the order received.
  std::vector<std::pair<std::string_view, std::string_view>> Fields(Part part) const;
  // Bytes the entry's strings hold (for the budget and for tests).
  size_t Bytes() const { return text.size(); }
};

struct JournalQuery {
  std::optional<std::string> path_prefix;
  std::optional<std::string> method;  // upper case
  std::optional<int> status;          // exact
  std::optional<int> status_class;    // 1..5 for "1xx".."5xx"
  std::optional<int64_t> since_unix;
  size_t limit = 100;
};

struct JournalStats {
  size_t capacity = 0;
  size_t size = 0;
  uint64_t recorded = 0;  // since start or the last Clear()
};

class Journal {
 public:
  Journal(const Clock& clock, size_t capacity);

  bool enabled() const { return capacity_ > 0; }

  void Record(const httplib::Request& req, int status, std::string_view request_id, std::chrono::nanoseconds duration,
              std::string_view fault_id, std::string_view fault_action);
  // Stores a prepared entry (its seq is assigned here).
  void Add(JournalEntry entry);

  std::vector<JournalEntry> Query(const JournalQuery& query) const;
  JournalStats Stats() const;
  // Empties the ring; returns how many entries it held.
  size_t Clear();

 private:
  // An entry the ring dropped, to build the next one in (its buffers keep
  // their capacity: no allocation per request once the ring is full).
  JournalEntry TakeSpare();

  const Clock& clock_;
  const size_t capacity_;
  HeaderRedactor header_redactor_;
  mutable std::mutex mutex_;
  std::vector<JournalEntry> ring_;  // grows to capacity_, then wraps at next_
  std::vector<JournalEntry> spares_;  // dropped entries, at most kMaxSpares
  size_t next_ = 0;
  uint64_t seq_ = 0;
  uint64_t recorded_ = 0;
};

// Builds the redacted, capped entry for one request (no seq yet).
JournalEntry MakeJournalEntry(const httplib::Request& req, int status, std::string_view request_id,
                              std::chrono::nanoseconds duration, int64_t at_unix, std::string_view fault_id,
                              std::string_view fault_action);
// The same, into `entry` (whatever it held is replaced; its buffers are
// reused), with header credentials redacted through `headers`.
void FillJournalEntry(JournalEntry& entry, const httplib::Request& req, int status, std::string_view request_id,
                      std::chrono::nanoseconds duration, int64_t at_unix, std::string_view fault_id,
                      std::string_view fault_action, HeaderRedactor* headers);

nlohmann::json JournalEntryJson(const JournalEntry& entry);

}  // namespace revento::emulator::sandbox
