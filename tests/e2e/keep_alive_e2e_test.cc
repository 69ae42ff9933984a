// The server must not stall behind idle keep-alive connections
// (DEVELOPERS.md, "Performance is a feature", trap 3): with many more idle
// connections open than the pool's starting threads, a new client is served
// long before any keep-alive timeout could free a thread.
#include <gtest/gtest.h>

#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

TEST(KeepAliveE2E, IdleConnectionsDoNotStarveNewClients) {
  auto emulator = EmulatorProcess::Start({"--log-level", "warn"});
  ASSERT_TRUE(emulator);
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < 64; ++i) {
    auto client = emulator->Client();
    client->set_keep_alive(true);
    auto res = client->Get("/_sandbox/health");
    ASSERT_TRUE(res && res->status == 200) << "connection " << i;
    idle.push_back(std::move(client));  // stays open, idle, holding a server thread
  }
  // The keep-alive timeout is 5 s; a client that gives up after 2 s can only
  // succeed if a thread is free for it now.
  httplib::Client fresh("127.0.0.1", emulator->port());
  fresh.set_read_timeout(std::chrono::seconds(2));
  fresh.set_connection_timeout(std::chrono::seconds(2));
  auto res = fresh.Get("/_sandbox/health");
  ASSERT_TRUE(res) << "the 65th client was not served while 64 keep-alive connections sat idle";
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace revento::testing
