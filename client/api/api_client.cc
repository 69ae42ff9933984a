#include "client/api/api_client.h"

#include <openssl/rand.h>

#include <charconv>

#include "client/encoding.h"
#include "client/http/retry_after.h"
#include "client/oauth/form_encoding.h"

namespace revento::client::api {

namespace {

std::string ErrorCodeOf(const http::Response& response) {
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (!json.is_object() || !json.contains("error") || !json["error"].is_object()) return "";
  return json["error"].value("code", "");
}

}  // namespace

std::string RandomRequestId() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) return "req-without-randomness";
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  std::string out = Hex(std::string_view(reinterpret_cast<const char*>(b), sizeof b));
  for (size_t at : {20, 16, 12, 8}) out.insert(at, "-");
  return out;
}

ApiClient::ApiClient(ApiClientOptions options, TokenManager& tokens, std::shared_ptr<http::Transport> transport,
                     Clock& clock)
    : options_(std::move(options)), tokens_(tokens), transport_(std::move(transport)), clock_(clock) {
  while (options_.api_base.ends_with('/')) options_.api_base.pop_back();
  if (!options_.request_ids) options_.request_ids = RandomRequestId;
  if (options_.max_attempts < 1) options_.max_attempts = 1;
}

Result<std::string> ApiClient::GetText(const std::string& path, const Query& query) {
  std::string target = path + (query.empty() ? "" : "?" + FormEncode(query));
  std::string what = "GET " + target;
  auto token = tokens_.AccessToken();
  if (!token) return portable::unexpected(token.error());
  bool refreshed = false;
  std::chrono::milliseconds waited{0};
  for (int attempt = 1;;) {
    http::Request request;
    request.url = options_.api_base + target;
    request.timeout = options_.timeout;
    request.headers = {{"Authorization", "Bearer " + *token},
                       {"Accept", "application/vnd.revento.v1+json"},
                       {"X-Revento-Request-Id", options_.request_ids()}};
    auto response = transport_->Send(request);
    if (response && response->status == 200) return std::move(response->body);
    if (response && response->status == 401 && !refreshed && ErrorCodeOf(*response) == "token_expired") {
      refreshed = true;
      token = tokens_.AccessTokenAfterExpiry(*token);
      if (!token) return portable::unexpected(token.error());
      continue;
    }
    bool retryable = !response || response->status == 429 || response->status >= 500;
    Error error = response ? ErrorOf(what, *response) : response.error();
    if (!retryable) return portable::unexpected(std::move(error));
    if (attempt >= options_.max_attempts) {
      error.message += " (gave up after " + std::to_string(attempt) + " attempts)";
      return portable::unexpected(std::move(error));
    }
    auto delay = response ? http::ParseRetryAfter(response->Header("Retry-After"), clock_.Now()) : std::nullopt;
    if (!delay) delay = options_.initial_backoff * (1 << (attempt - 1));
    if (waited + *delay > options_.max_retry_wait) {
      error.message += " (not retried: waiting " + std::to_string(delay->count()) + " ms more would pass the " +
                       std::to_string(options_.max_retry_wait.count()) + " ms retry budget)";
      return portable::unexpected(std::move(error));
    }
    clock_.SleepFor(*delay);
    waited += *delay;
    ++attempt;
  }
}

Result<nlohmann::json> ApiClient::GetJson(const std::string& path, const Query& query) {
  auto text = GetText(path, query);
  if (!text) return portable::unexpected(text.error());
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) return Fail(kBadResponse, "GET " + path + " answered 200 with a body that is not JSON");
  return json;
}

Error ApiClient::ErrorOf(const std::string& what, const http::Response& response) const {
  Error error;
  error.status = response.status;
  error.request_id = response.Header("X-Revento-Request-Id");
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_object() && json.contains("error") && json["error"].is_object()) {
    const auto& e = json["error"];
    if (e.contains("code") && e["code"].is_string()) error.code = e["code"].get<std::string>();
    if (e.contains("message") && e["message"].is_string()) error.detail = e["message"].get<std::string>();
    if (error.request_id.empty() && e.contains("request_id") && e["request_id"].is_string()) {
      error.request_id = e["request_id"].get<std::string>();
    }
  }
  if (error.code.empty()) error.code = "http_" + std::to_string(response.status);
  if (error.detail.empty()) error.detail = response.body.substr(0, 200);
  error.message = what + " answered " + std::to_string(response.status) + " " + error.code + ": " + error.detail +
                  (error.request_id.empty() ? "" : " (request id " + error.request_id + ")");
  return error;
}

