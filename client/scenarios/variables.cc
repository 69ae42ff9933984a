#include "client/scenarios/variables.h"

namespace revento::client::scenarios {

namespace {

std::string AsText(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

std::string Known(const nlohmann::json& vars) {
  std::string out;
  for (const auto& [name, value] : vars.items()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

Result<std::string> SubstituteText(const std::string& text, const nlohmann::json& vars) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") == 0) {
      size_t end = text.find('}', i + 2);
      if (end == std::string::npos) return Fail("unterminated ${ in \"" + text + "\"");
      std::string name = text.substr(i + 2, end - i - 2);
      if (!vars.contains(name)) return Fail("unknown variable ${" + name + "} (known: " + Known(vars) + ")");
      out += AsText(vars[name]);
      i = end + 1;
      continue;
    }
    out += text[i++];
  }
  return out;
}

Result<nlohmann::json> Substitute(const nlohmann::json& value, const nlohmann::json& vars) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.size() > 3 && text.starts_with("${") && text.ends_with("}") && text.find('}') == text.size() - 1) {
      std::string name = text.substr(2, text.size() - 3);
      if (!vars.contains(name)) return Fail("unknown variable ${" + name + "} (known: " + Known(vars) + ")");
      return vars[name];
    }
    auto out = SubstituteText(text, vars);
    if (!out) return portable::unexpected(out.error());
    return nlohmann::json(*out);
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items()) {
      auto k = SubstituteText(key, vars);
      if (!k) return portable::unexpected(k.error());
      auto v = Substitute(item, vars);
      if (!v) return v;
      out[*k] = *v;
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) {
      auto v = Substitute(item, vars);
      if (!v) return v;
      out.push_back(*v);
    }
    return out;
  }
  return value;
}

}  // namespace revento::client::scenarios
