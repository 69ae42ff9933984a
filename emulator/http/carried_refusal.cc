#include "emulator/http/carried_refusal.h"

#include <charconv>

namespace revento::emulator::http {

namespace {

// "413 The request body is ..."
constexpr const char* kRefusalHeader = "X-Revento-Refused";

}  // namespace

void Carry(httplib::Request& req, const std::optional<Refusal>& refusal) {
  req.headers.erase(kRefusalHeader);
  if (refusal) req.set_header(kRefusalHeader, std::to_string(refusal->status) + " " + refusal->reason);
}

std::optional<Refusal> Carried(const httplib::Request& req) {
  std::string value = req.get_header_value(kRefusalHeader);
  size_t space = value.find(' ');
  if (space == std::string::npos) return std::nullopt;
  Refusal refusal;
  auto [end, error] = std::from_chars(value.data(), value.data() + space, refusal.status);
  if (error != std::errc{} || end != value.data() + space) return std::nullopt;
  refusal.reason = value.substr(space + 1);
  return refusal;
}

}  // namespace revento::emulator::http
