// A refusal by the connection layer, carried to the request pipeline.
//
// When http::Connection refuses a request (a head too large or too slow, a
// body over the limit), cpp-httplib still parses a substitute head with the
// same request line, so that the request pipeline answers it with the
// error body of the path's area. The refusal travels on that request as a
// private header, set here and read here only: Carry() first removes any
// value a client sent under that name, so a client cannot forge one.
//
// Errors: Carried() is empty when the request carries no refusal, or one not
// written by Carry().
// Thread safety: pure functions of the request.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

namespace revento::emulator::http {

struct Refusal {
  int status = 0;  // 400, 408, 413, 414 or 431
  std::string reason;
};

// Sets `refusal` on `req` (none: only removes a client's forged value).
void Carry(httplib::Request& req, const std::optional<Refusal>& refusal);
std::optional<Refusal> Carried(const httplib::Request& req);

}  // namespace revento::emulator::http
