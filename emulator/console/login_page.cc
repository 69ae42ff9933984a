// /_sandbox/console/login and /logout: signing in with the --admin-token.
#include "emulator/console/html.h"
#include "emulator/console/pages.h"
#include "emulator/console/session.h"
#include "emulator/ids.h"
#include "emulator/oauth/form_params.h"

namespace revento::emulator::console {

namespace {

std::string ConsoleHome() { return std::string(kConsolePath); }

void SendLoginForm(http::RequestContext& ctx, int status, const std::string& next, const std::string& problem) {
  std::string page =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in - Revento sandbox console"
      "</title><style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;"
      "color:#1f2328}h1{font-size:1.3rem}input{font:inherit;padding:.4rem;width:100%;margin:.4rem 0 1rem;"
      "border:1px solid #d0d7de;border-radius:6px}button{font:inherit;padding:.4rem 1rem;border:0;border-radius:6px;"
      "background:#1f883d;color:#fff}.error{background:#ffebe9;border:1px solid #ff8182;padding:.5rem;"
      "border-radius:6px}</style></head><body><h1>Revento sandbox console</h1>";
  if (!problem.empty()) page += "<p class=\"error\" id=\"problem\">" + Esc(problem) + "</p>";
  page +=
      "<p>This sandbox was started with <code>--admin-token</code>. Enter that token once; the console keeps "
      "it in a cookie for this browser.</p><form method=\"post\" action=\"/_sandbox/console/login\">"
      "<label for=\"token\">Admin token</label><input type=\"password\" id=\"token\" name=\"token\" "
      "autocomplete=\"current-password\" required autofocus><input type=\"hidden\" name=\"next\" value=\"" +
      Esc(next) + "\"><button type=\"submit\">Sign in</button></form></body></html>\n";
  ctx.res.status = status;
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.set_content(page, "text/html; charset=utf-8");
}

std::string SafeNext(std::string_view next) { return IsConsoleLocation(next) ? std::string(next) : ConsoleHome(); }

}  // namespace

void LoginPage(Console& console, http::RequestContext& ctx) {
  std::string next = SafeNext(ctx.req.get_param_value("next"));
  if (console.services().options.admin_token.empty() || IsSignedIn(console.services().options, ctx.req))
    return SeeOther(ctx.res, next);
  SendLoginForm(ctx, 200, next, "");
}

void HandleLogin(Console& console, http::RequestContext& ctx) {
  const Options& options = console.services().options;
  if (auto problem = CrossSiteProblem(ctx.req, console.services().public_url))
    return console.SendProblem(ctx, 403, "Cross-site form refused", *problem);
  auto form = oauth::ParseFormParams(ctx.req.body);
  if (!form) return console.SendProblem(ctx, 400, "Invalid form", "The form was refused: " + form.error().message);
  std::string next = SafeNext(form->Get("next").value_or(ConsoleHome()));
  if (options.admin_token.empty()) return SeeOther(ctx.res, next);
  auto token = form->Get("token");
  if (!token || !ConstantTimeEquals(*token, options.admin_token))
    return SendLoginForm(ctx, 401, next,
                         token ? "That is not the token this sandbox was started with (--admin-token). Try again."
                               : "Enter the admin token.");
  ctx.res.set_header("Set-Cookie", SessionCookie(options.admin_token));
  SeeOther(ctx.res, next);
}

void HandleLogout(Console& console, http::RequestContext& ctx) {
  if (auto problem = CrossSiteProblem(ctx.req, console.services().public_url))
    return console.SendProblem(ctx, 403, "Cross-site form refused", *problem);
  ctx.res.set_header("Set-Cookie", EndSessionCookie());
  SeeOther(ctx.res, ConsoleHome() + "/login");
}

}  // namespace revento::emulator::console
