#include "client/check/refresh_checks.h"

#include <future>
#include <map>

#include "client/check/fix_catalog.h"

namespace revento::client::check {

namespace {

using nlohmann::json;

const std::string kRotateFix = "store the refresh_token of every refresh answer, replacing the old one";

Result<std::set<std::string>> RevokedInstallations(sandbox::SandboxClient& control, const std::string& client_id) {
  auto list = control.Installations();
  if (!list) return portable::unexpected(list.error());
  std::set<std::string> ids;
  for (const auto& i : *list) {
    if (i.value("client_id", "") == client_id && i.value("revoked", false)) ids.insert(i.value("id", ""));
  }
  return ids;
}

// One expiry: the clock moves past it, then `calls` GETs of the path at once.
Result<RefreshPhase> Phase(sandbox::SandboxClient& control, Browser& browser, const RefreshRecord& record,
                           int calls, std::set<std::string>& revoked) {
  RefreshPhase p;
  auto mark = control.LastSeq();
  if (!mark) return portable::unexpected(mark.error());
  auto clock = control.AdvanceClock(record.expiry_step_seconds);
  if (!clock) return portable::unexpected(clock.error());
  p.clock = *clock;
  std::vector<std::future<Hop>> pending;
  for (int i = 0; i < calls; ++i) {
    pending.push_back(std::async(std::launch::async, [&browser, &record] { return browser.Fetch(record.url); }));
  }
  for (auto& f : pending) p.calls.push_back(f.get());
  auto entries = control.JournalAfter(*mark);
  if (!entries) return portable::unexpected(entries.error());
  p.refreshes = RefreshRequests(*entries);
  auto now = RevokedInstallations(control, record.client_id);
  if (!now) return portable::unexpected(now.error());
  for (const auto& id : *now) {
    if (!revoked.contains(id)) p.newly_revoked.push_back(id);
  }
  revoked = std::move(*now);
  return p;
}

void Describe(CheckResult& r, const RefreshRecord& record, const RefreshPhase& p) {
  r.exchanges.push_back({"POST /_sandbox/clock {\"advance_seconds\": " + std::to_string(record.expiry_step_seconds) + "}",
                         "sandbox time " + p.clock.value("now", ""),
                         0,
                         {{"sent", {{"advance_seconds", record.expiry_step_seconds}}}, {"received", p.clock}}});
  if (p.calls.size() == 1) {
    r.exchanges.push_back(FromHop(p.calls.front(), "check"));
  } else {
    std::map<std::string, int> answers;
    for (const auto& h : p.calls) answers[h.status ? std::to_string(h.status) : h.error]++;
    std::string line;
    for (const auto& [answer, n] : answers) line += (line.empty() ? "" : ", ") + std::to_string(n) + " x " + answer;
    r.exchanges.push_back({"check: " + std::to_string(p.calls.size()) + " concurrent GET " + record.url,
                           line,
                           0,
                           {{"sent", {{"method", "GET"}, {"url", record.url}, {"concurrent", p.calls.size()}}},
                            {"received", answers}}});
  }
  for (const auto& e : p.refreshes) r.exchanges.push_back(FromJournal(e, kRefreshKeys, "app"));
}

// The check id of the earliest phase before `phase` that revoked the family
// (an installation revoked, or a refresh refused), or "".
std::string RevokedBefore(const RefreshRecord& record, size_t phase) {
  for (size_t i = 0; i < phase; ++i) {
    const auto& p = record.phases[i];
    bool refused = std::any_of(p.refreshes.begin(), p.refreshes.end(), [](const json& e) { return StatusOf(e) != 200; });
    if (refused || !p.newly_revoked.empty()) return "r" + std::to_string(i + 1);
  }
  return "";
}

// Exactly one refresh in the phase, answered 200.
void ExpectOneRefresh(const RefreshRecord& record, size_t phase, CheckResult& r) {
  const RefreshPhase& p = record.phases[phase];
  Describe(r, record, p);
  std::string revoked_by = RevokedBefore(record, phase);
  const std::string after = revoked_by.empty() ? "" : " (the token family was revoked by " + revoked_by + ")";
  if (p.refreshes.empty()) {
    if (!revoked_by.empty()) {
      Fail(r, "no grant_type=refresh_token request reached the emulator after the access token expired" + after,
           "the token family was revoked by " + revoked_by + " (a spent refresh token was sent, see " + revoked_by +
               "), so the app holds no token it can refresh with",
           "fix " + revoked_by + " first: " + kRotateFix);
      ApplyFix(r, "refresh-rotate");
      return;
    }
    Fail(r, "no grant_type=refresh_token request reached the emulator after the access token expired",
         "the app does not refresh an expired access token (it passes the 401 token_expired on, or never calls the "
         "API on this path)",
         "refresh on 401 token_expired and retry the call once");
    ApplyFix(r, "refresh-rotate");
  } else if (p.refreshes.size() > 1) {
    Fail(r, std::to_string(p.refreshes.size()) + " refresh requests for one expiry" + after,
         "the app refreshes on every call (or on every 401) without sharing the result: concurrent callers each send "
         "the same refresh token, and the second use revokes the whole family",
         "refresh single-flight: one refresh in progress at a time, every caller awaits the same promise, then uses "
         "the new access token");
    ApplyFix(r, "single-flight");
  } else if (StatusOf(p.refreshes.front()) != 200) {
    Fail(r, "the refresh was answered " + std::to_string(StatusOf(p.refreshes.front())) + " (invalid_grant)" + after,
         revoked_by.empty() ? "the app sent a refresh token that was already used (it did not store the rotated one)"
                            : "the app sent a refresh token of the family " + revoked_by + " revoked",
         "refresh tokens rotate: " + kRotateFix);
    ApplyFix(r, "refresh-rotate");
  }
}

void GradeRefreshOnce(const RefreshRecord& record, CheckResult& r) { ExpectOneRefresh(record, 0, r); }

void GradeRefreshRotated(const RefreshRecord& record, CheckResult& r) {
  ExpectOneRefresh(record, 1, r);
  const auto& first = record.phases[0].refreshes;
  const auto& second = record.phases[1].refreshes;
  if (first.empty() || second.empty()) return;
  std::string before = RedactedDigest(first.front()["form"]["refresh_token"]);
  std::string now = RedactedDigest(second.front()["form"]["refresh_token"]);
  if (!before.empty() && before == now) {
    Fail(r, "the second refresh sent the same refresh token as the first (sha256:" + now + ")",
         "the app keeps the original refresh token instead of the rotated one; the emulator treats the reuse as theft "
         "and revokes the family",
         "refresh tokens rotate: " + kRotateFix);
    ApplyFix(r, "refresh-rotate");
  }
}

void GradeSingleFlight(const RefreshRecord& record, CheckResult& r) {
  const RefreshPhase& p = record.phases[2];
  r.title += " (" + std::to_string(p.calls.size()) + ")";
  ExpectOneRefresh(record, 2, r);
  r.exchanges.push_back({"GET /_sandbox/installations",
                         std::to_string(p.newly_revoked.size()) + " installation(s) of " + record.client_id +
                             " revoked during this check",
                         0,
                         {{"sent", {{"method", "GET"}, {"path", "/_sandbox/installations"}}},
                          {"received", {{"newly_revoked", p.newly_revoked}}}}});
  if (r.passed && !p.newly_revoked.empty()) {
    Fail(r, "installation " + p.newly_revoked.front() + " was revoked (refresh token reuse)",
         "two refreshes raced with the same refresh token; the second use revoked the family",
         "refresh single-flight: one refresh in progress at a time, every caller awaits the same promise");
    ApplyFix(r, "single-flight");
  }
}

struct RefreshCheck {
  std::string_view id, name, title, expected;
  int calls;  // concurrent GETs of the path; 0: the configured number
  void (*grade)(const RefreshRecord&, CheckResult&);
};

// clang-format off
constexpr RefreshCheck kRefreshChecks[] = {
    {"r1", "refresh-once", "after the access token expires, one call refreshes once",
     "exactly one grant_type=refresh_token, answered 200", 1, GradeRefreshOnce},
    {"r2", "refresh-rotated", "after a second expiry, the rotated refresh token is used",
     "exactly one refresh, answered 200, with a refresh token other than r1's", 1, GradeRefreshRotated},
    {"r3", "refresh-single-flight", "after a third expiry, concurrent calls",
     "exactly one refresh, answered 200, and no installation revoked", 0, GradeSingleFlight},
};
// clang-format on

CheckResult Header(const RefreshCheck& check) {
  return {std::string(check.id), std::string(check.name), std::string(check.title), std::string(check.expected)};
}

}  // namespace

Result<RefreshRecord> RecordRefreshFlow(const ConnectRecord& connect, sandbox::SandboxClient& control,
                                        Browser& browser) {
  RefreshRecord record;
  record.url = connect.config.app + connect.config.refresh_path.value_or("");
  record.client_id = connect.client_id;
  record.expiry_step_seconds = connect.config.expiry_step_seconds;
  auto revoked = RevokedInstallations(control, record.client_id);
  if (!revoked) return portable::unexpected(revoked.error());
  for (const auto& check : kRefreshChecks) {
    auto phase = Phase(control, browser, record, check.calls ? check.calls : connect.config.concurrent_calls, *revoked);
    if (!phase) return portable::unexpected(phase.error());
    record.phases.push_back(std::move(*phase));
  }
  return record;
}

std::vector<CheckResult> GradeRefresh(const RefreshRecord& record) {
  std::vector<CheckResult> results;
  for (const auto& check : kRefreshChecks) {
    CheckResult r = Header(check);
    r.passed = true;
    check.grade(record, r);
    results.push_back(std::move(r));
  }
  return results;
}

std::vector<CheckResult> SkippedRefreshChecks(std::string_view reason) {
  std::vector<CheckResult> results;
  for (const auto& check : kRefreshChecks) {
    CheckResult r = Header(check);
    r.skipped = true;
    r.skip_reason = std::string(reason);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace revento::client::check
