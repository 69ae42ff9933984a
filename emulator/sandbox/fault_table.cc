#include "emulator/sandbox/fault_table.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>

namespace revento::emulator::sandbox {

namespace {

using nlohmann::json;

constexpr int64_t kMaxDelayMs = 60000;
constexpr int64_t kMaxTimes = 1000000;

Status UnknownFields(const json& object, std::string_view where, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      return Fail(std::string(where) + key + ": unknown field (allowed: " + names + ")");
    }
  }
  return Ok();
}

bool IsFaultablePath(std::string_view path) {
  for (std::string_view area : {"/oauth", "/.well-known", "/api"}) {
    if (path.starts_with(area)) return true;
  }
  return false;
}

Status CheckPath(const json& value, std::string_view field, std::string* out) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
    return Fail("match." + std::string(field) + ": must be a non-empty string starting with /");
  }
  const std::string& path = value.get_ref<const std::string&>();
  if (path.size() > 2048) return Fail("match." + std::string(field) + ": must be at most 2048 characters");
  std::string_view sandbox = "/_sandbox";
  if (path.starts_with(sandbox) || (field == "path_prefix" && sandbox.starts_with(path))) {
    return Fail("match." + std::string(field) + ": \"" + path +
                "\" targets /_sandbox; faults never apply to the control plane. Match a path under /oauth, "
                "/.well-known or /api.");
  }
  if (!IsFaultablePath(path)) {
    return Fail("match." + std::string(field) + ": \"" + path +
                "\" is not under /oauth, /.well-known or /api, the only routes faults apply to.");
  }
  if (path.find('?') != std::string::npos) {
    return Fail("match." + std::string(field) + ": give the path without a query string.");
  }
  *out = path;
  return Ok();
}

Status ParseMatch(const json& match, Fault* fault) {
  if (!match.is_object())
    return Fail("match: must be an object like {\"method\": \"POST\", \"path\": \"/oauth/token\"}");
  if (auto st = UnknownFields(match, "match.", {"method", "path", "path_prefix"}); !st) return st;
  if (match.contains("method")) {
    const json& m = match["method"];
    if (!m.is_string() || m.get_ref<const std::string&>().empty() || m.get_ref<const std::string&>().size() > 16 ||
        !std::all_of(m.get_ref<const std::string&>().begin(), m.get_ref<const std::string&>().end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
      return Fail("match.method: must be an HTTP method such as \"GET\" or \"POST\"");
    }
    std::string method = m.get<std::string>();
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    fault->method = method;
  }
  bool has_path = match.contains("path"), has_prefix = match.contains("path_prefix");
  if (has_path == has_prefix) return Fail("match: give exactly one of path (exact) or path_prefix");
  std::string path;
  if (auto st = CheckPath(has_path ? match["path"] : match["path_prefix"], has_path ? "path" : "path_prefix", &path);
      !st) {
    return st;
  }
  (has_path ? fault->path : fault->path_prefix) = path;
  return Ok();
}

bool IsApiPath(const Fault& f) { return (f.path ? *f.path : *f.path_prefix).starts_with("/api"); }

std::string DefaultError(int status, bool api) {
  if (api) {
    if (status == 503) return "service_unavailable";
    if (status == 429) return "rate_limited";
    if (status >= 500) return "internal_error";
    return "fault_injected";
  }
  if (status == 503) return "temporarily_unavailable";
  if (status >= 500) return "server_error";
  return "invalid_request";
}

portable::unexpected<Error> ActionProblem(std::string message) {
  message.append(
      " Send one of {\"status\": 503, \"error\"?: \"...\", \"message\"?: \"...\"}, {\"delay_ms\": 250} or "
      "{\"drop_connection\": true}.");
  return Fail(std::move(message));
}

Status ParseAction(const json& action, Fault* fault) {
  if (!action.is_object()) return ActionProblem("action: must be an object.");
  int kinds = action.contains("status") + action.contains("delay_ms") + action.contains("drop_connection");
  if (kinds != 1) return ActionProblem("action: give exactly one of status, delay_ms or drop_connection.");
  FaultAction& a = fault->action;
  if (action.contains("status")) {
    if (auto st = UnknownFields(action, "action.", {"status", "error", "message"}); !st) return st;
    const json& s = action["status"];
    if (!s.is_number_integer() || s.get<int64_t>() < 400 || s.get<int64_t>() > 599) {
      return Fail("action.status: must be an integer from 400 to 599");
    }
    a.kind = FaultAction::Kind::kStatus;
    a.status = s.get<int>();
    for (const char* field : {"error", "message"}) {
      if (!action.contains(field)) continue;
      const json& v = action[field];
      if (!v.is_string() || v.get_ref<const std::string&>().empty() || v.get_ref<const std::string&>().size() > 1024) {
        return Fail(std::string("action.") + field + ": must be a non-empty string of at most 1024 characters");
      }
    }
    a.error = action.contains("error") ? action["error"].get<std::string>() : DefaultError(a.status, IsApiPath(*fault));
    a.message = action.contains("message") ? action["message"].get<std::string>()
                                           : "Fault " + fault->id + " injected by the sandbox.";
  } else if (action.contains("delay_ms")) {
    if (auto st = UnknownFields(action, "action.", {"delay_ms"}); !st) return st;
    const json& d = action["delay_ms"];
    if (!d.is_number_integer() || d.get<int64_t>() < 0 || d.get<int64_t>() > kMaxDelayMs) {
      return Fail("action.delay_ms: must be an integer from 0 to 60000 (milliseconds, real time)");
    }
    a.kind = FaultAction::Kind::kDelay;
    a.delay_ms = d.get<int64_t>();
  } else {
    if (auto st = UnknownFields(action, "action.", {"drop_connection"}); !st) return st;
    if (action["drop_connection"] != true) return Fail("action.drop_connection: must be true");
    a.kind = FaultAction::Kind::kDropConnection;
  }
  return Ok();
}

}  // namespace

