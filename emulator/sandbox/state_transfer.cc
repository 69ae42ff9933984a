#include "emulator/sandbox/state_transfer.h"

#include <algorithm>
#include <optional>
#include <string>

#include "emulator/store/schema.h"
#include "emulator/store/state_snapshot.h"

namespace revento::emulator::sandbox {

namespace {

using nlohmann::json;

int64_t UnixMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

json ExportedClockJson(const SandboxClock::State& state) {
  if (state.frozen)
    return {{"frozen", true}, {"offset_ms", state.offset.count()}, {"frozen_at_ms", UnixMillis(state.now)}};
  return {{"frozen", false}, {"offset_ms", state.offset.count()}, {"frozen_at_ms", nullptr}};
}

struct ClockState {
  bool frozen = false;
  int64_t offset_ms = 0;
  int64_t frozen_at_ms = 0;
};

// `message` followed by the shape a clock must have.
portable::unexpected<Error> ClockProblem(std::string message) {
  message.append(" (running: {\"frozen\": false, \"offset_ms\": N}; frozen: {\"frozen\": true, \"frozen_at_ms\": N})");
  return Fail(std::move(message));
}

Result<ClockState> ParseClock(const json& clock) {
  if (!clock.is_object()) return ClockProblem("clock: must be an object");
  for (const auto& [key, _] : clock.items()) {
    if (key != "frozen" && key != "offset_ms" && key != "frozen_at_ms") {
      return ClockProblem("clock." + key + ": unknown field");
    }
  }
  if (!clock.contains("frozen") || !clock["frozen"].is_boolean()) {
    return ClockProblem("clock.frozen: required (true or false)");
  }
  ClockState out;
  out.frozen = clock["frozen"].get<bool>();
  const char* field = out.frozen ? "frozen_at_ms" : "offset_ms";
  if (!clock.contains(field) || !clock[field].is_number_integer()) {
    return ClockProblem(std::string("clock.") + field + ": required (an integer of milliseconds)");
  }
  (out.frozen ? out.frozen_at_ms : out.offset_ms) = clock[field].get<int64_t>();
  // A frozen clock keeps the offset it had (what /_sandbox/clock shows as
  // offset_seconds); optional, 0 when absent.
  if (out.frozen && clock.contains("offset_ms") && !clock["offset_ms"].is_null()) {
    if (!clock["offset_ms"].is_number_integer())
      return ClockProblem("clock.offset_ms: must be an integer of milliseconds");
    out.offset_ms = clock["offset_ms"].get<int64_t>();
  }
  return out;
}

// The instant an imported clock shows must be one POST /_sandbox/clock could
// set (clock.h: 1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z); a larger
// offset would overflow the clock and show 1759 or 1906.
Status CheckClockRange(const ClockState& c, const SandboxClock& clock) {
  constexpr int64_t kLatestMs = kLatestSandboxUnix * 1000 + 999;
  constexpr int64_t kEarliestMs = kEarliestSandboxUnix * 1000;
  auto now = clock.Read();
  int64_t base_ms = UnixMillis(now.now) - now.offset.count();
  bool offset_ok = c.offset_ms >= -kLatestMs && c.offset_ms <= kLatestMs;
  int64_t shown = c.frozen ? c.frozen_at_ms : base_ms + (offset_ok ? c.offset_ms : 0);
  if (offset_ok && shown >= kEarliestMs && shown <= kLatestMs) return Ok();
  return ClockProblem(std::string("clock.") + (c.frozen && offset_ok ? "frozen_at_ms" : "offset_ms") +
                      ": the clock would show a time outside 1970-01-01T00:00:00Z.." + kLatestSandboxTime +
                      ", the range POST /_sandbox/clock accepts");
}

}  // namespace

json ExportState(Database& db, const SandboxClock& clock) {
  json document;
  {
    auto lock = db.Lock();
    document = StateSnapshot(db).Export();
    document["clock"] = ExportedClockJson(clock.Read());
  }
  document["format"] = kStateFormat;
  document["schema_version"] = kSchemaVersion;
  return document;
}

Result<json> ImportState(Database& db, SandboxClock& clock, const json& document) {
  if (!document.is_object()) return Fail("the state must be a JSON object (GET /_sandbox/state gives one)");
  for (const auto& [key, _] : document.items()) {
    bool known = key == "format" || key == "schema_version" || key == "clock" ||
                 std::find(kStateTables.begin(), kStateTables.end(), key) != kStateTables.end();
    if (!known) return Fail(key + ": unknown field");
  }
  if (document.value("format", json()) != kStateFormat) {
    return Fail(std::string("format: must be \"") + kStateFormat + "\" (the document GET /_sandbox/state gives)");
  }
  if (!document.contains("schema_version") || document["schema_version"] != kSchemaVersion) {
    return Fail("schema_version: this build reads " + std::to_string(kSchemaVersion) + ", the document has " +
                document.value("schema_version", json()).dump() + "; export it again from a matching build");
  }
  std::optional<ClockState> clock_state;
  if (document.contains("clock")) {
    auto parsed = ParseClock(document["clock"]);
    if (!parsed) return portable::unexpected(parsed.error());
    if (auto st = CheckClockRange(*parsed, clock); !st) return portable::unexpected(st.error());
    clock_state = *parsed;
  }
  json counts;
  {
    auto lock = db.Lock();
    Transaction tx(db);
    auto imported = StateSnapshot(db).Import(document);
    if (!imported) return imported;
    tx.Commit();
    counts = std::move(*imported);
  }
  if (clock_state) {
    clock.Restore(clock_state->frozen, std::chrono::milliseconds(clock_state->offset_ms),
                  TimePoint(std::chrono::milliseconds(clock_state->frozen_at_ms)));
  }
  return counts;
}

}  // namespace revento::emulator::sandbox
