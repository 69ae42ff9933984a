#include "client/input_file.h"

#include <filesystem>
#include <fstream>

namespace revento::client {

Result<std::string> ReadInputFile(const std::string& path, uintmax_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) return Fail(kInvalidArgument, path + ": no such file; check the path");
  if (ec) return Fail(kInvalidArgument, path + ": cannot read the file (" + ec.message() + ")");
  if (status.type() == fs::file_type::directory) return Fail(kInvalidArgument, path + ": is a directory; pass a file");
  if (status.type() != fs::file_type::regular) {
    return Fail(kInvalidArgument, path + ": is not a regular file (a device, pipe or socket); pass a file");
  }
  uintmax_t size = fs::file_size(path, ec);
  if (ec) return Fail(kInvalidArgument, path + ": cannot read the file (" + ec.message() + ")");
  if (size > max_bytes) {
    return Fail(kInvalidArgument, path + ": is " + std::to_string(size) + " bytes; at most " +
                                      std::to_string(max_bytes) + " bytes are read");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(kInvalidArgument, path + ": cannot read the file; check its permissions");
  // One byte more than its size, to notice a file that grew since.
  std::string text(static_cast<size_t>(size) + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Fail(kInvalidArgument, path + ": cannot read the file");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() != size) return Fail(kInvalidArgument, path + ": changed while it was read; try again");
  return text;
}

}  // namespace revento::client