Result<Event> ApiClient::GetEvent(const std::string& event_id) {
  auto json = GetJson("/events/" + http::EncodePathSegment(event_id));
  if (!json) return portable::unexpected(json.error());
  return EventFromJson(*json);
}

Result<Participant> ApiClient::GetParticipant(const std::string& event_id, const std::string& participant_id) {
  auto json = GetJson("/events/" + http::EncodePathSegment(event_id) + "/participants/" +
                      http::EncodePathSegment(participant_id));
  if (!json) return portable::unexpected(json.error());
  return ParticipantFromJson(*json);
}

Result<Application> ApiClient::GetApplication(const std::string& event_id, const std::string& application_id) {
  auto json = GetJson("/events/" + http::EncodePathSegment(event_id) + "/applications/" +
                      http::EncodePathSegment(application_id));
  if (!json) return portable::unexpected(json.error());
  return ApplicationFromJson(*json);
}

template <typename T>
Result<Page<T>> ApiClient::ListOf(const std::string& path, Query query, const ListOptions& list,
                                  Result<T> (*parse)(const nlohmann::json&)) {
  if (list.limit) query.emplace_back("limit", std::to_string(*list.limit));
  if (list.cursor) query.emplace_back("cursor", *list.cursor);
  auto json = GetJson(path, query);
  if (!json) return portable::unexpected(json.error());
  if (!json->is_object() || !json->contains("data") || !(*json)["data"].is_array() || !json->contains("next_cursor") ||
      !((*json)["next_cursor"].is_null() || (*json)["next_cursor"].is_string())) {
    return Fail(kBadResponse, "GET " + path + " answered a list without data[] and next_cursor");
  }
  Page<T> page;
  page.data.reserve((*json)["data"].size());
  for (const auto& record : (*json)["data"]) {
    auto parsed = parse(record);
    if (!parsed) return portable::unexpected(parsed.error());
    page.data.push_back(std::move(*parsed));
  }
  if ((*json)["next_cursor"].is_string()) page.next_cursor = (*json)["next_cursor"].get<std::string>();
  return page;
}

Result<Page<Participant>> ApiClient::ListParticipants(const std::string& event_id, const ListOptions& list) {
  return ListOf<Participant>("/events/" + http::EncodePathSegment(event_id) + "/participants", {}, list,
                             &ParticipantFromJson);
}

Result<Page<Application>> ApiClient::ListApplications(const std::string& event_id,
                                                      const std::optional<std::string>& status,
                                                      const ListOptions& list) {
  Query query;
  if (status) query.emplace_back("status", *status);
  return ListOf<Application>("/events/" + http::EncodePathSegment(event_id) + "/applications", std::move(query), list,
                             &ApplicationFromJson);
}

Result<Page<CheckIn>> ApiClient::ListCheckIns(const std::string& event_id, const ListOptions& list) {
  return ListOf<CheckIn>("/events/" + http::EncodePathSegment(event_id) + "/check-ins", {}, list, &CheckInFromJson);
}

PageRange<Participant> ApiClient::Participants(const std::string& event_id) & {
  return PageRange<Participant>([this, event_id](const std::optional<std::string>& cursor) {
    return ListParticipants(event_id, {options_.page_size, cursor});
  });
}

PageRange<Application> ApiClient::Applications(const std::string& event_id,
                                               const std::optional<std::string>& status) & {
  return PageRange<Application>([this, event_id, status](const std::optional<std::string>& cursor) {
    return ListApplications(event_id, status, {options_.page_size, cursor});
  });
}

PageRange<CheckIn> ApiClient::CheckIns(const std::string& event_id) & {
  return PageRange<CheckIn>([this, event_id](const std::optional<std::string>& cursor) {
    return ListCheckIns(event_id, {options_.page_size, cursor});
  });
}

}  // namespace revento::client::api
