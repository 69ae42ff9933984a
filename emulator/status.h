// Errors as values for the emulator library.
//
// Functions that can fail return Result<T> (portable::expected<T, Error>) or
// Status (Result<void>); callers check them. Exceptions are caught only at
// boundaries (JSON parsing, the HTTP server) and turned into an Error there.
#pragma once

#include "portable/expected.h"
#include <string>
#include <utility>

namespace revento::emulator {

struct Error {
  std::string message;
};

template <typename T>
using Result = portable::expected<T, Error>;
using Status = portable::expected<void, Error>;

inline portable::unexpected<Error> Fail(std::string message) {
  return portable::unexpected<Error>(Error{std::move(message)});
}

inline Status Ok() { return {}; }

}  // namespace revento::emulator
