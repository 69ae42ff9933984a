#include "client/scenarios/sandbox_steps.h"

#include <algorithm>
#include <map>

#include "client/scenarios/step_catalog.h"

namespace revento::client::scenarios {

namespace {

using nlohmann::json;

// An organizer action: its path under /_sandbox/events/<event>, and the
// default body of the actions that take one (a step's `body` replaces it).
struct ActionRoute {
  std::string_view action;
  std::string_view path;    // after the event; {id} is the step's `needs` field
  std::string_view needs;   // the id field the path needs, or empty
  std::string_view body;    // JSON text of the default body, or empty
};

const std::vector<ActionRoute>& ActionRoutes() {
  static const std::vector<ActionRoute> kRoutes{
      {"publish", "/publish", "", ""},
      {"update", "/update", "", R"j({"name": "Revento Summit 2026 (updated)"})j"},
      {"cancel", "/cancel", "", ""},
      {"submit_application", "/applications", "",
       R"({"applicant_name": "Grace Hopper", "applicant_email": "grace.hopper@example.com"})"},
      {"approve", "/applications/{id}/approve", "application_id", ""},
      {"reject", "/applications/{id}/reject", "application_id", ""},
      {"register", "/participants", "",
       R"({"first_name": "Alan", "last_name": "Turing", "email": "alan.turing@example.com"})"},
      {"update_participant", "/participants/{id}/update", "participant_id", R"({"ticket_type": "vip"})"},
      {"cancel_participant", "/participants/{id}/cancel", "participant_id", ""},
      {"check_in", "/participants/{id}/check-in", "participant_id", ""},
  };
  return kRoutes;
}

}  // namespace

const std::vector<std::string_view>& ActionNames() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& route : ActionRoutes()) names.push_back(route.action);
    return names;
  }();
  return kNames;
}

namespace {

Response OneAction(StepContext& context, const json& p, Problems& problems) {
  std::string action = Str(p, "action");
  const auto& routes = ActionRoutes();
  auto route = std::find_if(routes.begin(), routes.end(), [&](const ActionRoute& r) { return r.action == action; });
  if (route == routes.end()) {
    problems.push_back("no route for action " + action);
    return {};
  }
  std::string path = "/_sandbox/events/" + Str(p, "event_id", context.Var("event_id")) + std::string(route->path);
  if (!route->needs.empty()) {
    std::string field(route->needs);
    if (!p.contains(field)) problems.push_back("action " + action + " needs " + field);
    path.replace(path.find("{id}"), 4, Str(p, field.c_str()));
  }
  json body = p.value("body", json::object());
  if (body.empty() && !route->body.empty()) body = json::parse(route->body);
  if (!problems.empty()) return {};
  return context.Sandbox("POST", path, body);
}

}  // namespace

Response RunClock(StepContext& context, const json& p, Problems&) {
  json body;
  if (p.contains("advance")) body["advance_seconds"] = DurationSeconds(p["advance"]);
  if (p.contains("set")) body["set"] = p["set"];
  if (p.contains("freeze")) body["freeze"] = p["freeze"];
  if (p.contains("resume")) body["resume"] = p["resume"];
  return context.Sandbox("POST", "/_sandbox/clock", body);
}

Response RunAction(StepContext& context, const json& p, Problems& problems) {
  int repeat = std::max(1, p.value("repeat", 1));
  Response r;
  std::map<int, int> counts;
  for (int i = 0; i < repeat && problems.empty(); ++i) {
    r = OneAction(context, p, problems);
    counts[r.status]++;
  }
  r.status_counts = counts;
  return r;
}

Response RunTrigger(StepContext& context, const json& p, Problems&) {
  json body = p;
  if (!body.contains("event_id")) body["event_id"] = context.Var("event_id");
  return context.Sandbox("POST", "/_sandbox/webhooks/trigger", body);
}

// `fault: {clear: true}` deletes every fault; otherwise match and action
// are posted as written, and ${fault_id} names the new fault.
Response RunFault(StepContext& context, const json& p, Problems& problems) {
  if (p.value("clear", false)) {
    if (p.size() > 1) problems.push_back("fault: clear: true takes no other field");
    return context.Sandbox("DELETE", "/_sandbox/faults", nullptr);
  }
  if (!p.contains("match") || !p.contains("action")) {
    problems.push_back("fault needs match and action (or clear: true)");
    return {};
  }
  json body = json::object();
  for (const char* key : {"match", "action", "times", "probability"}) {
    if (p.contains(key)) body[key] = p[key];
  }
  Response r = context.Sandbox("POST", "/_sandbox/faults", body);
  if (r.status == 201 && r.json.is_object()) context.vars()["fault_id"] = r.json.value("id", "");
  return r;
}

// `journal: {clear: true}` empties the journal; otherwise the filters
// become the query of GET /_sandbox/requests (newest first).
Response RunJournal(StepContext& context, const json& p, Problems&) {
  if (p.value("clear", false)) return context.Sandbox("DELETE", "/_sandbox/requests", nullptr);
  Params query;
  for (const char* key : {"path_prefix", "method", "status", "since", "limit"}) {
    if (p.contains(key)) query.emplace_back(key, Str(p, key));
  }
  std::string path = "/_sandbox/requests";
  if (!query.empty()) path += "?" + OAuthAdapter::Form(query);
  return context.Sandbox("GET", path, nullptr);
}

Response RunFlush(StepContext& context, const json&, Problems&) {
  return context.Sandbox("POST", "/_sandbox/deliveries/flush", json::object());
}

}  // namespace revento::client::scenarios
