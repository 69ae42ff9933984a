// The console's shared page layout: the head with the inline style sheet
// (no external assets, no JavaScript), the navigation, the sandbox time, the
// flash message and the page body.
// Thread safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/console/session.h"

namespace revento::emulator::console {

struct Layout {
  std::string title;         // plain text; escaped here
  std::string nav;           // the navigation key of the current page ("events")
  std::string sandbox_time;  // plain text; escaped here
  bool show_sign_out = false;
  std::optional<Flash> flash;
  std::string body;  // HTML built by the page (values already escaped)
};

std::string RenderLayout(const Layout& layout);

}  // namespace revento::emulator::console
