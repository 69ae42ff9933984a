// The client's transport (api get, scenarios, check) and its webhook sender
// (`webhooks send`, `check webhooks`) against servers that never stop
// sending: endless header lines, an endless header line, an endless body, a
// trickle. Each exchange ends at a cap or at the deadline, and says which;
// the server counts the bytes the client let it send.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "tests/support/raw_server.h"

#include "client/http/transport.h"
#include "client/webhooks/delivery_transport.h"

namespace revento::client::http {
namespace {

// Accepts connections one after another; for each, reads the request head
// (and a Content-Length body) and runs `behaviour` on the socket.
struct HostileServer : testing::RawServer {
  explicit HostileServer(std::function<void(int fd)> behaviour)
      : RawServer(std::move(behaviour), Accepts::kMany, "/x") {}
};

// Sends `head`, then `unit` over and over until the client closes (or 1 GiB).
std::function<void(int)> Endless(std::string head, std::string unit, std::atomic<size_t>& sent) {
  return [head = std::move(head), unit = std::move(unit), &sent](int fd) {
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    std::string block;
    while (block.size() < 64 * 1024) block += unit;
    while (sent < (size_t{1} << 30)) {
      ssize_t n = ::send(fd, block.data(), block.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  };
}

Request Get(const std::string& url, std::chrono::milliseconds timeout = std::chrono::milliseconds(30000)) {
  Request request;
  request.url = url;
  request.timeout = timeout;
  return request;
}

constexpr size_t kBounded = size_t{96} << 20;  // far below what an uncapped reader takes in the same time

TEST(HostileServerTest, EndlessHeaderLinesStopAtTheHeaderCountCap) {
  std::atomic<size_t> sent{0};
  HostileServer server(Endless("HTTP/1.1 200 OK\r\n", "X-Flood: 1\r\n", sent));
  auto response = MakeHttpTransport()->Send(Get(server.url()));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, kResponseTooLarge);
  EXPECT_EQ(response.error().message,
            "GET " + server.url() + " failed: the answer has more than 128 header lines (the cap on header count)");
  EXPECT_LT(sent.load(), kBounded);
}

TEST(HostileServerTest, AnEndlessHeaderLineStopsAtTheHeaderBytesCap) {
  std::atomic<size_t> sent{0};
  HostileServer server(Endless("HTTP/1.1 200 OK\r\nX-Long: ", "aaaaaaaa", sent));
  auto response = MakeHttpTransport()->Send(Get(server.url()));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, kResponseTooLarge);
  EXPECT_NE(response.error().message.find("status line and headers exceed 65536 bytes (the cap on header bytes)"),
            std::string::npos)
      << response.error().message;
  EXPECT_LT(sent.load(), kBounded);
}

TEST(HostileServerTest, AnEndlessChunkedBodyStopsAtTheBodyCap) {
  std::atomic<size_t> sent{0};
  HostileServer server(Endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "8\r\nzzzzzzzz\r\n", sent));
  Request request = Get(server.url());
  request.limits.max_body_bytes = 1 << 20;
  auto response = MakeHttpTransport()->Send(request);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, kResponseTooLarge);
  EXPECT_NE(response.error().message.find("body exceeds 1048576 bytes (the cap on body bytes)"), std::string::npos)
      << response.error().message;
  EXPECT_LT(sent.load(), kBounded);
}

TEST(HostileServerTest, AnEndlessBodyWithoutLengthStopsAtTheBodyCap) {
  std::atomic<size_t> sent{0};
  HostileServer server(Endless("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", "z", sent));
  Request request = Get(server.url());
  request.limits.max_body_bytes = 1 << 20;
  auto response = MakeHttpTransport()->Send(request);
  ASSERT_FALSE(response);
  EXPECT_NE(response.error().message.find("(the cap on body bytes)"), std::string::npos) << response.error().message;
  EXPECT_LT(sent.load(), kBounded);
}

TEST(HostileServerTest, AContentLengthOverTheCapIsRefusedWithoutReadingTheBody) {
  std::atomic<size_t> sent{0};
  HostileServer server(Endless("HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\n", "z", sent));
  auto response = MakeHttpTransport()->Send(Get(server.url()));
  ASSERT_FALSE(response);
  EXPECT_NE(response.error().message.find("body exceeds 67108864 bytes (the cap on body bytes)"), std::string::npos)
      << response.error().message;
}

