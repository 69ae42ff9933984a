#include "emulator/oauth/scope.h"

#include "emulator/catalog.h"

namespace revento::emulator::oauth {

namespace {

std::string KnownScopes() {
  std::string out;
  for (const auto& s : Scopes()) out += (out.empty() ? "" : ", ") + std::string(s.name);
  return out;
}

}  // namespace

Result<std::vector<std::string>> ParseScope(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return Fail("no scope was requested; ask for at least one of: " + KnownScopes() + ".");
  size_t i = 0;
  while (i <= text.size()) {
    size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view name = text.substr(i, end - i);
    i = end + 1;
    if (name.empty())
      return Fail("the scope list \"" + std::string(text.substr(0, 200)) +
                  "\" has an empty entry; separate scopes with exactly one space.");
    if (!FindScope(name))
      return Fail("unknown scope \"" + std::string(name.substr(0, 100)) + "\"; known scopes are " + KnownScopes() +
                  ".");
    if (!HoldsScope(out, name)) out.emplace_back(name);
  }
  return out;
}

Status CheckDeclared(const std::vector<std::string>& requested, const std::vector<std::string>& declared) {
  for (const auto& name : requested) {
    if (!HoldsScope(declared, name)) {
      std::string list;
      for (const auto& d : declared) list += (list.empty() ? "" : ", ") + d;
      return Fail("scope \"" + name + "\" is not declared in this integration's manifest (declared: " +
                  (list.empty() ? "none" : list) + "); declare it or stop requesting it.");
    }
  }
  return Ok();
}

bool IsSubset(const std::vector<std::string>& requested, const std::vector<std::string>& granted) {
  for (const auto& name : requested)
    if (!HoldsScope(granted, name)) return false;
  return true;
}

std::string JoinScope(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : Scopes()) {
    if (HoldsScope(scopes, s.name)) {
      if (!out.empty()) out.push_back(' ');
      out += s.name;
    }
  }
  return out;
}

}  // namespace revento::emulator::oauth
