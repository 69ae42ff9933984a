#include "emulator/sandbox/journal.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "emulator/sandbox/redaction.h"
#include "emulator/text.h"

namespace revento::emulator::sandbox {

namespace {

constexpr size_t kMaxPathBytes = 1024;

// Header lines httplib adds to the request itself; not sent by the client.
bool IsPseudoHeader(std::string_view name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

// Adds name=value to the entry while its budget allows, redacting secrets
// (the caller passes them redacted) and cutting long values.
class Budget {
 public:
  explicit Budget(JournalEntry& entry) : entry_(entry) {}

  void Add(JournalEntry::Part part, std::string_view name, std::string_view value) {
    if (!Fits(name, value)) return;
    JournalEntry::Span n = entry_.Append(name);
    JournalEntry::Span v = entry_.Append(value);
    entry_.fields.push_back({part, n, v});
  }

  // A header whose value is a credential: redacted straight into the buffer.
  void AddRedactedHeader(std::string_view name, std::string_view value, HeaderRedactor& redactor) {
    constexpr size_t kRedactedBytes = 64;  // a scheme, 8 characters, "… sha256:" and 12 digits fit
    std::string_view nothing;
    if (!Fits(name, nothing) || entry_.text.size() + name.size() + kRedactedBytes > kEntryBudgetBytes) {
      entry_.truncated = true;
      return;
    }
    JournalEntry::Span n = entry_.Append(name);
    uint32_t start = static_cast<uint32_t>(entry_.text.size());
    redactor.AppendRedacted(value, entry_.text);
    entry_.fields.push_back({JournalEntry::Part::kHeader, n, {start, static_cast<uint32_t>(entry_.text.size() - start)}});
  }

 private:
  // Cuts `name` and `value` to kMaxValueBytes; false when the pair does not fit the budget.
  bool Fits(std::string_view& name, std::string_view& value) {
    if (name.size() > kMaxValueBytes) {
      name = name.substr(0, kMaxValueBytes);
      entry_.truncated = true;
    }
    if (value.size() > kMaxValueBytes) {
      value = value.substr(0, kMaxValueBytes);
      entry_.truncated = true;
    }
    if (entry_.text.size() + name.size() + value.size() > kEntryBudgetBytes) {
      entry_.truncated = true;
      return false;
    }
    return true;
  }

  JournalEntry& entry_;
};

void AddPairs(Budget& budget, JournalEntry::Part part, std::string_view text, HeaderRedactor* memo) {
  std::string name, value, redacted;  // reused for every pair
  ForEachFormPair(text, [&](std::string_view raw_name, std::string_view raw_value) {
    FormDecode(raw_name, name, Escapes::kLenient);
    FormDecode(raw_value, value, Escapes::kLenient);
    if (IsSecretParameter(name) && !value.empty() && memo) {
      redacted.clear();
      memo->AppendRedactedSecret(value, redacted);
      budget.Add(part, name, redacted);
      return;
    }
    if (IsSecretParameter(name) && !value.empty()) value = RedactSecret(value);
    budget.Add(part, name, value);
  });
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

nlohmann::json FieldsJson(const std::vector<std::pair<std::string_view, std::string_view>>& fields) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : fields) {
    std::string key(name);
    auto it = out.find(key);
    if (it == out.end()) {
      out[key] = value;
    } else {
      if (!it->is_array()) *it = nlohmann::json::array({*it});
      it->push_back(value);
    }
  }
  return out;
}

}  // namespace

JournalEntry::Span JournalEntry::Append(std::string_view value) {
  Span span{static_cast<uint32_t>(text.size()), static_cast<uint32_t>(value.size())};
  text.append(value);
  return span;
}

std::vector<std::pair<std::string_view, std::string_view>> JournalEntry::Fields(Part part) const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& f : fields)
    if (f.part == part) out.emplace_back(View(f.name), View(f.value));
  return out;
}

JournalEntry MakeJournalEntry(const httplib::Request& req, int status, std::string_view request_id,
                              std::chrono::nanoseconds duration, int64_t at_unix, std::string_view fault_id,
                              std::string_view fault_action) {
  JournalEntry e;
  FillJournalEntry(e, req, status, request_id, duration, at_unix, fault_id, fault_action, nullptr);
  return e;
}

