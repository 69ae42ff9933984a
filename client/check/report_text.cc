#include "client/check/report_text.h"

#include <cstdio>

namespace revento::client::check {

std::string Excerpt(const std::string& text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (text.size() > max) out += "...";
  return out;
}

std::string Millis(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  return buf;
}

}  // namespace revento::client::check
