// The one process spawner: streams, exit codes, PATH lookup, environment.
#include "client/process/spawn.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace revento::client::process {
namespace {

std::string ReadAll(int fd) {
  std::string out;
  char buffer[256];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<size_t>(n));
  close(fd);
  return out;
}

std::string TempFile() {
  std::string path = "/tmp/revento-spawn-test-XXXXXX";
  close(mkstemp(path.data()));
  return path;
}

TEST(SpawnTest, StdoutToAPipeAndStderrToAFile) {
  std::string err_path = TempFile();
  auto child = Spawn({{"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, std::nullopt, Redirect::Pipe(),
                      Redirect::File(err_path)});
  ASSERT_TRUE(child) << child.error().message;
  EXPECT_EQ(ReadAll(child->out_fd), "out\n");
  EXPECT_EQ(Wait(child->pid), 3);
  std::stringstream err;
  err << std::ifstream(err_path).rdbuf();
  EXPECT_EQ(err.str(), "err\n");
  unlink(err_path.c_str());
}

TEST(SpawnTest, ABareNameIsLookedUpInPathAndStderrCanFollowStdout) {
  auto child = Spawn({{"sh", "-c", "echo one; echo two >&2"}, std::nullopt, Redirect::Pipe(), Redirect::ToStdout()});
  ASSERT_TRUE(child) << child.error().message;
  EXPECT_EQ(ReadAll(child->out_fd), "one\ntwo\n");
  EXPECT_EQ(Wait(child->pid), 0);
}

TEST(SpawnTest, TheEnvironmentIsReplacedWhenGiven) {
  auto env = EnvironmentWith({"REVENTO_SPAWN_TEST=from the parent"});
  auto child = Spawn({{"/bin/sh", "-c", "printf %s \"$REVENTO_SPAWN_TEST\""}, env, Redirect::Pipe(), Redirect::Null()});
  ASSERT_TRUE(child) << child.error().message;
  EXPECT_EQ(ReadAll(child->out_fd), "from the parent");
  EXPECT_EQ(Wait(child->pid), 0);
}

TEST(SpawnTest, ASignalIs128PlusItsNumber) {
  auto child = Spawn({{"/bin/sh", "-c", "kill -TERM $$"}, std::nullopt, Redirect::Null(), Redirect::Null()});
  ASSERT_TRUE(child) << child.error().message;
  EXPECT_EQ(Wait(child->pid), 128 + SIGTERM);
}

TEST(SpawnTest, AProgramThatCannotStartIsAnErrorNamingIt) {
  auto missing = Spawn({{"/nonexistent/revento-nothing"}, std::nullopt, Redirect::Null(), Redirect::Null()});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nonexistent/revento-nothing"), std::string::npos);
  auto empty = Spawn({});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, kInvalidArgument);
}

}  // namespace
}  // namespace revento::client::process