void FillJournalEntry(JournalEntry& e, const httplib::Request& req, int status, std::string_view request_id,
                      std::chrono::nanoseconds duration, int64_t at_unix, std::string_view fault_id,
                      std::string_view fault_action, HeaderRedactor* headers) {
  std::string text = std::move(e.text);
  std::vector<JournalEntry::Field> fields = std::move(e.fields);
  e = JournalEntry{};
  text.clear();
  fields.clear();
  e.text = std::move(text);
  e.fields = std::move(fields);
  size_t estimate = request_id.size() + 64 + std::min(req.target.size(), kMaxPathBytes) * 2;
  for (const auto& [name, value] : req.headers) estimate += name.size() + std::min(value.size(), kMaxValueBytes);
  e.text.reserve(std::min(estimate, kEntryBudgetBytes + 2 * kMaxPathBytes + 256));
  e.fields.reserve(req.headers.size() + 8);
  e.request_id = e.Append(request_id);
  e.at_unix = at_unix;
  e.method = e.Append(std::string_view(req.method).substr(0, 32));
  e.path = e.Append(std::string_view(req.path).substr(0, kMaxPathBytes));
  e.truncated = req.path.size() > kMaxPathBytes;
  e.body_bytes = req.body.size();
  e.status = status;
  e.duration_ms = std::chrono::duration<double, std::milli>(duration).count();
  e.remote_addr = e.Append(req.remote_addr);
  e.remote_port = req.remote_port;
  e.fault_id = e.Append(fault_id);
  e.fault_action = e.Append(fault_action);
  Budget budget(e);
  size_t question = req.target.find('?');
  if (question != std::string::npos) {
    AddPairs(budget, JournalEntry::Part::kQuery, std::string_view(req.target).substr(question + 1), headers);
  }
  for (const auto& [name, value] : req.headers) {
    if (IsPseudoHeader(name)) continue;
    if (IsSecretHeader(name) && headers) {
      budget.AddRedactedHeader(name, value, *headers);
    } else if (IsSecretHeader(name)) {
      budget.Add(JournalEntry::Part::kHeader, name, RedactHeaderValue(value));
    } else {
      budget.Add(JournalEntry::Part::kHeader, name, value);
    }
  }
  if (!req.body.empty() &&
      StartsWithIgnoringCase(req.get_header_value("Content-Type"), "application/x-www-form-urlencoded")) {
    AddPairs(budget, JournalEntry::Part::kForm, req.body, headers);
  }
}

nlohmann::json JournalEntryJson(const JournalEntry& e) {
  nlohmann::json fault;
  if (e.fault_id.size > 0) fault = {{"id", e.View(e.fault_id)}, {"action", e.View(e.fault_action)}};
  return {{"seq", e.seq},
          {"request_id", e.View(e.request_id)},
          {"at", IsoTimestampFromUnix(e.at_unix)},
          {"method", e.View(e.method)},
          {"path", e.View(e.path)},
          {"query", FieldsJson(e.Fields(JournalEntry::Part::kQuery))},
          {"headers", FieldsJson(e.Fields(JournalEntry::Part::kHeader))},
          {"form", FieldsJson(e.Fields(JournalEntry::Part::kForm))},
          {"body_bytes", e.body_bytes},
          {"status", e.status},
          {"duration_ms", e.duration_ms},
          {"remote_addr", e.View(e.remote_addr)},
          {"remote_port", e.remote_port},
          {"fault", fault},
          {"truncated", e.truncated}};
}

Journal::Journal(const Clock& clock, size_t capacity) : clock_(clock), capacity_(capacity) {}

void Journal::Record(const httplib::Request& req, int status, std::string_view request_id,
                     std::chrono::nanoseconds duration, std::string_view fault_id, std::string_view fault_action) {
  if (!enabled()) return;
  JournalEntry entry = TakeSpare();
  FillJournalEntry(entry, req, status, request_id, duration, UnixSeconds(clock_.Now()), fault_id, fault_action,
                   &header_redactor_);
  Add(std::move(entry));
}

JournalEntry Journal::TakeSpare() {
  std::lock_guard lock(mutex_);
  if (spares_.empty()) return {};
  JournalEntry spare = std::move(spares_.back());
  spares_.pop_back();
  return spare;
}

void Journal::Add(JournalEntry entry) {
  if (!enabled()) return;
  constexpr size_t kMaxSpares = 64;
  JournalEntry evicted;  // freed after the lock is released when not kept as a spare
  std::lock_guard lock(mutex_);
  entry.seq = ++seq_;
  ++recorded_;
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(entry));
    return;
  }
  evicted = std::exchange(ring_[next_], std::move(entry));
  next_ = (next_ + 1) % capacity_;
  if (spares_.size() < kMaxSpares) spares_.push_back(std::move(evicted));
}

std::vector<JournalEntry> Journal::Query(const JournalQuery& q) const {
  std::vector<JournalEntry> out;
  std::lock_guard lock(mutex_);
  size_t n = ring_.size();
  for (size_t k = 0; k < n && out.size() < q.limit; ++k) {
    // Newest first: the entry just before next_ (when full) or the last one.
    size_t newest = ring_.size() < capacity_ ? n - 1 : (next_ + capacity_ - 1) % capacity_;
    const JournalEntry& e = ring_[(newest + n - k) % n];
    if (q.path_prefix && !e.View(e.path).starts_with(*q.path_prefix)) continue;
    if (q.method && e.View(e.method) != *q.method) continue;
    if (q.status && e.status != *q.status) continue;
    if (q.status_class && e.status / 100 != *q.status_class) continue;
    if (q.since_unix && e.at_unix < *q.since_unix) continue;
    out.push_back(e);
  }
  return out;
}

JournalStats Journal::Stats() const {
  std::lock_guard lock(mutex_);
  return {capacity_, ring_.size(), recorded_};
}

size_t Journal::Clear() {
  std::vector<JournalEntry> old;
  std::lock_guard lock(mutex_);
  old.swap(ring_);
  spares_.clear();
  next_ = 0;
  recorded_ = 0;
  return old.size();
}

}  // namespace revento::emulator::sandbox
