// The reactor that keeps keep-alive connections between requests: a silent
// connection closes at the idle timeout, stopping (or the server's wake
// descriptor) closes every parked one, a connection slow in the middle of a
// request does not hold up the others, and a served connection is parked
// again. Each case drives real connections over a socketpair, answered by a
// small serve function in place of cpp-httplib.
#include "emulator/http/reactor.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace revento::testing {
namespace {

using emulator::http::Connection;
using emulator::http::ConnectionLimits;
using emulator::http::OpenConnection;
using emulator::http::Reactor;
using namespace std::chrono_literals;

// The test's end of a connection whose other end the reactor serves.
class Peer {
 public:
  Peer() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    mine_ = fds[0];
    theirs_ = fds[1];
    timeval limit{10, 0};  // a broken reactor fails the test instead of hanging it
    ::setsockopt(mine_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  }
  ~Peer() {
    if (mine_ >= 0) ::close(mine_);
  }
  // The server's end, for the reactor (which then owns it).
  std::unique_ptr<OpenConnection> Open(ConnectionLimits limits = {}) {
    return std::make_unique<OpenConnection>(std::exchange(theirs_, -1), -1, limits);
  }
  void Send(const std::string& bytes) { ASSERT_EQ(::send(mine_, bytes.data(), bytes.size(), 0), ssize_t(bytes.size())); }
  // One answer of the test server ("HTTP/1.1 200 OK ... <path>"), or "" at
  // end of stream.
  std::string ReadAnswer() {
    char buf[512];
    while (read_.find("\n\n") == std::string::npos) {
      ssize_t n = ::recv(mine_, buf, sizeof buf, 0);
      if (n <= 0) return std::exchange(read_, "");
      read_.append(buf, size_t(n));
    }
    std::string answer = read_.substr(0, read_.find("\n\n"));
    read_.erase(0, answer.size() + 2);
    return answer;
  }
  // True when the server closed the connection: end of stream, or a reset
  // when it closed with our request unread (not the receive timeout).
  bool Closed() {
    char byte;
    ssize_t n = ::recv(mine_, &byte, 1, 0);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  int mine_ = -1;
  int theirs_ = -1;
  std::string read_;  // received, not yet returned
};

std::string Get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n"; }

// Reads one request and answers with its request line; closes on anything
// but a request.
bool Answer(OpenConnection& open) {
  Connection& c = open.connection;
  if (c.ReadNext().kind != Connection::Kind::kRequest) return false;
  std::string head;
  char buf[256];
  ssize_t n;
  while (head.find("\r\n\r\n") == std::string::npos && (n = c.read(buf, sizeof buf)) > 0) head.append(buf, size_t(n));
  std::string answer = head.substr(0, head.find("\r\n")) + "\n\n";
  c.write(answer.data(), answer.size());
  return c.Flush();
}

// Waits, without sleeping for a fixed time, until `done` holds (10 s at most).
template <typename Done>
bool Eventually(Done done) {
  auto give_up = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(ReactorTest, ASilentConnectionClosesAtTheIdleTimeout) {
  Reactor reactor(-1, 2, 50ms, Answer);
  Peer peer;
  reactor.Park(peer.Open());
  EXPECT_TRUE(peer.Closed());
  EXPECT_TRUE(Eventually([&] { return reactor.parked() == 0; }));
}

TEST(ReactorTest, StopClosesEveryParkedConnectionAndAnyParkedLater) {
  Reactor reactor(-1, 2, 60s, Answer);
  Peer first, second, late;
  reactor.Park(first.Open());
  reactor.Park(second.Open());
  reactor.Stop();
  EXPECT_TRUE(first.Closed());
  EXPECT_TRUE(second.Closed());
  reactor.Park(late.Open());
  EXPECT_TRUE(late.Closed());
  EXPECT_EQ(reactor.parked(), 0u);
}

TEST(ReactorTest, TheServersWakeDescriptorClosesEveryParkedConnection) {
  int wake[2];
  ASSERT_EQ(::pipe(wake), 0);
  {
    Reactor reactor(wake[0], 2, 60s, Answer);
    Peer peer;
    reactor.Park(peer.Open());
    ASSERT_EQ(::write(wake[1], "x", 1), 1);
    EXPECT_TRUE(peer.Closed());
  }
  ::close(wake[0]);
  ::close(wake[1]);
}

TEST(ReactorTest, AConnectionSlowInTheMiddleOfARequestDoesNotHoldUpOthers) {
  Reactor reactor(-1, 1, 60s, Answer);
  Peer slow, quick;
  reactor.Park(slow.Open());
  reactor.Park(quick.Open());
  slow.Send("GET /slow HTTP/1.1\r\n");  // the head is not complete
  // The one poller takes it and, about to wait for the rest, starts another.
  ASSERT_TRUE(Eventually([&] { return reactor.pollers() == 2; }));
  quick.Send(Get("/quick"));
  EXPECT_EQ(quick.ReadAnswer(), "GET /quick HTTP/1.1");
  slow.Send("Host: t\r\n\r\n");
  EXPECT_EQ(slow.ReadAnswer(), "GET /slow HTTP/1.1");
}

TEST(ReactorTest, AServedConnectionIsParkedAgainForItsNextRequest) {
  Reactor reactor(-1, 2, 60s, Answer);
  Peer peer;
  auto open = peer.Open();
  const Connection* connection = &open->connection;
  reactor.Park(std::move(open));
  EXPECT_TRUE(connection->idle());  // parked: the registry may evict it
  for (std::string path : {"/1", "/2", "/3"}) {
    peer.Send(Get(path));
    EXPECT_EQ(peer.ReadAnswer(), "GET " + path + " HTTP/1.1");
    EXPECT_TRUE(Eventually([&] { return reactor.parked() == 1; }));
  }
}

TEST(ReactorTest, PipelinedRequestsAreAllAnswered) {
  Reactor reactor(-1, 2, 60s, Answer);
  Peer peer;
  reactor.Park(peer.Open());
  peer.Send(Get("/a") + Get("/b"));
  EXPECT_EQ(peer.ReadAnswer(), "GET /a HTTP/1.1");
  EXPECT_EQ(peer.ReadAnswer(), "GET /b HTTP/1.1");
}

TEST(ReactorTest, AConnectionTheServeFunctionRefusesIsClosed) {
  Reactor reactor(-1, 2, 60s, [](OpenConnection&) { return false; });
  Peer peer;
  reactor.Park(peer.Open());
  peer.Send(Get("/"));
  EXPECT_TRUE(peer.Closed());
}

}  // namespace
}  // namespace revento::testing
