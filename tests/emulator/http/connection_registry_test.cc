// Admission over socket pairs: the cap, eviction of the oldest idle
// connection, refusal when every connection is busy, release, and the drop
// of the connection bound to a request.
#include "emulator/http/connection_registry.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <thread>
#include <vector>

namespace revento::emulator::http {
namespace {

// One end of a socket pair as a Connection; the test holds the other end.
struct Pair {
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    connection = std::make_unique<Connection>(fds[0], -1, ConnectionLimits{});
    peer = fds[1];
  }
  ~Pair() { ::close(peer); }
  // True when the peer sees the stream end (nothing was written to it).
  bool PeerSeesEnd() const {
    char byte;
    return ::recv(peer, &byte, 1, 0) == 0;
  }
  std::unique_ptr<Connection> connection;
  int peer = -1;
};

TEST(ConnectionRegistryTest, RefusesPastTheCapWhenEveryConnectionIsBusy) {
  ConnectionRegistry registry(2);
  Pair a, b, c;
  auto first = registry.Admit(*a.connection);
  auto second = registry.Admit(*b.connection);
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(registry.Admit(*c.connection));
}

TEST(ConnectionRegistryTest, ReleasingAnAdmissionMakesRoom) {
  ConnectionRegistry registry(1);
  Pair a, b;
  {
    auto first = registry.Admit(*a.connection);
    ASSERT_TRUE(first);
    EXPECT_FALSE(registry.Admit(*b.connection));
  }
  EXPECT_TRUE(registry.Admit(*b.connection));
}

// A connection waiting for its next request is idle: a newcomer over the cap
// evicts it (its wait ends at once) instead of being refused.
TEST(ConnectionRegistryTest, EvictsTheOldestIdleConnectionToMakeRoom) {
  ConnectionRegistry registry(1);
  Pair idle, newcomer;
  auto first = registry.Admit(*idle.connection);
  ASSERT_TRUE(first);
  Connection::Kind seen = Connection::Kind::kRequest;
  std::thread waiting([&] { seen = idle.connection->ReadNext().kind; });
  while (!idle.connection->idle()) std::this_thread::yield();
  auto second = registry.Admit(*newcomer.connection);
  waiting.join();
  EXPECT_TRUE(second);
  EXPECT_EQ(seen, Connection::Kind::kClosed);
  EXPECT_TRUE(idle.PeerSeesEnd());
}

TEST(ConnectionRegistryTest, DropsOnlyTheConnectionBoundToTheRequest) {
  ConnectionRegistry registry(4);
  Pair a, b;
  auto first = registry.Admit(*a.connection);
  auto second = registry.Admit(*b.connection);
  httplib::Request req_a, req_b;
  first->Serve(req_a);
  second->Serve(req_b);
  EXPECT_TRUE(registry.DropConnectionOf(req_b));
  EXPECT_TRUE(b.connection->dropped());
  EXPECT_FALSE(a.connection->dropped());
  EXPECT_TRUE(b.PeerSeesEnd());
}

TEST(ConnectionRegistryTest, ARequestNoLongerServedIsNotFound) {
  ConnectionRegistry registry(4);
  Pair a;
  auto first = registry.Admit(*a.connection);
  httplib::Request req;
  first->Serve(req);
  first->Served();
  EXPECT_FALSE(registry.DropConnectionOf(req));
  EXPECT_FALSE(a.connection->dropped());
}

}  // namespace
}  // namespace revento::emulator::http
