// The Read API (docs/api.md) as typed calls, one per endpoint, over the
// injected http::Transport, with tokens from a TokenManager.
//
// Every request carries "Authorization: Bearer <token>", "Accept:
// application/vnd.revento.v1+json" and a fresh X-Revento-Request-Id (a
// random UUID; each attempt gets its own). Path segments are percent-encoded.
//
// Retries: a 429, a 5xx or a transport failure is tried again, at most
// `max_attempts` attempts in all (3), waiting Retry-After seconds when the
// answer says so and otherwise `initial_backoff` doubled per attempt, and
// never waiting more than `max_retry_wait` (30 s) in total: a wait that would
// pass the budget is not started and the last error is returned. Waiting goes
// through Clock::SleepFor. A 401 `token_expired` makes the TokenManager
// refresh (single flight) and the request is sent once more with the new
// token; that does not count as an attempt.
//
// Errors are values: an answer other than 200 is an Error with the HTTP
// status, the Revento error code, the server's message as detail, the
// request id, and a one-line message naming the request. A 200 whose body is
// not the documented JSON is kBadResponse. TokenManager errors (including
// kReconsentNeeded) pass through.
//
// Thread safety: an ApiClient may be used from many threads at once when its
// transport and clock allow it (the defaults do). Ranges are single-thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/api/page_range.h"
#include "client/api/resources.h"
#include "client/clock.h"
#include "client/http/transport.h"
#include "client/status.h"
#include "client/tokens/token_manager.h"

namespace revento::client::api {

struct ApiClientOptions {
  std::string api_base = "http://localhost:8787/api/v1";  // API_BASE in the quickstart
  int max_attempts = 3;
  std::chrono::milliseconds max_retry_wait{30000};
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds timeout{30000};
  int page_size = 100;                         // `limit` of the ranges' pages (1 to 100)
  std::function<std::string()> request_ids{};  // default: a random UUID per request
};

using Query = std::vector<std::pair<std::string, std::string>>;

struct ListOptions {
  std::optional<int> limit{};
  std::optional<std::string> cursor{};
};

class ApiClient {
 public:
  ApiClient(ApiClientOptions options, TokenManager& tokens,
            std::shared_ptr<http::Transport> transport = http::MakeHttpTransport(), Clock& clock = DefaultClock());

  Result<Event> GetEvent(const std::string& event_id);
  Result<Participant> GetParticipant(const std::string& event_id, const std::string& participant_id);
  Result<Application> GetApplication(const std::string& event_id, const std::string& application_id);

  Result<Page<Participant>> ListParticipants(const std::string& event_id, const ListOptions& list = {});
  // `status`: "pending", "approved" or "rejected"; none lists all.
  Result<Page<Application>> ListApplications(const std::string& event_id, const std::optional<std::string>& status = {},
                                             const ListOptions& list = {});
  Result<Page<CheckIn>> ListCheckIns(const std::string& event_id, const ListOptions& list = {});

  // A range calls back into this client, so ranges of a temporary client do not compile.
  PageRange<Participant> Participants(const std::string& event_id) &;
  PageRange<Application> Applications(const std::string& event_id, const std::optional<std::string>& status = {}) &;
  PageRange<CheckIn> CheckIns(const std::string& event_id) &;
  PageRange<Participant> Participants(const std::string& event_id) && = delete;
  PageRange<Application> Applications(const std::string& event_id,
                                      const std::optional<std::string>& status = {}) && = delete;
  PageRange<CheckIn> CheckIns(const std::string& event_id) && = delete;

  // Any Read API GET: `path` relative to api_base ("/events/evt_abc123"),
  // already encoded; `query` is form-encoded. The body of the 200.
  Result<std::string> GetText(const std::string& path, const Query& query = {});
  Result<nlohmann::json> GetJson(const std::string& path, const Query& query = {});

 private:
  template <typename T>
  Result<Page<T>> ListOf(const std::string& path, Query query, const ListOptions& list,
                         Result<T> (*parse)(const nlohmann::json&));
  Error ErrorOf(const std::string& what, const http::Response& response) const;

  ApiClientOptions options_;
  TokenManager& tokens_;
  std::shared_ptr<http::Transport> transport_;
  Clock& clock_;
};

// A random version-4 UUID from RAND_bytes.
std::string RandomRequestId();

}  // namespace revento::client::api
