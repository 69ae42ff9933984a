// Files named on the command line (--headers, --body, --data @file, scenario
// files): read whole, and only when they are regular files of bounded size.
//
// ReadInputFile refuses, before reading a byte, a path that does not exist, a
// directory, a device, pipe or socket (/dev/zero never ends) and a file over
// `max_bytes`; each message starts with the path and says what to pass
// instead, and the Error's code is kInvalidArgument. Callers prefix the flag.
// Thread safety: a pure function (it touches only the file system).
#pragma once

#include <cstdint>
#include <string>

#include "client/status.h"

namespace revento::client {

Result<std::string> ReadInputFile(const std::string& path, uintmax_t max_bytes);

}  // namespace revento::client
