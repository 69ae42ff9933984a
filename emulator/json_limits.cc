#include "emulator/json_limits.h"

namespace revento::emulator {

std::optional<size_t> FindJsonNestingBeyond(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) return i;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

Result<nlohmann::json> ParseBoundedJson(std::string_view text, size_t max_depth) {
  if (auto at = FindJsonNestingBeyond(text, max_depth)) {
    return Fail("JSON nests deeper than " + std::to_string(max_depth) + " levels of arrays and objects (at byte " +
                std::to_string(*at) + "); the sandbox accepts at most " + std::to_string(max_depth) + ".");
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what(): "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
    std::string what = e.what();
    size_t at = what.find("parse error");
    return Fail("Malformed JSON at byte " + std::to_string(e.byte) + ": " +
                (at == std::string::npos ? what : what.substr(at)) + ".");
  } catch (const nlohmann::json::exception& e) {
    // out_of_range.406: a number too large for a double (1e999) is thrown
    // as another kind than a syntax error.
    std::string what = e.what();
    size_t at = what.find("] ");
    return Fail("Unusable JSON: " + (at == std::string::npos ? what : what.substr(at + 2)) +
                "; every number must fit a double.");
  }
}

}  // namespace revento::emulator
