#include "emulator/sandbox/requests_handler.h"

#include <cctype>
#include <charconv>

#include "emulator/fixtures/fixtures.h"
#include "emulator/http/errors.h"
#include "emulator/sandbox/json_body.h"

namespace revento::emulator::sandbox {

namespace {

constexpr size_t kMaxLimit = 10000;

void BadParameter(http::RequestContext& ctx, std::string_view name, std::string_view problem) {
  http::SendReventoError(ctx.res, 400, "invalid_request",
                         "Query parameter " + std::string(name) + ": " + std::string(problem) + ".", ctx.request_id);
}

bool ParseInt(std::string_view text, int64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

void HandleListRequests(Journal& journal, http::RequestContext& ctx) {
  for (const auto& [name, _] : ctx.req.params) {
    if (name != "path_prefix" && name != "method" && name != "status" && name != "since" && name != "limit") {
      return BadParameter(ctx, name, "unknown (known: path_prefix, method, status, since, limit)");
    }
    if (ctx.req.get_param_value_count(name) > 1) return BadParameter(ctx, name, "given more than once");
  }
  JournalQuery query;
  if (ctx.req.has_param("path_prefix")) query.path_prefix = ctx.req.get_param_value("path_prefix");
  if (ctx.req.has_param("method")) {
    std::string method = ctx.req.get_param_value("method");
    if (method.empty()) return BadParameter(ctx, "method", "must be an HTTP method such as GET");
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    query.method = method;
  }
  if (ctx.req.has_param("status")) {
    std::string text = ctx.req.get_param_value("status");
    int64_t status = 0;
    if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' && (text.substr(1) == "xx" || text.substr(1) == "XX")) {
      query.status_class = text[0] - '0';
    } else if (ParseInt(text, &status) && status >= 0 && status <= 599) {
      query.status = static_cast<int>(status);
    } else {
      return BadParameter(ctx, "status", "must be a status such as 401 or a class such as 4xx");
    }
  }
  if (ctx.req.has_param("since")) {
    std::string text = ctx.req.get_param_value("since");
    int64_t since = 0;
    if (!ParseInt(text, &since) && !ParseIsoTimestamp(text, &since)) {
      return BadParameter(ctx, "since", "must be an ISO 8601 UTC time like 2026-12-01T09:00:00Z or Unix seconds");
    }
    query.since_unix = since;
  }
  if (ctx.req.has_param("limit")) {
    int64_t limit = 0;
    if (!ParseInt(ctx.req.get_param_value("limit"), &limit) || limit < 1 || limit > static_cast<int64_t>(kMaxLimit)) {
      return BadParameter(ctx, "limit", "must be an integer from 1 to 10000");
    }
    query.limit = static_cast<size_t>(limit);
  }
  nlohmann::json data = nlohmann::json::array();
  for (const auto& entry : journal.Query(query)) data.push_back(JournalEntryJson(entry));
  JournalStats stats = journal.Stats();
  http::SendJson(
      ctx.res, 200,
      {{"data", std::move(data)}, {"capacity", stats.capacity}, {"size", stats.size}, {"recorded", stats.recorded}});
}

void HandleClearRequests(Journal& journal, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  http::SendJson(ctx.res, 200, {{"deleted", journal.Clear()}});
}

}  // namespace revento::emulator::sandbox
