// Errors as values for the reference client (independent of the emulator's).
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace revento::client {

struct Error {
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = Result<void>;

inline std::unexpected<Error> Fail(std::string message) {
  return std::unexpected<Error>(Error{std::move(message)});
}

}  // namespace revento::client
