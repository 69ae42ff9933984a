// HttpTransport against receivers that misbehave at the socket level: the
// per-attempt timeout bounds the whole attempt (not each read), only the
// start of a response is read, and a reset is reported as a reset.
#include "emulator/webhooks/transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "tests/support/raw_server.h"

namespace revento::emulator::webhooks {
namespace {

// Accepts one connection, reads the request, then runs `behaviour`
// on the socket.
struct RawReceiver : testing::RawServer {
  explicit RawReceiver(std::function<void(int fd)> behaviour)
      : RawServer(std::move(behaviour), Accepts::kOne, "/hook") {}
};

OutboundRequest RequestTo(const std::string& url, std::chrono::milliseconds timeout) {
  return OutboundRequest{url, {{"Content-Type", "application/json"}}, R"({"id":"evt_1"})", timeout};
}

// One header line every 200 ms never lets a per-read timeout of 1 s fire;
// the attempt must still end at 1 s, as a timeout, not a success.
TEST(TransportTest, ATricklingReceiverTimesOutAtTheTotalDeadline) {
  std::atomic<bool> stop{false};
  RawReceiver receiver([&stop](int fd) {
    ::send(fd, "HTTP/1.1 200 OK\r\n", 17, MSG_NOSIGNAL);
    for (int i = 0; i < 100 && !stop; ++i) {
      if (::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL) <= 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  HttpTransport transport;
  auto started = std::chrono::steady_clock::now();
  auto response = transport.Post(RequestTo(receiver.url(), std::chrono::milliseconds(1000)));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  stop = true;
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.error.starts_with("timed out")) << response.error;
  EXPECT_LT(seconds, 10.0) << "the attempt was held for as long as the receiver trickled";
  std::printf("[ figure ] trickling receiver, timeout 1 s: attempt ended after %.2f s\n", seconds);
}

// A fraction of a second (--webhook-timeout 0.2) is named as given, not
// rounded down to "0 s".
TEST(TransportTest, ATimeoutNamesItsFractionOfASecond) {
  RawReceiver receiver([](int fd) {
    char c;
    ::recv(fd, &c, 1, 0);  // hangs until the transport gives up and closes
  });
  HttpTransport transport;
  auto response = transport.Post(RequestTo(receiver.url(), std::chrono::milliseconds(200)));
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.error.starts_with("timed out: no complete response within the per-attempt timeout of 0.2 s"))
      << response.error;
}

TEST(TransportTest, AnEndlessResponseIsReadOnlyAtItsStart) {
  std::atomic<size_t> sent{0};
  RawReceiver receiver([&sent](int fd) {
    std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\n";
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    std::string chunk(64 * 1024, 'z');
    for (;;) {
      ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
      if (sent > (size_t{1} << 30)) return;
    }
  });
  HttpTransport transport;
  auto response = transport.Post(RequestTo(receiver.url(), std::chrono::milliseconds(5000)));
  EXPECT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(response.body, std::string(1024, 'z'));
  EXPECT_LT(sent.load(), size_t{64} << 20) << "the sender kept reading";
}

TEST(TransportTest, AResetIsRecordedAsAResetNotATimeout) {
  RawReceiver receiver([](int fd) {
    linger hard{1, 0};  // close with RST
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  });
  HttpTransport transport;
  auto response = transport.Post(RequestTo(receiver.url(), std::chrono::milliseconds(5000)));
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("reset"), std::string::npos) << response.error;
  EXPECT_EQ(response.error.find("timed out"), std::string::npos) << response.error;
}

TEST(TransportTest, AQuickAnswerStillSucceeds) {
  RawReceiver receiver([](int fd) {
    std::string reply = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
    ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
  });
  HttpTransport transport;
  auto response = transport.Post(RequestTo(receiver.url(), std::chrono::milliseconds(5000)));
  EXPECT_EQ(response.status, 204) << response.error;
  EXPECT_TRUE(response.error.empty());
}

// Sends `line` over and over (after `head`) until the sender stops reading
// and closes; counts the bytes the kernel took.
std::function<void(int)> Flood(std::string head, std::string line, std::atomic<size_t>& sent) {
  return [head = std::move(head), line = std::move(line), &sent](int fd) {
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    std::string block;
    while (block.size() < 64 * 1024) block += line;
    while (sent < (size_t{1} << 30)) {
      ssize_t n = ::send(fd, block.data(), block.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  };
}

TEST(TransportTest, EndlessHeaderLinesFailAtTheHeaderCountCap) {
  std::atomic<size_t> sent{0};
  RawReceiver receiver(Flood("HTTP/1.1 200 OK\r\n", "X-Flood: 1\r\n", sent));
  auto response = HttpTransport().Post(RequestTo(receiver.url(), std::chrono::milliseconds(10000)));
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("more than 100 header lines (the cap on header count)"), std::string::npos)
      << response.error;
  EXPECT_LT(sent.load(), size_t{16} << 20) << "the sender kept reading header lines";
}

TEST(TransportTest, AnEndlessHeaderLineFailsAtTheHeaderBytesCap) {
  std::atomic<size_t> sent{0};
  RawReceiver receiver(Flood("HTTP/1.1 200 OK\r\nX-Long: ", "aaaaaaaa", sent));
  auto response = HttpTransport().Post(RequestTo(receiver.url(), std::chrono::milliseconds(10000)));
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("exceed 16384 bytes (the cap on header bytes)"), std::string::npos) << response.error;
  EXPECT_LT(sent.load(), size_t{16} << 20) << "the sender kept reading the header line";
}

TEST(TransportTest, AnEndlessChunkedBodyIsReadOnlyAtItsStart) {
  std::atomic<size_t> sent{0};
  RawReceiver receiver(Flood("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "4\r\nzzzz\r\n", sent));
  auto response = HttpTransport().Post(RequestTo(receiver.url(), std::chrono::milliseconds(10000)));
  EXPECT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(response.body, std::string(1024, 'z'));
  EXPECT_LT(sent.load(), size_t{16} << 20) << "the sender kept reading";
}

TEST(TransportTest, AChunkedAnswerIsDecodedAndRetryAfterRead) {
  RawReceiver receiver([](int fd) {
    std::string reply =
        "HTTP/1.1 503 Service Unavailable\r\nretry-after: 120\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=1\r\nbusy \r\n3\r\nnow\r\n0\r\n\r\n";
    ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
  });
  auto response = HttpTransport().Post(RequestTo(receiver.url(), std::chrono::milliseconds(5000)));
  EXPECT_EQ(response.status, 503) << response.error;
  EXPECT_EQ(response.body, "busy now");
  EXPECT_EQ(response.retry_after, "120");
}

TEST(TransportTest, AnAnswerCutShortIsAClosedConnectionAndNotASuccess) {
  RawReceiver receiver([](int fd) {
    std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
    ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
  });
  auto response = HttpTransport().Post(RequestTo(receiver.url(), std::chrono::milliseconds(5000)));
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "the receiver closed the connection before a complete response");
}

TEST(TransportTest, NotHttpIsRefusedInWords) {
  RawReceiver receiver([](int fd) { ::send(fd, "SSH-2.0-OpenSSH\r\n\r\n", 21, MSG_NOSIGNAL); });
  auto response = HttpTransport().Post(RequestTo(receiver.url(), std::chrono::milliseconds(5000)));
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("HTTP/1.x status line"), std::string::npos) << response.error;
}

TEST(TransportTest, ARefusedConnectionSaysSo) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/hook";
  auto response = HttpTransport().Post(RequestTo(url, std::chrono::milliseconds(5000)));
  ::close(fd);
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("could not connect to http://127.0.0.1:"), std::string::npos) << response.error;
}

}  // namespace
}  // namespace revento::emulator::webhooks
