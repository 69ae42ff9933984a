// The sandbox console at /_sandbox/console (docs/emulator.md "Console"):
// server-rendered HTML pages over the sandbox, with buttons that are plain
// forms (no JavaScript, no external assets).
//
// Console wraps each route of the console:
//   Page(handler)   signs the visitor in first (with --admin-token, a
//                   visitor without the session cookie is sent to the login
//                   form with 303), then runs the page, which answers with
//                   SendPage (200) or SendProblem (a 4xx page naming the
//                   problem, e.g. an unknown event or a malformed ?after=).
//   Act(action)     a button: refuses cross-site posts (403 page) and
//                   malformed forms (400 page naming the field), sends the
//                   visitor to the login form when not signed in, then makes
//                   the one control-plane request the action names
//                   (console/control_plane.h), and answers 303 back to the
//                   page the form came from with a flash message: what was
//                   done, or the control plane's refusal in its own words.
// The console keeps no rule of its own: every change goes through the same
// handler a JSON client reaches.
// Thread safety: a Console is immutable once built; handlers run
// concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/console/control_plane.h"
#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::console {

// How a form field becomes a JSON body field of the control-plane request.
enum class FieldType { kString, kInteger, kTrue };

struct FormField {
  FormField(std::string field_name, FieldType field_type = FieldType::kString)  // NOLINT: implicit from a name
      : name(std::move(field_name)), type(field_type) {}
  std::string name;
  FieldType type;
};

// One console button. `target`, `done` and `back` may hold {name}, replaced
// by the console route's capture of that name.
struct Action {
  std::string method = "POST";
  std::string target;             // control-plane path
  std::string done;               // flash message on success
  std::string back;               // page to return to when the form names none
  std::vector<FormField> fields;  // the form fields the action accepts
};

class Console {
 public:
  using PageHandler = void (*)(Console&, http::RequestContext&);

  Console(Services& services, const http::Router& router) : services_(services), control_plane_(router, services) {}

  http::Handler Page(PageHandler page);
  http::Handler Act(Action action);

  Services& services() { return services_; }
  const ControlPlane& control_plane() const { return control_plane_; }

  // A GET on the control plane on behalf of this request.
  ControlPlaneAnswer Read(http::RequestContext& ctx, std::string path,
                          const std::vector<std::pair<std::string, std::string>>& query = {}) const;

  // Answers 200 with the layout around `body`, showing (and clearing) the
  // flash message the previous form left.
  void SendPage(http::RequestContext& ctx, std::string_view title, std::string_view nav, const std::string& body);
  // Answers `status` with a page naming the problem and how to go on.
  void SendProblem(http::RequestContext& ctx, int status, std::string_view title, std::string_view detail);

 private:
  void RunAction(const Action& action, http::RequestContext& ctx);

  Services& services_;
  ControlPlane control_plane_;
};

// "/_sandbox/events/{event_id}/publish" with event_id=evt_1 ->
// "/_sandbox/events/evt_1/publish".
std::string Expand(std::string_view pattern, const http::RequestContext& ctx);

}  // namespace revento::emulator::console
