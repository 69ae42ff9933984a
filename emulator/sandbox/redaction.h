// What the request journal shows in place of a credential.
//
// RedactSecret(value) keeps a short readable prefix (the first 8 characters,
// or the first half of a value of 16 characters or fewer) followed by "…"
// and " sha256:" with the first 12 hex digits of the value's SHA-256, so that
// a test can tell two tokens apart, or match one it holds, without the
// journal ever holding the secret.
//
// IsSecretParameter names the query and form parameters whose values are
// credentials; IsSecretHeader the headers (case-insensitive). For
// Authorization-like headers RedactHeaderValue keeps the scheme readable
// ("Bearer rev_inst… sha256:...").
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace revento::emulator::sandbox {

std::string RedactSecret(std::string_view value);
bool IsSecretParameter(std::string_view name);
bool IsSecretHeader(std::string_view name);
std::string RedactHeaderValue(std::string_view value);

}  // namespace revento::emulator::sandbox
