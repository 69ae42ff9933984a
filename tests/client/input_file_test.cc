// Files named on the command line are read only when they are regular files
// of bounded size; everything else is refused before a byte is read.
#include "client/input_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace revento::client {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / (name + std::to_string(::getpid()))).string();
}

TEST(InputFileTest, AMissingPathSaysSo) {
  auto read = ReadInputFile("/nonexistent/file.json", 100);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message, "/nonexistent/file.json: no such file; check the path");
  EXPECT_EQ(read.error().code, kInvalidArgument);
}

TEST(InputFileTest, ADirectoryIsNamedAsSuch) {
  auto read = ReadInputFile("/tmp", 100);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message, "/tmp: is a directory; pass a file");
}

// /dev/zero never ends: reading it used to grow memory until the process died.
TEST(InputFileTest, DevicesAreRefusedBeforeAnyRead) {
  auto read = ReadInputFile("/dev/zero", 100);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message, "/dev/zero: is not a regular file (a device, pipe or socket); pass a file");
}

TEST(InputFileTest, AFileOverTheLimitIsRefusedNamingItsSize) {
  std::string path = TempPath("input_file_big_");
  std::ofstream(path) << "12345";
  auto read = ReadInputFile(path, 4);
  std::filesystem::remove(path);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message, path + ": is 5 bytes; at most 4 bytes are read");
}

TEST(InputFileTest, ARegularFileIsReadWholeBytesAsTheyAre) {
  std::string path = TempPath("input_file_ok_");
  std::string bytes = std::string("a\0b\r\n\xff", 6);
  std::ofstream(path, std::ios::binary) << bytes;
  auto read = ReadInputFile(path, 6);
  std::filesystem::remove(path);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, bytes);
}

}  // namespace
}  // namespace revento::client
