#include "emulator/oauth/form_params.h"

#include "emulator/text.h"

namespace revento::emulator::oauth {

namespace {

std::string Printable(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 64)) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  return out;
}

}  // namespace

std::optional<std::string_view> FormParams::Get(std::string_view name) const {
  for (const auto& [k, v] : pairs_)
    if (k == name) return v.empty() ? std::nullopt : std::optional<std::string_view>(v);
  return std::nullopt;
}

bool FormParams::Has(std::string_view name) const {
  for (const auto& [k, v] : pairs_)
    if (k == name) return true;
  return false;
}

FormParams ParseFormParamsTolerantly(std::string_view text, std::vector<FormProblem>* problems) {
  FormParams params;
  std::string name, value;
  ForEachFormPair(text, [&](std::string_view raw_name, std::string_view raw_value) {
    if (!FormDecode(raw_name, name, Escapes::kStrict)) {
      problems->push_back(
          {"", "a parameter name has a malformed percent escape (\"%\" must be followed by two hex digits)."});
      return;
    }
    if (name.empty()) {
      problems->push_back({"", "a parameter has an empty name (\"=" + Printable(raw_value) + "\")."});
      return;
    }
    if (!IsValidUtf8(name)) {
      problems->push_back({"", "a parameter name is not valid UTF-8."});
      return;
    }
    std::string shown = Printable(name);
    if (!FormDecode(raw_value, value, Escapes::kStrict)) {
      problems->push_back({name, "the value of " + shown +
                                     " has a malformed percent escape (\"%\" must be followed by two hex digits)."});
      return;
    }
    if (!IsValidUtf8(value)) {
      problems->push_back({name, "the value of " + shown + " is not valid UTF-8."});
      return;
    }
    if (value.size() > kMaxFormValueBytes) {
      problems->push_back({name, "the value of " + shown + " is " + std::to_string(value.size()) +
                                     " bytes long; the limit is " + std::to_string(kMaxFormValueBytes) + "."});
      return;
    }
    if (params.Has(name)) {
      problems->push_back({name, "the parameter " + shown + " appears more than once; send it once."});
      return;
    }
    params.pairs_.emplace_back(name, value);
  });
  return params;
}

Result<FormParams> ParseFormParams(std::string_view text) {
  std::vector<FormProblem> problems;
  FormParams params = ParseFormParamsTolerantly(text, &problems);
  if (!problems.empty()) return Fail(problems.front().message);
  return params;
}

bool IsValidUtf8(std::string_view bytes) {
  size_t i = 0, n = bytes.size();
  while (i < n) {
    auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(bytes[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::string FormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
                      u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

}  // namespace revento::emulator::oauth
