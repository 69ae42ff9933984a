#include "emulator/console/layout.h"

#include <array>
#include <utility>

#include "emulator/console/html.h"

namespace revento::emulator::console {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kNav{{
    {"integrations", "Integration"},
    {"events", "Event"},
    {"applications", "Applications"},
    {"participants", "Participants"},
    {"deliveries", "Deliveries"},
    {"installations", "Installations"},
    {"clock", "Clock"},
    {"requests", "Requests"},
}};

constexpr std::string_view kStyle =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1f2328;background:#f6f8fa;"
    "font-size:15px;line-height:1.45}"
    "header{background:#24292f;color:#fff;padding:.6rem 1.5rem;display:flex;align-items:center;gap:1.5rem;"
    "flex-wrap:wrap}"
    "header .brand{font-weight:600;font-size:1.05rem}"
    "header .time{margin-left:auto;font-family:ui-monospace,monospace;font-size:.9rem;color:#d0d7de}"
    "nav{background:#fff;border-bottom:1px solid #d0d7de;padding:0 1.5rem;display:flex;flex-wrap:wrap}"
    "nav a{padding:.6rem .8rem;color:#1f2328;text-decoration:none;border-bottom:2px solid transparent}"
    "nav a:hover{background:#f3f4f6}"
    "nav a.active{border-bottom-color:#fd8c73;font-weight:600}"
    "main{padding:1rem 1.5rem 3rem}"
    "h1{font-size:1.4rem;margin:.6rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}"
    "table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d0d7de;margin-bottom:1rem}"
    "th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d8dee4;vertical-align:top}"
    "th{background:#f6f8fa;font-weight:600;font-size:.85rem;color:#57606a}"
    "td.actions{white-space:nowrap}"
    "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}"
    "pre{background:#fff;border:1px solid #d0d7de;padding:.8rem;overflow:auto;white-space:pre-wrap;"
    "word-break:break-all}"
    "pre.env{background:#0d1117;color:#e6edf3;border-color:#0d1117}"
    "form.inline{display:inline;margin:0 .2rem 0 0}"
    "button{font:inherit;font-size:.85rem;padding:.2rem .7rem;border:1px solid #1f883d;background:#1f883d;"
    "color:#fff;border-radius:6px;cursor:pointer}"
    "button.secondary{background:#f6f8fa;color:#1f2328;border-color:#d0d7de}"
    "button.danger{background:#fff;color:#cf222e;border-color:#cf222e}"
    "input[type=password],input[type=text]{font:inherit;padding:.3rem .5rem;border:1px solid #d0d7de;"
    "border-radius:6px;min-width:18rem}"
    ".flash{padding:.6rem .9rem;border-radius:6px;margin:0 0 1rem;border:1px solid}"
    ".flash.ok{background:#dafbe1;border-color:#4ac26b}"
    ".flash.error{background:#ffebe9;border-color:#ff8182}"
    ".badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.8rem;background:#eaeef2}"
    ".badge.published,.badge.approved,.badge.succeeded,.badge.registered,.badge.active{background:#dafbe1}"
    ".badge.cancelled,.badge.rejected,.badge.failed,.badge.revoked{background:#ffebe9}"
    ".badge.pending,.badge.draft,.badge.in_flight{background:#fff8c5}"
    ".time{white-space:nowrap}.muted{color:#57606a}.tabs{margin:0 0 1rem}.tabs a{margin-right:1rem}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;background:#fff;"
    "border:1px solid #d0d7de;padding:.8rem;margin:0 0 1rem}dt{font-weight:600;color:#57606a}dd{margin:0}"
    ".pager{margin:.5rem 0}.pager a{margin-right:1rem}";

}  // namespace

std::string RenderLayout(const Layout& layout) {
  std::string out;
  out.reserve(layout.body.size() + 6000);
  out +=
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  out += Esc(layout.title);
  out += " - Revento sandbox console</title><style>";
  out += kStyle;
  out += "</style></head><body><header><span class=\"brand\">Revento sandbox console</span>";
  out += "<span class=\"time\" id=\"sandbox-time\">sandbox time " + Esc(layout.sandbox_time) + "</span>";
  if (layout.show_sign_out)
    out +=
        "<form method=\"post\" class=\"inline\" action=\"/_sandbox/console/logout\">"
        "<button type=\"submit\" class=\"secondary\">Sign out</button></form>";
  out += "</header><nav>";
  for (const auto& [key, label] : kNav) {
    std::string href =
        key == "integrations" ? std::string(kConsolePath) : std::string(kConsolePath) + "/" + std::string(key);
    out += "<a href=\"" + Esc(href) + "\"";
    if (key == layout.nav) out += " class=\"active\" aria-current=\"page\"";
    out += ">" + Esc(label) + "</a>";
  }
  out += "<a href=\"/_sandbox/openapi.json\">OpenAPI</a></nav><main>";
  if (layout.flash) {
    out += "<div id=\"flash\" role=\"status\" class=\"flash " + std::string(layout.flash->error ? "error" : "ok") +
           "\">" + Esc(layout.flash->message) + "</div>";
  }
  out += "<h1>" + Esc(layout.title) + "</h1>";
  out += layout.body;
  out += "</main></body></html>\n";
  return out;
}

}  // namespace revento::emulator::console
