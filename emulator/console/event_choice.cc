// ChooseEvent and AfterParameter (console/pages.h).
#include <charconv>

#include "emulator/console/html.h"
#include "emulator/console/pages.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::console {

std::optional<EventChoice> ChooseEvent(Console& console, http::RequestContext& ctx, const std::string& page_path) {
  std::vector<Event> events;
  {
    auto lock = console.services().db.Lock();
    events = SandboxData(console.services().db).ListEvents();
  }
  if (events.empty()) {
    console.SendProblem(ctx, 404, "No event", "This sandbox has no event; load fixtures that define one.");
    return std::nullopt;
  }
  std::string wanted = ctx.req.get_param_value("event_id");
  const Event* chosen = wanted.empty() ? &events.front() : nullptr;
  for (const auto& e : events)
    if (e.id == wanted) chosen = &e;
  if (!chosen) {
    console.SendProblem(
        ctx, 404, "Unknown event",
        "event_id: no event \"" + wanted.substr(0, 200) + "\" in this sandbox. Pick one on " + page_path + ".");
    return std::nullopt;
  }
  EventChoice choice{*chosen, "<p class=\"tabs\">Event: "};
  for (const auto& e : events) {
    if (e.id == chosen->id) {
      choice.tabs_html += "<strong>" + Esc(e.name) + "</strong> ";
    } else {
      choice.tabs_html += "<a href=\"" + Esc(Url(page_path, {{"event_id", e.id}})) + "\">" + Esc(e.name) + "</a> ";
    }
  }
  choice.tabs_html += "</p>";
  return choice;
}

std::optional<int64_t> AfterParameter(Console& console, http::RequestContext& ctx) {
  if (!ctx.req.has_param("after")) return 0;
  std::string text = ctx.req.get_param_value("after");
  int64_t after = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), after);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || after < 0) {
    console.SendProblem(ctx, 400, "Invalid page",
                        "after: must be a non-negative whole number (the position the Next link carries), not \"" +
                            text.substr(0, 100) + "\".");
    return std::nullopt;
  }
  return after;
}

}  // namespace revento::emulator::console
