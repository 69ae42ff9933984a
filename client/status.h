// Errors as values for the reference client (independent of the emulator's).
//
// Every fallible call returns Result<T> (portable::expected<T, Error>). An Error's
// `message` is one line that says what went wrong and what to do about it;
// the other fields are filled when a server answered: the HTTP `status`, the
// error `code` (a Read API code such as "token_expired", an RFC 6749 error
// such as "invalid_grant", or one of the client's own codes below), the
// server's own words in `detail`, and the `request_id` of the answer.
// Thread safety: plain values.
#pragma once

#include "portable/expected.h"
#include <string>
#include <string_view>
#include <utility>

namespace revento::client {

// Codes the client itself gives (never sent by a server).
inline constexpr std::string_view kTransportFailed = "transport_failed";  // no HTTP answer at all
inline constexpr std::string_view kReconsentNeeded = "reconsent_needed";  // the token family is dead
inline constexpr std::string_view kBadResponse = "bad_response";          // an answer the contract forbids
inline constexpr std::string_view kInvalidArgument = "invalid_argument";  // the caller's input is unusable
inline constexpr std::string_view kStateMismatch = "state_mismatch";      // a callback of another request
inline constexpr std::string_view kDeadlineExceeded = "deadline_exceeded";  // no complete answer in time
inline constexpr std::string_view kResponseTooLarge = "response_too_large";  // an answer over a cap (http/connection.h)

struct Error {
  Error() = default;
  Error(std::string message_text) : message(std::move(message_text)) {}  // NOLINT: implicit from a message

  std::string message;
  int status = 0;
  std::string code;
  std::string detail;
  std::string request_id;
};

template <typename T>
using Result = portable::expected<T, Error>;
using Status = Result<void>;

inline portable::unexpected<Error> Fail(std::string message) { return portable::unexpected<Error>(Error{std::move(message)}); }

inline portable::unexpected<Error> Fail(std::string_view code, std::string message) {
  Error error{std::move(message)};
  error.code = std::string(code);
  return portable::unexpected<Error>(std::move(error));
}

}  // namespace revento::client
