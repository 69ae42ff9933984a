#include "emulator/http/request_head.h"

#include <algorithm>
#include <cctype>

#include "emulator/text.h"

namespace revento::emulator::http {

namespace {

// The name of a header line in lower case, or empty when the line has no colon.
std::string HeaderName(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  return Lower(Trim(line.substr(0, colon)));
}

std::string_view HeaderValue(std::string_view line) {
  size_t colon = line.find(':');
  return colon == std::string_view::npos ? std::string_view{} : Trim(line.substr(colon + 1));
}

bool IsFramingHeader(const std::string& name) { return name == "content-length" || name == "transfer-encoding"; }

}  // namespace

size_t FindHeadEnd(std::string_view buffer) {
  size_t at = buffer.find("\r\n\r\n");
  return at == std::string_view::npos ? std::string_view::npos : at + 4;
}

size_t CountHeaderLines(std::string_view partial_head) {
  size_t lines = 0;
  for (size_t at = partial_head.find("\r\n"); at != std::string_view::npos; at = partial_head.find("\r\n", at + 2))
    ++lines;
  return lines == 0 ? 0 : lines - 1;
}

bool MethodTakesBody(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

portable::expected<RequestHead, HeadRefusal> ParseRequestHead(std::string_view head, size_t max_header_count) {
  RequestHead out;
  size_t line_end = head.find("\r\n");
  out.request_line = std::string(head.substr(0, line_end));
  size_t space = out.request_line.find(' ');
  out.method = out.request_line.substr(0, space);
  if (space != std::string::npos) {
    size_t target_end = out.request_line.find(' ', space + 1);
    std::string target = out.request_line.substr(
        space + 1, target_end == std::string::npos ? std::string::npos : target_end - space - 1);
    out.path = target.substr(0, target.find('?'));
  }
  size_t at = line_end + 2;
  while (at < head.size()) {
    size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos || end == at) break;
    out.header_lines.emplace_back(head.substr(at, end - at));
    at = end + 2;
  }
  if (out.header_lines.size() > max_header_count) {
    return portable::unexpected(HeadRefusal{431, "The request has " + std::to_string(out.header_lines.size()) +
                                                " header lines; the sandbox accepts at most " +
                                                std::to_string(max_header_count) + "."});
  }
  bool has_transfer_encoding = false;
  for (const auto& line : out.header_lines) {
    std::string name = HeaderName(line);
    std::string_view value = HeaderValue(line);
    if (name == "content-length") {
      if (value.empty() || value.size() > 18 ||
          !std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; }))
        return portable::unexpected(HeadRefusal{400, "Content-Length must be one decimal number of bytes."});
      uint64_t length = std::stoull(std::string(value));
      if (out.content_length && *out.content_length != length)
        return portable::unexpected(HeadRefusal{400, "The request has two different Content-Length headers; send one."});
      out.content_length = length;
    } else if (name == "transfer-encoding") {
      has_transfer_encoding = true;
      if (Lower(value) != "chunked") {
        return portable::unexpected(HeadRefusal{
            400, "Transfer-Encoding \"" + std::string(value) +
                     "\" is not supported; send the body with Content-Length or Transfer-Encoding: chunked."});
      }
      out.chunked = true;
    } else if (name == "expect") {
      out.expects_continue = Lower(value) == "100-continue";
    }
  }
  if (has_transfer_encoding && out.content_length) {
    return portable::unexpected(
        HeadRefusal{400, "The request has both Content-Length and Transfer-Encoding; send one of them."});
  }
  return out;
}

std::string RewriteHead(const RequestHead& head, uint64_t content_length, bool drop_expect) {
  std::string out = head.request_line + "\r\n";
  for (const auto& line : head.header_lines) {
    std::string name = HeaderName(line);
    if (IsFramingHeader(name) || (drop_expect && name == "expect")) continue;
    out += line + "\r\n";
  }
  out += "Content-Length: " + std::to_string(content_length) + "\r\n\r\n";
  return out;
}

}  // namespace revento::emulator::http
