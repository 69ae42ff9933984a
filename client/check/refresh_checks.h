// The refresh checks of `revento check connect --refresh-path PATH`, after
// the connect checks (connect_checks.h): the sandbox clock is moved past the
// access token's expiry three times, and each time the app's PATH (a route
// that calls the Read API) is fetched, once (r1, r2) or by many callers at
// once (r3). RecordRefreshFlow gathers what the emulator's journal saw in
// each phase (the refresh requests) and which installations of the
// integration were revoked after it; GradeRefresh grades the record, one row
// per check:
//   r1  refresh-once          one call after the expiry causes exactly one
//                             grant_type=refresh_token request, answered 200
//   r2  refresh-rotated       the same again, with the refresh token r1's
//                             answer rotated to (not r1's): no invalid_grant
//   r3  refresh-single-flight N concurrent calls cause exactly one refresh,
//                             and no installation is revoked in the phase
// A phase after one that revoked the family says so (the family was revoked
// by r2), rather than that the app does not refresh.
// Without --refresh-path the three are skipped, naming the flag.
// Errors: an emulator that cannot be read is an Error. Thread safety: the
// record is plain values; the concurrent calls share the Browser's
// Fetch, which is safe on many threads.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "client/check/connect_flow.h"

namespace revento::client::check {

constexpr std::string_view kNoRefreshPath = "pass --refresh-path PATH, a route of your app that calls the Read API";

// One expiry: the clock moved, the calls made, and what followed.
struct RefreshPhase {
  nlohmann::json clock;                    // the control plane's answer to the clock move
  std::vector<Hop> calls;                  // GETs of the refresh path
  std::vector<nlohmann::json> refreshes;   // grant_type=refresh_token requests in the journal
  std::vector<std::string> newly_revoked;  // installations of the client revoked during this phase
};

struct RefreshRecord {
  std::string url;  // the app's refresh path
  std::string client_id;
  int64_t expiry_step_seconds = 0;
  std::vector<RefreshPhase> phases;  // r1, r2, r3
};

Result<RefreshRecord> RecordRefreshFlow(const ConnectRecord& connect, sandbox::SandboxClient& control,
                                        Browser& browser);
std::vector<CheckResult> GradeRefresh(const RefreshRecord& record);
// r1-r3, skipped for `reason`.
std::vector<CheckResult> SkippedRefreshChecks(std::string_view reason);

}  // namespace revento::client::check
