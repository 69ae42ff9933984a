#include "emulator/text.h"

#include <algorithm>
#include <cstring>

namespace revento::emulator {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The index of the next '+' or '%' (npos when none): two vectorised memchr
// scans, not a per-character set lookup (the journal decodes every request).
size_t NextEscape(std::string_view text) {
  size_t end = std::string_view::npos;
  for (char c : {'%', '+'}) {
    const void* hit = std::memchr(text.data(), c, std::min(end, text.size()));
    if (hit) end = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
  }
  return end;
}

}  // namespace

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool FormDecode(std::string_view in, std::string& out, Escapes escapes) {
  out.clear();
  out.reserve(in.size());
  while (!in.empty()) {
    size_t special = NextEscape(in);
    out.append(in.substr(0, special));  // a run with nothing to decode: one append
    if (special == std::string_view::npos) break;
    in.remove_prefix(special);
    if (in.front() == '+') {
      out.push_back(' ');
      in.remove_prefix(1);
      continue;
    }
    int hi = in.size() > 2 ? HexValue(in[1]) : -1, lo = in.size() > 2 ? HexValue(in[2]) : -1;
    if (hi >= 0 && lo >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      in.remove_prefix(3);
    } else if (escapes == Escapes::kStrict) {
      return false;
    } else {
      out.push_back('%');
      in.remove_prefix(1);
    }
  }
  return true;
}

}  // namespace revento::emulator