std::string_view FaultAction::KindName() const {
  switch (kind) {
    case Kind::kStatus:
      return "status";
    case Kind::kDelay:
      return "delay";
    case Kind::kDropConnection:
      return "drop_connection";
  }
  return "status";
}

json FaultJson(const Fault& f) {
  json action;
  switch (f.action.kind) {
    case FaultAction::Kind::kStatus:
      action = {{"status", f.action.status}, {"error", f.action.error}, {"message", f.action.message}};
      break;
    case FaultAction::Kind::kDelay:
      action = {{"delay_ms", f.action.delay_ms}};
      break;
    case FaultAction::Kind::kDropConnection:
      action = {{"drop_connection", true}};
      break;
  }
  auto opt = [](const auto& v) { return v ? json(*v) : json(); };
  return {{"id", f.id},
          {"match", {{"method", opt(f.method)}, {"path", opt(f.path)}, {"path_prefix", opt(f.path_prefix)}}},
          {"action", action},
          {"times", opt(f.times)},
          {"probability", opt(f.probability)},
          {"remaining", opt(f.remaining)},
          {"applied", f.applied},
          {"created_at", IsoTimestampFromUnix(f.created_at)}};
}

FaultTable::FaultTable(const Clock& clock, IdSource& ids, Uniform uniform)
    : clock_(clock), ids_(ids), uniform_(std::move(uniform)) {}

Result<Fault> FaultTable::Add(const json& body, bool* full) {
  if (!body.is_object()) return Fail("the body must be a JSON object with match and action");
  if (auto st = UnknownFields(body, "", {"match", "action", "times", "probability"}); !st) {
    return portable::unexpected(st.error());
  }
  if (!body.contains("match")) return Fail("match: required, e.g. {\"method\": \"POST\", \"path\": \"/oauth/token\"}");
  if (!body.contains("action")) return Fail("action: required, e.g. {\"status\": 503}");
  Fault fault;
  fault.id = ids_.NewId("flt_");
  if (auto st = ParseMatch(body["match"], &fault); !st) return portable::unexpected(st.error());
  if (auto st = ParseAction(body["action"], &fault); !st) return portable::unexpected(st.error());
  if (body.contains("times")) {
    const json& t = body["times"];
    if (!t.is_number_integer() || t.get<int64_t>() < 1 || t.get<int64_t>() > kMaxTimes) {
      return Fail("times: must be an integer from 1 to 1000000");
    }
    fault.times = fault.remaining = t.get<int64_t>();
  }
  if (body.contains("probability")) {
    const json& p = body["probability"];
    if (!p.is_number() || !(p.get<double>() > 0) || p.get<double>() > 1) {
      return Fail("probability: must be a number above 0 and at most 1");
    }
    fault.probability = p.get<double>();
  }
  fault.created_at = UnixSeconds(clock_.Now());
  std::lock_guard lock(mutex_);
  if (faults_.size() >= kMaxFaults) {
    if (full) *full = true;
    return Fail("the sandbox holds " + std::to_string(kMaxFaults) +
                " faults, its maximum: DELETE /_sandbox/faults/{fault_id} (or DELETE /_sandbox/faults) to make "
                "room, or give faults times so that they remove themselves");
  }
  faults_.push_back(fault);
  count_.store(faults_.size(), std::memory_order_release);
  return fault;
}

std::vector<Fault> FaultTable::List() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

bool FaultTable::Remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(faults_.begin(), faults_.end(), [&](const Fault& f) { return f.id == id; });
  if (it == faults_.end()) return false;
  faults_.erase(it);
  count_.store(faults_.size(), std::memory_order_release);
  return true;
}

size_t FaultTable::Clear() {
  std::lock_guard lock(mutex_);
  size_t n = faults_.size();
  faults_.clear();
  count_.store(0, std::memory_order_release);
  return n;
}

std::optional<Fault> FaultTable::Take(std::string_view method, std::string_view path) {
  if (count_.load(std::memory_order_acquire) == 0) return std::nullopt;
  if (!IsFaultablePath(path)) return std::nullopt;
  std::lock_guard lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    Fault& f = *it;
    if (f.method && *f.method != method) continue;
    if (f.path && *f.path != path) continue;
    if (f.path_prefix && !path.starts_with(*f.path_prefix)) continue;
    if (f.probability && !(uniform_() < *f.probability)) continue;
    ++f.applied;
    Fault applied = f;
    if (f.remaining && --*f.remaining == 0) {
      applied.remaining = 0;
      faults_.erase(it);
      count_.store(faults_.size(), std::memory_order_release);
    } else {
      applied.remaining = f.remaining;
    }
    return applied;
  }
  return std::nullopt;
}

double UniformFromIds(IdSource& ids) {
  std::string digest = Sha256Hex(ids.NewId("", 8));
  uint64_t bits = std::stoull(digest.substr(0, 14), nullptr, 16) >> 3;  // 53 bits
  return static_cast<double>(bits) / static_cast<double>(uint64_t{1} << 53);
}

}  // namespace revento::emulator::sandbox
