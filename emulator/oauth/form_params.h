// Reading application/x-www-form-urlencoded bytes, strictly.
//
// The token, revoke and consent endpoints parse their bodies (and authorize
// its query string) here, from the raw bytes, never from httplib's merged
// req.params: a parameter must arrive where the contract says, once.
//
// ParseFormParams splits on '&' (empty segments such as "a=1&&b=2" are
// skipped, as browsers do), splits each pair at its first '=', turns '+'
// into a space and decodes %XX. It fails, with a message naming the
// parameter, on: a malformed percent escape, a name or value that is not
// valid UTF-8 after decoding, a value longer than kMaxFormValueBytes, and a
// parameter that appears more than once (RFC 6749 3.1 and 3.2). A parameter
// sent without a value is kept but Get() treats it as omitted (RFC 6749 3.1).
//
// Thread safety: pure functions; FormParams is a value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/status.h"

namespace revento::emulator::oauth {

inline constexpr size_t kMaxFormValueBytes = 8192;

// One reason a parameter was refused; `name` is empty when unknown.
struct FormProblem {
  std::string name;
  std::string message;
};

class FormParams {
 public:
  // The decoded value, or nullopt when absent or empty.
  std::optional<std::string_view> Get(std::string_view name) const;
  // True when the name was sent, even with an empty value.
  bool Has(std::string_view name) const;
  bool empty() const { return pairs_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  friend FormParams ParseFormParamsTolerantly(std::string_view text, std::vector<FormProblem>* problems);
  std::vector<std::pair<std::string, std::string>> pairs_;
};

Result<FormParams> ParseFormParams(std::string_view text);
// Keeps every well-formed parameter (the first of repeated ones) and lists
// the problems instead of stopping at the first; /oauth/authorize uses it to
// find client_id and redirect_uri before deciding where an error goes.
FormParams ParseFormParamsTolerantly(std::string_view text, std::vector<FormProblem>* problems);

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view bytes);

// Percent-encodes everything but unreserved characters (RFC 3986 2.3).
std::string FormEncode(std::string_view text);

}  // namespace revento::emulator::oauth
