// The server must not stall behind idle keep-alive connections
// (DEVELOPERS.md, "Performance is a feature", trap 3): with many more idle
// connections open than the pool's starting threads, a new client is served
// long before any keep-alive timeout could free a thread.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>

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

namespace revento::testing {
namespace {

// A stop that lands before the accept loop runs must still stop the server
// (found by the Read API tests: an in-process emulator that served no request
// hung in its destructor). Each emulator is stopped at once and destroyed;
// afterwards its port refuses connections. A lost stop would hang: the whole
// loop runs on its own thread, and the test fails (and ends the process, as
// the hung thread cannot be joined) if it has not finished within a minute.
// True when nothing listens on 127.0.0.1:port (connect() is refused). A
// listening socket left open accepts into its backlog even when no thread
// serves it, so an HTTP request would only time out; connect() tells.
bool Refuses(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool refused = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno == ECONNREFUSED;
  close(fd);
  return refused;
}

TEST(ServerLifecycle, StopRightAfterStartDoesNotHang) {
  std::vector<int> ports;
  auto stops = std::async(std::launch::async, [&ports] {
    for (int i = 0; i < 20; ++i) {
      InProcessEmulator emulator;
      ports.push_back(emulator.port());
      emulator.emulator().Stop();
    }
  });
  if (stops.wait_for(std::chrono::minutes(1)) != std::future_status::ready) {
    ADD_FAILURE() << "an emulator stopped right after it started did not finish stopping";
    std::fflush(stdout);
    std::_Exit(1);
  }
  ASSERT_EQ(ports.size(), 20u);
  for (int port : ports) {
    EXPECT_GT(port, 0);
    EXPECT_TRUE(Refuses(port)) << "port " << port << " still accepts connections after its emulator stopped";
  }
}

}  // namespace
}  // namespace revento::testing
