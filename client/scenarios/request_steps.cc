#include "client/scenarios/request_steps.h"

#include <strings.h>

#include <algorithm>
#include <map>
#include <optional>

namespace revento::client::scenarios {

namespace {

using nlohmann::json;

constexpr const char* kApiAccept = "application/vnd.revento.v1+json";

// The query of a journal entry (a value may be a list) as parameters.
Params JournaledQuery(const json& entry) {
  Params query;
  const json journaled = entry.value("query", json::object());
  for (const auto& [name, value] : journaled.items()) {
    if (value.is_array()) {
      for (const auto& one : value) query.emplace_back(name, one.is_string() ? one.get<std::string>() : one.dump());
    } else {
      query.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  return query;
}

// Where an http step goes: the origin, and the path (or a problem).
std::optional<std::pair<std::string, std::string>> HttpTarget(StepContext& context, const json& p,
                                                              Problems& problems) {
  const Target& target = context.target();
  std::string to = Str(p, "to", "emulator");
  std::string path = Str(p, "path");
  std::string origin = target.base_url;
  if (path.starts_with("http://") || path.starts_with("https://")) {
    std::tie(origin, path) = SplitUrl(path);
    if (origin != target.base_url && (target.app_url.empty() || origin != target.app_url)) {
      problems.push_back("http: " + origin + " is neither the emulator (" + target.base_url + ") nor the app (" +
                         (target.app_url.empty() ? std::string("no --app given") : target.app_url) +
                         "); a scenario sends requests only to those two");
      return std::nullopt;
    }
  } else if (to == "receiver") {
    if (!context.receiver()) {
      problems.push_back("this scenario has no receiver");
      return std::nullopt;
    }
    origin = SplitUrl(context.receiver()->url()).first;
  } else if (to == "app") {
    origin = target.app_url;
  }
  return std::pair{origin, path};
}

// The body of an http step (`body`, `json` or `form`) and its content type.
std::pair<std::string, std::string> HttpBody(const json& p) {
  std::string body, content_type = Str(p, "content_type");
  if (p.contains("body")) {
    body = Str(p, "body");
  } else if (p.contains("json")) {
    body = p["json"].dump();
    if (content_type.empty()) content_type = "application/json";
  } else if (p.contains("form")) {
    Params form;
    for (const auto& [name, value] : p["form"].items()) form.emplace_back(name, Str(p["form"], name.c_str()));
    body = OAuthAdapter::Form(form);
    if (content_type.empty()) content_type = "application/x-www-form-urlencoded";
  }
  return {body, content_type};
}

}  // namespace

Response RunApi(StepContext& context, const json& p, Problems&) {
  std::string token = p.contains("token") ? Str(p, "token") : context.Var("access_token");
  std::string accept = p.contains("accept") ? Str(p, "accept") : kApiAccept;
  Params headers = HeadersOf(p.value("headers", json::object()));
  std::string method = Str(p, "method", "GET");
  int repeat = std::max(1, p.value("repeat", 1));
  Response r;
  std::map<int, int> counts;
  for (int i = 0; i < repeat; ++i) {
    r = context.api().Call(method, Str(p, "path"), token, accept, headers);
    counts[r.status]++;
  }
  r.status_counts = counts;
  return r;
}

Response RunApiReplay(StepContext& context, const json& p, Problems& problems) {
  Response journal = context.Sandbox(
      "GET", "/_sandbox/requests?" + OAuthAdapter::Form({{"path_prefix", Str(p, "path_prefix")}, {"limit", "1"}}),
      nullptr);
  const json* entry = journal.json.is_object() ? &journal.json["data"] : nullptr;
  if (journal.status != 200 || !entry || !entry->is_array() || entry->empty()) {
    problems.push_back("api_replay: the journal has no request under " + Str(p, "path_prefix") +
                       " (did the app make one?)");
    return journal;
  }
  const json& newest = (*entry)[0];
  Params query = JournaledQuery(newest);
  std::string path = newest.value("path", "");
  if (!query.empty()) path += "?" + OAuthAdapter::Form(query);
  Params headers{{"Authorization", "Bearer " + (p.contains("token") ? Str(p, "token") : context.Var("access_token"))},
                 {"Accept", kApiAccept}};
  return context.emulator().Send(newest.value("method", "GET"), path, headers, "", "");
}

Response RunHttp(StepContext& context, const json& p, Problems& problems) {
  auto where = HttpTarget(context, p, problems);
  if (!where) return {};
  const auto& [origin, path] = *where;
  Params headers = HeadersOf(p.value("headers", json::object()));
  bool explicit_admin = std::any_of(headers.begin(), headers.end(), [](const auto& h) {
    return strcasecmp(h.first.c_str(), "X-Revento-Admin-Token") == 0;
  });
  // The admin token goes to the emulator's own origin only.
  if (origin == context.target().base_url && path.starts_with("/_sandbox") && !explicit_admin) {
    Params admin = context.SandboxHeaders();
    headers.insert(headers.end(), admin.begin(), admin.end());
  }
  auto [body, content_type] = HttpBody(p);
  std::string method = Str(p, "method", "GET");
  if (origin == context.target().base_url) return context.emulator().Send(method, path, headers, body, content_type);
  return context.PortTo(origin).Send(method, path, headers, body, content_type);
}

}  // namespace revento::client::scenarios
