#include "emulator/console/console.h"

#include <charconv>

#include "emulator/console/html.h"
#include "emulator/console/layout.h"
#include "emulator/console/session.h"
#include "emulator/http/errors.h"
#include "emulator/oauth/form_params.h"

namespace revento::emulator::console {

namespace {

void SendToLogin(http::RequestContext& ctx) {
  std::string next = ctx.req.path;
  if (!ctx.req.params.empty() && ctx.req.method == "GET") {
    std::vector<std::pair<std::string, std::string>> query(ctx.req.params.begin(), ctx.req.params.end());
    next = Url(next, query);
  }
  SeeOther(ctx.res, Url(std::string(kConsolePath) + "/login", {{"next", next}}));
}

// Converts one form value for the JSON body, or names the problem.
Result<nlohmann::json> Convert(const FormField& field, std::string_view value) {
  switch (field.type) {
    case FieldType::kString:
      return nlohmann::json(std::string(value));
    case FieldType::kInteger: {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size())
        return Fail(field.name + ": must be a whole number, not \"" + std::string(value.substr(0, 40)) + "\".");
      return nlohmann::json(n);
    }
    case FieldType::kTrue:
      if (value != "true") return Fail(field.name + ": must be true.");
      return nlohmann::json(true);
  }
  return Fail(field.name + ": unsupported field.");
}

}  // namespace

std::string Expand(std::string_view pattern, const http::RequestContext& ctx) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t open = pattern.find('{', i);
    size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) {
      out.append(pattern.substr(i));
      break;
    }
    out.append(pattern.substr(i, open - i));
    out.append(ctx.Param(pattern.substr(open + 1, close - open - 1)));
    i = close + 1;
  }
  return out;
}

http::Handler Console::Page(PageHandler page) {
  return [this, page](http::RequestContext& ctx) {
    if (!IsSignedIn(services_.options, ctx.req)) return SendToLogin(ctx);
    page(*this, ctx);
  };
}

http::Handler Console::Act(Action action) {
  return [this, action = std::move(action)](http::RequestContext& ctx) { RunAction(action, ctx); };
}

void Console::RunAction(const Action& action, http::RequestContext& ctx) {
  if (auto problem = CrossSiteProblem(ctx.req, services_.public_url))
    return SendProblem(ctx, 403, "Cross-site form refused", *problem);
  if (!IsSignedIn(services_.options, ctx.req)) return SendToLogin(ctx);
  std::string content_type = ctx.req.get_header_value("Content-Type");
  if (!ctx.req.body.empty() && !content_type.starts_with("application/x-www-form-urlencoded"))
    return SendProblem(ctx, 400, "Invalid form",
                       "Console buttons post application/x-www-form-urlencoded forms, not \"" +
                           content_type.substr(0, 100) + "\". Use the console's buttons.");
  auto form = oauth::ParseFormParams(ctx.req.body);
  if (!form) return SendProblem(ctx, 400, "Invalid form", "The form was refused: " + form.error().message);

  std::string back = Expand(action.back, ctx);
  nlohmann::json body = nlohmann::json::object();
  for (const auto& [name, value] : form->pairs()) {
    if (name == "return_to") {
      if (!IsConsoleLocation(value))
        return SendProblem(
            ctx, 400, "Invalid form",
            "return_to must be a console page (a path under /_sandbox/console), not \"" + value.substr(0, 200) + "\".");
      back = value;
      continue;
    }
    const FormField* field = nullptr;
    for (const auto& f : action.fields)
      if (f.name == name) field = &f;
    if (!field) {
      std::string known;
      for (const auto& f : action.fields) known += (known.empty() ? "" : ", ") + f.name;
      return SendProblem(ctx, 400, "Invalid form",
                         "Unknown form field \"" + name.substr(0, 100) + "\" (this button takes " +
                             (known.empty() ? std::string("none") : known) + ", and return_to).");
    }
    if (value.empty()) continue;
    auto converted = Convert(*field, value);
    if (!converted) return SendProblem(ctx, 400, "Invalid form", converted.error().message);
    body[name] = std::move(*converted);
  }

  std::string target = Expand(action.target, ctx);
  auto answer = control_plane_.Call(action.method, target, {}, action.method == "DELETE" ? nlohmann::json() : body,
                                    ctx.request_id);
  Flash flash;
  if (answer.ok()) {
    flash.message = Expand(action.done, ctx);
    if (answer.body.is_object() && answer.body.contains("now") && answer.body["now"].is_string())
      flash.message += " Sandbox time: " + answer.body["now"].get<std::string>() + ".";
    if (answer.body.is_object() && answer.body.contains("delivery_ids") && answer.body["delivery_ids"].is_array()) {
      size_t n = answer.body["delivery_ids"].size();
      flash.message +=
          n == 0 ? " No webhook delivery (no integration installed on the event subscribes to it)."
                 : " " + std::to_string(n) + (n == 1 ? " webhook delivery" : " webhook deliveries") + " queued.";
    }
  } else {
    flash.error = true;
    flash.message = action.method + " " + target + " was refused: " + answer.Problem();
  }
  ctx.res.set_header("Set-Cookie", FlashCookie(flash));
  SeeOther(ctx.res, back);
}

ControlPlaneAnswer Console::Read(http::RequestContext& ctx, std::string path,
                                 const std::vector<std::pair<std::string, std::string>>& query) const {
  return control_plane_.Call("GET", std::move(path), query, nullptr, ctx.request_id);
}

void Console::SendPage(http::RequestContext& ctx, std::string_view title, std::string_view nav,
                       const std::string& body) {
  Layout layout;
  layout.title = std::string(title);
  layout.nav = std::string(nav);
  auto clock = services_.clock.Read();
  layout.sandbox_time = IsoTimestamp(clock.now) + (clock.frozen ? " (frozen)" : "");
  layout.show_sign_out = !services_.options.admin_token.empty() && !ctx.req.has_header("X-Revento-Admin-Token");
  layout.flash = ReadFlash(ctx.req);
  layout.body = body;
  if (layout.flash) ctx.res.set_header("Set-Cookie", ClearFlashCookie());
  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.set_content(RenderLayout(layout), "text/html; charset=utf-8");
}

void Console::SendProblem(http::RequestContext& ctx, int status, std::string_view title, std::string_view detail) {
  http::SendHtmlError(ctx.res, status, title, std::string(detail) + " The console starts at /_sandbox/console.");
  ctx.res.set_header("Cache-Control", "no-store");
}

}  // namespace revento::emulator::console
