// The release version of revento-sandbox: one constant for both binaries.
// It is written once, in project(VERSION) in CMakeLists.txt; CMake generates
// its definition (version/version.cc.in). revento-emulator --version,
// revento --version, GET /_sandbox/health and GET / print it, and the
// release package is named after it.
#pragma once

namespace revento {

extern const char* const kVersion;

}  // namespace revento
