// Errors as values for the emulator library.
//
// Functions that can fail return Result<T> (std::expected<T, Error>) or
// Status (Result<void>); callers check them. Exceptions are caught only at
// boundaries (JSON parsing, the HTTP server) and turned into an Error there.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace revento::emulator {

struct Error {
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(std::string message) {
  return std::unexpected<Error>(Error{std::move(message)});
}

inline Status Ok() { return {}; }

}  // namespace revento::emulator
