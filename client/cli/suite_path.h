// Where `revento scenarios` finds a scenario path it was given.
//
// A path that exists as given (relative to the working directory, or
// absolute) is used as is. A relative path that does not exist is looked up
// in the conformance suite installed with this binary,
// <folder of the revento binary>/../share/revento-sandbox/<path> (the
// release package's layout, cmake/ReventoPackage.cmake), so that
// `revento scenarios run scenarios/app` works from any folder with the
// packaged binary. When neither exists the path comes back unchanged and
// the loader reports it missing.
//
// Thread safety: none needed (reads the file system).
#pragma once

#include <string>

namespace revento::client::cli {

std::string ResolveSuitePath(const std::string& path);

}  // namespace revento::client::cli
