// /_sandbox/console/clock: the sandbox clock (GET /_sandbox/clock), with
// +1 hour, +1 day, freeze / resume and set.
#include "emulator/console/html.h"
#include "emulator/console/pages.h"

namespace revento::emulator::console {

void ClockPage(Console& console, http::RequestContext& ctx) {
  const std::string here = std::string(kConsolePath) + "/clock";
  auto answer = console.Read(ctx, "/_sandbox/clock");
  if (!answer.ok()) return console.SendProblem(ctx, 500, "Clock unavailable", answer.Problem());
  const auto& c = answer.body;
  bool frozen = c.value("frozen", false);
  std::string body = "<dl><dt>Sandbox time</dt><dd id=\"clock-now\"><code>" + EscJson(c["now"]) +
                     "</code></dd><dt>Unix seconds</dt><dd>" + EscJson(c["unix"]) +
                     "</dd><dt>Offset from real time</dt><dd id=\"clock-offset\">" + EscJson(c["offset_seconds"]) +
                     " s</dd><dt>Frozen</dt><dd id=\"clock-frozen\">" + (frozen ? "yes" : "no") + "</dd></dl>";
  body +=
      "<p class=\"muted\">The sandbox clock drives token and code expiry and webhook retries. Moving it "
      "forward brings retries due.</p><p>";
  body += ButtonForm(here, "+1 hour", here, {{"advance_seconds", "3600"}});
  body += ButtonForm(here, "+1 day", here, {{"advance_seconds", "86400"}});
  body += frozen ? ButtonForm(here, "Resume", here, {{"resume", "true"}}, "secondary")
                 : ButtonForm(here, "Freeze", here, {{"freeze", "true"}}, "secondary");
  body += "</p><form method=\"post\" action=\"" + Esc(here) +
          "\"><label>Set to <input type=\"text\" name=\"set\" placeholder=\"2026-12-01T09:00:00Z\" "
          "required></label> <input type=\"hidden\" name=\"return_to\" value=\"" +
          Esc(here) + "\"><button type=\"submit\" class=\"secondary\">Set</button></form>";
  console.SendPage(ctx, "Clock", "clock", body);
}

}  // namespace revento::emulator::console
