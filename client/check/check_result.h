// One graded check of `revento check` (webhooks, connect, all): its id and
// name, what it expects, the verdict, every exchange it is graded on (one
// line each for what was sent and what came back, plus the same as JSON for
// --json), and on failure what came back instead, the likely bug and its fix.
// Thread safety: plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace revento::client::check {

struct Exchange {
  std::string sent{};      // one line: what was sent (or what the app sent, from the journal)
  std::string received{};  // one line: what came back
  double duration_ms = 0;
  nlohmann::json detail = nlohmann::json::object();  // {"sent": {...}, "received": {...}} for --json
};

struct CheckResult {
  std::string id{};        // "1", "2a", "c3", ...
  std::string name{};      // "valid", "state-entropy", ...
  std::string title{};     // in words
  std::string expected{};  // "2xx within 10 s", "4xx", ...
  bool passed = false;
  std::vector<Exchange> exchanges{};
  std::string problem{};  // on failure: what came back instead
  std::string bug{};      // on failure: the likely bug
  std::string fix{};      // on failure: how to fix it
};

// Counts for the summary line.
struct Tally {
  int passed = 0;
  int failed = 0;
};
Tally Count(const std::vector<CheckResult>& results);

}  // namespace revento::client::check
