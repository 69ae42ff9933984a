// XML text for the client's reports (JUnit XML of `revento check` and
// `revento scenarios run`): one escaper for attribute values and text.
// Escapes & < > " ' and replaces control characters other than tab, newline
// and carriage return (not allowed in XML 1.0) with '?'.
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace revento::client {

std::string XmlEscape(std::string_view text);

}  // namespace revento::client
