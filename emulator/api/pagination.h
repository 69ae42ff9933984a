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
// is null on the last page. SendRepresentation answers one record.
//
// Thread safety: pure functions over their arguments.
#pragma once

#include <httplib.h>

#include <cstdint>
#include "portable/expected.h"
#include <string>

#include "emulator/api/api_error.h"
#include "emulator/api/cursor.h"
#include "emulator/representations/json_text.h"
#include "emulator/store/records.h"

namespace revento::emulator::api {

struct PageRequest {
  int limit = 25;
  int64_t after_seq = 0;
};

portable::expected<PageRequest, ApiError> ParsePageRequest(const httplib::Request& req, const CursorCodec& cursors,
                                                      const CursorScope& scope);

// `append(out, row)` appends a row's representation (representations.h).
// A list body is built in place: BeginListBody writes its opening, the rows
// are appended joined by commas (by the store, as stored representations, or
// by SendPage), and SendListBody closes it with next_cursor and sends it.
std::string BeginListBody(int limit);
void SendListBody(httplib::Response& res, std::string body, const JsonRows& rows, const CursorCodec& cursors,
                  const CursorScope& scope);

template <typename T, typename Append>
void SendPage(httplib::Response& res, const Page<T>& page, const CursorCodec& cursors, const CursorScope& scope,
              Append append) {
  std::string body = BeginListBody(static_cast<int>(page.rows.size()));
  for (size_t i = 0; i < page.rows.size(); ++i) {
    if (i > 0) body.push_back(',');
    append(body, page.rows[i]);
  }
  JsonRows rows{static_cast<int>(page.rows.size()), page.rows.empty() ? 0 : page.rows.back().seq, page.has_more};
  SendListBody(res, std::move(body), rows, cursors, scope);
}

// A 200 with one representation.
template <typename T, typename Append>
void SendRepresentation(httplib::Response& res, const T& record, Append append) {
  std::string body;
  body.reserve(512);
  append(body, record);
  res.status = 200;
  res.body = std::move(body);
  res.set_header("Content-Type", "application/json");
}

}  // namespace revento::emulator::api
