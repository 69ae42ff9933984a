// Injected faults: rules that make matching /oauth, /.well-known and /api
// requests fail on purpose (docs/emulator.md "Faults").
//
// A fault matches a method (or any) and an exact path or a path prefix, and
// acts in one of three ways: answer a status with the area's error body,
// delay the request (real time), or drop the connection. It applies `times`
// times and then removes itself, or with a `probability` per matching request
// drawn from the injected uniform source, or both, or always until deleted.
// When several match, the oldest that fires applies.
//
// Add() validates a POST /_sandbox/faults body: errors name the field
// ("match.path_prefix: ...", "action.colour: unknown field"). A fault can
// never target /_sandbox: such a match is refused, and Take() never matches a
// /_sandbox path whatever the table holds.
//
// Thread safety: every method may be called concurrently. Take() on an empty
// table costs one atomic load.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/clock.h"
#include "emulator/ids.h"
#include "emulator/status.h"

namespace revento::emulator::sandbox {

struct FaultAction {
  enum class Kind { kStatus, kDelay, kDropConnection };
  Kind kind = Kind::kStatus;
  int status = 0;
  std::string error;
  std::string message;
  int64_t delay_ms = 0;

  // "status", "delay" or "drop_connection", as the journal shows it.
  std::string_view KindName() const;
};

struct Fault {
  std::string id;
  std::optional<std::string> method;
  std::optional<std::string> path;
  std::optional<std::string> path_prefix;
  FaultAction action;
  std::optional<int64_t> times;
  std::optional<double> probability;
  std::optional<int64_t> remaining;
  int64_t applied = 0;
  int64_t created_at = 0;  // sandbox clock, Unix seconds
};

nlohmann::json FaultJson(const Fault& fault);

class FaultTable {
 public:
  // Draws a number in [0, 1); called only for faults with a probability.
  using Uniform = std::function<double()>;

  FaultTable(const Clock& clock, IdSource& ids, Uniform uniform);

  // At most this many faults at once (docs/emulator.md "Faults"): a table
  // anyone on the control plane can fill must not grow the process or slow
  // every request.
  static constexpr size_t kMaxFaults = 1000;

  // Validates `body` and adds the fault; the error names the field. When the
  // table already holds kMaxFaults, nothing is added, `*full` (if given) is
  // set and the error says how to make room (the handler answers 409).
  Result<Fault> Add(const nlohmann::json& body, bool* full = nullptr);
  std::vector<Fault> List() const;
  bool Remove(std::string_view id);
  size_t Clear();

  // The fault that applies to this request, if any, counting it as applied
  // (and removing it when its times are used up).
  std::optional<Fault> Take(std::string_view method, std::string_view path);

 private:
  const Clock& clock_;
  IdSource& ids_;
  Uniform uniform_;
  mutable std::mutex mutex_;
  std::vector<Fault> faults_;
  std::atomic<size_t> count_{0};
};

// A uniform draw in [0, 1) from an IdSource (for the production Uniform):
// the SHA-256 of a fresh id, read as a 53-bit fraction.
double UniformFromIds(IdSource& ids);

}  // namespace revento::emulator::sandbox
