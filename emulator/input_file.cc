#include "emulator/input_file.h"

#include <filesystem>
#include <fstream>

namespace revento::emulator {

Result<uintmax_t> CheckRegularFile(const std::string& path, std::string_view pass_instead) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || status.type() == std::filesystem::file_type::not_found) return Fail(path + ": cannot read the file");
  if (status.type() == std::filesystem::file_type::directory)
    return Fail(path + ": is a directory; pass " + std::string(pass_instead));
  if (status.type() != std::filesystem::file_type::regular)
    return Fail(path + ": is not a regular file (a device, pipe or socket); pass " + std::string(pass_instead));
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return Fail(path + ": cannot read the file");
  return size;
}

Result<std::string> ReadWholeFile(const std::string& path, uintmax_t size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(path + ": cannot read the file");
  // One byte more than its size, to notice a file that grew since.
  std::string text(static_cast<size_t>(size) + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Fail(path + ": cannot read the file");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() != size) return Fail(path + ": changed while it was read; try again");
  return text;
}

}  // namespace revento::emulator
