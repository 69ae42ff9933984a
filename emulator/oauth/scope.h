// OAuth scopes: a space-separated list of catalog scope names.
//
// ParseScope accepts one or more names separated by single spaces, each in
// the catalog (catalog.h); duplicates collapse. It fails with a message
// naming the unknown scope or the malformed list. CheckDeclared refuses a
// scope the integration's manifest does not declare. IsSubset says whether
// every requested scope is in a granted set (a refresh may narrow, never
// widen). JoinScope writes the canonical form: catalog order, one space.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/status.h"

namespace revento::emulator::oauth {

Result<std::vector<std::string>> ParseScope(std::string_view text);
Status CheckDeclared(const std::vector<std::string>& requested, const std::vector<std::string>& declared);
bool IsSubset(const std::vector<std::string>& requested, const std::vector<std::string>& granted);
std::string JoinScope(const std::vector<std::string>& scopes);

}  // namespace revento::emulator::oauth