TEST(HostileServerTest, ATrickleStopsAtTheDeadlineOfTheWholeExchange) {
  // One header line every 50 ms: no single wait is ever long, the exchange is.
  std::atomic<bool> stop{false};
  HostileServer server([&stop](int fd) {
    ::send(fd, "HTTP/1.1 200 OK\r\n", 17, MSG_NOSIGNAL);
    for (int i = 0; i < 2000 && !stop; ++i) {
      if (::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL) <= 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  Request request = Get(server.url(), std::chrono::milliseconds(1000));
  request.limits.max_header_lines = 100000;
  auto response = MakeHttpTransport()->Send(request);
  stop = true;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, kDeadlineExceeded);
  EXPECT_EQ(response.error().message, "GET " + server.url() +
                                          " failed: no complete answer within the deadline (reading the answer) "
                                          "(1000 ms for the whole exchange)");
}

// The server closes each connection after its answer, although the answer
// allowed keep-alive. The next request waits until the close has been sent
// (the client cannot know of a FIN still in flight: that race is inherent to
// HTTP/1.1 keep-alive, and the client never sends a request twice), so the
// pooled connection is seen closed and replaced, every time.
TEST(HostileServerTest, AKeptAliveConnectionTheServerClosedIsReplacedOnce) {
  std::atomic<int> connections{0};
  std::atomic<int> closed{0};
  HostileServer server([&](int fd) {
    ++connections;
    std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_RDWR);
    ++closed;
  });
  auto transport = MakeHttpTransport();
  for (int i = 0; i < 3; ++i) {
    while (closed.load() < i) std::this_thread::yield();
    auto response = transport->Send(Get(server.url()));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, "ok");
  }
  EXPECT_EQ(connections.load(), 3);
}

TEST(HostileServerTest, HeaderValuesArriveAsSentAndChunkedBodiesDecoded) {
  HostileServer server([](int fd) {
    std::string reply =
        "HTTP/1.1 302 Found\r\nLocation: /cb?error_description=The%20user%20denied&v=100%25\r\n"
        "Transfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n";
    ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
  });
  auto response = MakeHttpTransport()->Send(Get(server.url()));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(response->Header("Location"), "/cb?error_description=The%20user%20denied&v=100%25");
  EXPECT_EQ(response->body, "abcde");
}

}  // namespace
}  // namespace revento::client::http

namespace revento::client::webhooks {
namespace {

Delivery ADelivery() {
  Delivery d;
  d.headers = {{"Content-Type", "application/json"}, {"X-Revento-Delivery-Id", "whd_1"}};
  d.body = R"({"id":"whe_1"})";
  return d;
}

TEST(HostileReceiverTest, WebhooksSendStopsAtTheHeaderCapAndSaysSo) {
  std::atomic<size_t> sent{0};
  http::HostileServer server(http::Endless("HTTP/1.1 200 OK\r\n", "X-Flood: 1\r\n", sent));
  auto outcome = HttpDeliveryTransport(server.url(), ADelivery(), std::chrono::seconds(10));
  EXPECT_FALSE(outcome.status);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_NE(outcome.error.find("more than 100 header lines (the cap on header count)"), std::string::npos)
      << outcome.error;
  EXPECT_LT(sent.load(), http::kBounded);
}

TEST(HostileReceiverTest, WebhooksSendStopsAtTheBodyCapAndSaysSo) {
  std::atomic<size_t> sent{0};
  http::HostileServer server(http::Endless("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", "z", sent));
  auto outcome = HttpDeliveryTransport(server.url(), ADelivery(), std::chrono::seconds(10));
  EXPECT_FALSE(outcome.status);
  EXPECT_NE(outcome.error.find("body exceeds 65536 bytes (the cap on body bytes)"), std::string::npos)
      << outcome.error;
  EXPECT_LT(sent.load(), http::kBounded);
}

TEST(HostileReceiverTest, ATricklingReceiverIsATimeoutAtTheDeadline) {
  std::atomic<bool> stop{false};
  http::HostileServer server([&stop](int fd) {
    ::send(fd, "HTTP/1.1 200 OK\r\n", 17, MSG_NOSIGNAL);
    for (int i = 0; i < 90 && !stop; ++i) {
      if (::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL) <= 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  auto outcome = HttpDeliveryTransport(server.url(), ADelivery(), std::chrono::milliseconds(1000));
  stop = true;
  EXPECT_FALSE(outcome.status);
  EXPECT_TRUE(outcome.timed_out) << outcome.error;
  EXPECT_EQ(outcome.error, "no complete answer within 1000 ms");
}

}  // namespace
}  // namespace revento::client::webhooks
