// application/x-www-form-urlencoded for the reference client: encoding a
// body or a query the way URLSearchParams does, and decoding the query of a
// redirect (Location) back into parameters.
//
// The client's own implementation, independent of the emulator's parser.
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revento::client {

// Like URLSearchParams.toString(): space as '+', unreserved kept, the rest %XX.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params);
std::string FormEncodeComponent(std::string_view text);

// The decoded query parameters of a URL (the part after '?', before '#').
// A repeated name keeps its first value.
std::map<std::string, std::string> DecodeQueryOf(std::string_view url);

}  // namespace revento::client
