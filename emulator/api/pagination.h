// Page requests and list bodies of the Read API (CONTRACT.md "Lists").
//
// ParsePageRequest reads `limit` and `cursor` from the query string:
//   limit   decimal digits only, 1 to 100; absent means 25. Empty, zero,
//           negative, signed, non-numeric, fractional or larger values are
//           400 invalid_parameter.
//   cursor  absent: the first page. Empty, garbage, modified, or issued for
//           another list (event, resource, filter) or before a restart: 400
//           invalid_cursor.
// SendPage answers {"data": [...], "next_cursor": "..." | null}; the cursor
// is null on the last page.
//
// Thread safety: pure functions over their arguments.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/api/api_error.h"
#include "emulator/api/cursor.h"
#include "emulator/http/errors.h"
#include "emulator/store/records.h"

namespace revento::emulator::api {

struct PageRequest {
  int limit = 25;
  int64_t after_seq = 0;
};

std::expected<PageRequest, ApiError> ParsePageRequest(const httplib::Request& req, const CursorCodec& cursors,
                                                      const CursorScope& scope);

template <typename T, typename ToJson>
void SendPage(httplib::Response& res, const Page<T>& page, const CursorCodec& cursors, const CursorScope& scope,
              ToJson to_json) {
  nlohmann::json data = nlohmann::json::array();
  for (const T& row : page.rows) data.push_back(to_json(row));
  nlohmann::json body = {{"data", std::move(data)}, {"next_cursor", nullptr}};
  if (page.has_more && !page.rows.empty()) body["next_cursor"] = cursors.Encode(scope, page.rows.back().seq);
  http::SendJson(res, 200, body);
}

}  // namespace revento::emulator::api
