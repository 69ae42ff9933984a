#include "client/cli/suite_path.h"

#include <filesystem>
#include <system_error>

namespace revento::client::cli {

namespace fs = std::filesystem;

std::string ResolveSuitePath(const std::string& path) {
  std::error_code ec;
  fs::path given(path);
  if (given.is_absolute() || fs::exists(given, ec)) return path;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return path;
  fs::path packaged = self.parent_path().parent_path() / "share" / "revento-sandbox" / given;
  return fs::exists(packaged, ec) ? packaged.string() : path;
}

}  // namespace revento::client::cli
