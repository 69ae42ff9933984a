// Files named on the command line (--fixtures, --import).
//
// CheckRegularFile looks at a path before anything is read: a path that
// cannot be read, a directory, or a device, pipe or socket (say /dev/zero,
// which never ends) is refused with a message that names the path and says
// what to pass instead (`pass_instead`, for example "a fixture file (JSON)").
// It returns the file's size so that the caller can refuse a file that is too
// large before reading it. ReadWholeFile then reads that many bytes and
// refuses a file that grew or shrank meanwhile.
// Errors: a Fail whose message starts with the path.
// Thread safety: pure functions (they touch only the file system).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/status.h"

namespace revento::emulator {

Result<uintmax_t> CheckRegularFile(const std::string& path, std::string_view pass_instead);

Result<std::string> ReadWholeFile(const std::string& path, uintmax_t size);

}  // namespace revento::emulator
