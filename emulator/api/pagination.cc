#include "emulator/api/pagination.h"

namespace revento::emulator::api {

namespace {

constexpr int kDefaultLimit = 25;
constexpr int kMaxLimit = 100;

ApiError InvalidLimit(std::string_view given) {
  std::string shown(given.substr(0, 32));
  if (given.size() > 32) shown += "...";
  return ApiError{
      400, "invalid_parameter", "limit must be a whole number from 1 to 100 (default 25); got \"" + shown + "\".", {}};
}

}  // namespace

portable::expected<PageRequest, ApiError> ParsePageRequest(const httplib::Request& req, const CursorCodec& cursors,
                                                      const CursorScope& scope) {
  PageRequest page;
  page.limit = kDefaultLimit;
  if (req.has_param("limit")) {
    std::string text = req.get_param_value("limit");
    if (text.empty() || text.size() > 3) return portable::unexpected(InvalidLimit(text));
    int value = 0;
    for (char c : text) {
      if (c < '0' || c > '9') return portable::unexpected(InvalidLimit(text));
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > kMaxLimit) return portable::unexpected(InvalidLimit(text));
    page.limit = value;
  }
  if (req.has_param("cursor")) {
    auto seq = cursors.Decode(scope, req.get_param_value("cursor"));
    if (!seq) {
      return portable::unexpected(ApiError{
          400,
          "invalid_cursor",
          "The cursor is not one this list issued: pass next_cursor exactly as a previous page of this same list "
          "returned it (same event, same filters). Cursors do not survive a sandbox restart; start again "
          "without a cursor.",
          {}});
    }
    page.after_seq = *seq;
  }
  return page;
}

std::string BeginListBody(int limit) {
  std::string body;
  body.reserve(static_cast<size_t>(limit) * 384 + 96);
  body.append("{\"data\":[");
  return body;
}

void SendListBody(httplib::Response& res, std::string body, const JsonRows& rows, const CursorCodec& cursors,
                  const CursorScope& scope) {
  body.append("],\"next_cursor\":");
  if (rows.has_more && rows.count > 0) {
    AppendJsonString(body, cursors.Encode(scope, rows.last_seq));
  } else {
    body.append("null");
  }
  body.push_back('}');
  res.status = 200;
  res.body = std::move(body);
  res.set_header("Content-Type", "application/json");
}

}  // namespace revento::emulator::api
