// The connection layer in front of cpp-httplib: bodiless POSTs are empty
// bodies, chunked bodies stop at the 1 MiB limit, heads are bounded in size,
// header count and time, and connections are capped. Each case sends raw
// bytes over loopback, since no HTTP client library sends these requests.
#include "emulator/http/connection.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "emulator/http/chunked_decoder.h"
#include "emulator/http/errors.h"
#include "emulator/http/server.h"
#include "tests/support/emulator_process.h"
#include "tests/support/raw_http.h"

namespace revento::testing {
namespace {

using emulator::http::ChunkedDecoder;
using nlohmann::json;

std::string Chunked(size_t total, size_t chunk) {
  std::string out;
  std::string data(chunk, 'x');
  char size_line[32];
  for (size_t sent = 0; sent < total; sent += chunk) {
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk);
    out += size_line + data + "\r\n";
  }
  return out + "0\r\n\r\n";
}

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_ = std::make_unique<InProcessEmulator>();
    auto health = sandbox_->Client()->Get("/_sandbox/health");
    ASSERT_TRUE(health && health->status == 200);
  }
  RawResponse Exchange(const std::string& request) {
    RawConnection conn(sandbox_->port());
    EXPECT_TRUE(conn.connected());
    conn.Send(request);
    return conn.ReadResponse();
  }
  void ExpectHealthy() {
    auto health = sandbox_->Client()->Get("/_sandbox/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
  std::unique_ptr<InProcessEmulator> sandbox_;
};

// RFC 9112 6.3: a request with neither Content-Length nor Transfer-Encoding
// has an empty body. `curl -X POST URL` sends exactly this.
TEST_F(ConnectionTest, PostWithoutLengthOrEncodingIsAnEmptyBody) {
  auto res = Exchange("POST /_sandbox/events/evt_abc123/publish HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(res.status, 200) << res.head << res.body;
  EXPECT_EQ(json::parse(res.body, nullptr, false)["event"]["status"], "published") << res.body;
}

// Every POST route answers a bodiless request exactly as it answers
// "Content-Length: 0" (the sandbox is reset between the two).
TEST_F(ConnectionTest, EveryPostRouteTreatsNoLengthLikeLengthZero) {
  const char* paths[] = {"/_sandbox/reset",
                         "/_sandbox/clock",
                         "/_sandbox/integrations",
                         "/_sandbox/events/evt_abc123/publish",
                         "/_sandbox/events/evt_abc123/update",
                         "/_sandbox/events/evt_abc123/cancel",
                         "/_sandbox/events/evt_abc123/applications",
                         "/_sandbox/events/evt_abc123/applications/app_001/approve",
                         "/_sandbox/events/evt_abc123/applications/app_001/reject",
                         "/_sandbox/events/evt_abc123/participants",
                         "/_sandbox/events/evt_abc123/participants/par_001/update",
                         "/_sandbox/events/evt_abc123/participants/par_001/cancel",
                         "/_sandbox/events/evt_abc123/participants/par_001/check-in",
                         "/_sandbox/webhooks/trigger",
                         "/_sandbox/deliveries/flush",
                         "/_sandbox/deliveries/dlv_nope/replay",
                         "/oauth/consent",
                         "/oauth/token",
                         "/oauth/revoke"};
  for (const char* path : paths) {
    SCOPED_TRACE(path);
    auto bodiless = Exchange(std::string("POST ") + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    ASSERT_EQ(Exchange("POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n").status, 200);
    auto empty = Exchange(std::string("POST ") + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    ASSERT_EQ(Exchange("POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n").status, 200);
    EXPECT_NE(bodiless.status, 0);
    EXPECT_EQ(bodiless.status, empty.status) << bodiless.body << " vs " << empty.body;
    EXPECT_EQ(bodiless.body.find("could not be read"), std::string::npos) << bodiless.body;
  }
}

TEST_F(ConnectionTest, ChunkedBodyOverTheLimitIs413WithTheAreaBody) {
  RawConnection sandbox(sandbox_->port());
  sandbox.Send(
      "POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      Chunked(2 << 20, 64 * 1024));
  auto res = sandbox.ReadResponse();
  EXPECT_EQ(res.status, 413) << res.head << res.body;
  EXPECT_EQ(json::parse(res.body, nullptr, false)["error"]["code"], "payload_too_large") << res.body;
  EXPECT_TRUE(res.Has("Connection: close")) << res.head;

  RawConnection oauth(sandbox_->port());
  oauth.Send(
      "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      Chunked(2 << 20, 64 * 1024));
  res = oauth.ReadResponse();
  EXPECT_EQ(res.status, 413) << res.head << res.body;
  EXPECT_EQ(json::parse(res.body, nullptr, false)["error"], "invalid_request") << res.body;
  ExpectHealthy();
}

TEST_F(ConnectionTest, ChunkedBodyWithinTheLimitIsDecoded) {
  std::string body = R"({"set": "2026-12-01T10:00:00Z"})";
  auto res = Exchange(
      "POST /_sandbox/clock HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n5\r\n" +
      body.substr(0, 5) + "\r\n" +
      [&] {
        char line[16];
        std::snprintf(line, sizeof line, "%zx;ext=1\r\n", body.size() - 5);
        return std::string(line);
      }() +
      body.substr(5) + "\r\n0\r\nX-Trailer: 1\r\n\r\n");
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json::parse(res.body, nullptr, false)["now"], "2026-12-01T10:00:00Z") << res.body;
}

TEST_F(ConnectionTest, MalformedChunkedBodyIs400) {
  auto res = Exchange("POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_NE(res.body.find("chunked request body is malformed"), std::string::npos) << res.body;
}

// The answer comes before any of the body is sent: nothing is read or kept.
TEST_F(ConnectionTest, ContentLengthOverTheLimitIsRefusedBeforeTheBody) {
  auto res = Exchange(
      "POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000000\r\n\r\n");
  EXPECT_EQ(res.status, 413) << res.head;
  EXPECT_NE(res.body.find("100000000 bytes"), std::string::npos) << res.body;
}

TEST_F(ConnectionTest, AmbiguousFramingIs400) {
  auto both = Exchange(
      "POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(both.status, 400) << both.body;
  auto gzip = Exchange("POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n");
  EXPECT_EQ(gzip.status, 400) << gzip.body;
  auto words = Exchange("POST /_sandbox/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: ten\r\n\r\n");
  EXPECT_EQ(words.status, 400) << words.body;
}

TEST_F(ConnectionTest, TooManyHeadersIs431) {
  std::string request = "GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\n";
  for (int i = 0; i < 200; ++i) request += "X-Filler-" + std::to_string(i) + ": 1\r\n";
  auto res = Exchange(request + "\r\n");
  EXPECT_EQ(res.status, 431) << res.head;
  EXPECT_EQ(json::parse(res.body, nullptr, false)["error"]["code"], "request_header_fields_too_large") << res.body;
  EXPECT_NE(res.body.find("at most 100"), std::string::npos) << res.body;
  ExpectHealthy();
}

TEST_F(ConnectionTest, HeadOverItsSizeLimitIs431WithoutReadingTheRest) {
  RawConnection conn(sandbox_->port());
  std::string request = "GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\n";
  for (int i = 0; i < 20; ++i) request += "X-Big-" + std::to_string(i) + ": " + std::string(4000, 'a') + "\r\n";
  conn.Send(request);  // 80 KB and no end of head
  auto res = conn.ReadResponse();
  EXPECT_EQ(res.status, 431) << res.head;
  EXPECT_NE(res.body.find("64 KiB"), std::string::npos) << res.body;
}

TEST_F(ConnectionTest, RefusalHeaderFromAClientIsIgnored) {
  auto res = Exchange("GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\nX-Revento-Refused: 413 no\r\n\r\n");
  EXPECT_EQ(res.status, 200) << res.body;
}

TEST_F(ConnectionTest, KeepAliveAndPipelinedRequestsStillWork) {
  RawConnection conn(sandbox_->port());
  conn.Send(
      "POST /_sandbox/clock HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 22\r\n\r\n{\"advance_seconds\": 0}GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
      "POST /_sandbox/deliveries/flush HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(conn.ReadResponse().status, 200);
  EXPECT_EQ(conn.ReadResponse().status, 200);
  EXPECT_EQ(conn.ReadResponse().status, 200);
}

TEST(ChunkedDecoderTest, KeepsNoMoreThanTheLimit) {
  ChunkedDecoder decoder(1000, 1024);
  std::string input = Chunked(10000, 100);
  size_t consumed = 0;
  EXPECT_EQ(decoder.Feed(input, &consumed), ChunkedDecoder::State::kTooLarge);
  EXPECT_LE(decoder.body().size(), 1000u);
  EXPECT_LT(consumed, 1200u);
}

TEST(ChunkedDecoderTest, DecodesAcrossArbitrarySplitsAndLeavesTheNextRequest) {
  std::string input = "4\r\nWiki\r\n5;a=b\r\npedia\r\n0\r\n\r\nGET /";
  for (size_t split = 0; split <= input.size(); ++split) {
    SCOPED_TRACE(split);
    ChunkedDecoder decoder(100, 100);
    size_t first = 0, second = 0;
    decoder.Feed(std::string_view(input).substr(0, split), &first);
    auto state = decoder.Feed(std::string_view(input).substr(first), &second);
    if (state == ChunkedDecoder::State::kNeedMore) {
      size_t third = 0;
      state = decoder.Feed(std::string_view(input).substr(first + second), &third);
      second += third;
    }
    EXPECT_EQ(state, ChunkedDecoder::State::kDone);
    EXPECT_EQ(decoder.body(), "Wikipedia");
    EXPECT_EQ(input.substr(first + second), "GET /");
  }
}

// A bare server with tight limits, to test deadlines and the connection cap.
class BareServerTest : public ::testing::Test {
 protected:
  void Start(emulator::http::ServerOptions options) {
    router_.Get("/ping", [](emulator::http::RequestContext& ctx) { ctx.res.set_content("pong", "text/plain"); });
    options.port = 0;
    server_ = std::make_unique<emulator::http::Server>(router_, ids_, log_, options);
    auto port = server_->Bind();
    ASSERT_TRUE(port);
    port_ = *port;
    thread_ = std::thread([this] { server_->Serve(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  emulator::RandomIdSource ids_;
  std::ostringstream log_text_;
  emulator::Log log_{log_text_, emulator::LogLevel::kWarn};
  emulator::http::Router router_;
  std::unique_ptr<emulator::http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// A head trickling in (one byte now and then) is cut at the head deadline,
// not held for as long as the client keeps sending.
TEST_F(BareServerTest, HeadMustArriveWithinItsDeadline) {
  emulator::http::ServerOptions options;
  options.head_timeout = std::chrono::milliseconds(300);
  Start(options);
  RawConnection conn(port_, 20);
  ASSERT_TRUE(conn.Send("GET /ping HTTP/1.1\r\nX-Slow: "));
  auto started = std::chrono::steady_clock::now();
  // Keep the connection busy: a byte every 100 ms resets any per-read timeout.
  bool closed = false;
  for (int i = 0; i < 100 && !closed; ++i) {
    if (!conn.Send("a")) closed = true;
    pollfd pfd{conn.fd(), POLLIN, 0};
    if (::poll(&pfd, 1, 100) > 0) closed = true;
  }
  auto res = conn.ReadResponse();
  EXPECT_TRUE(closed) << "still open after 10 s";
  EXPECT_EQ(res.status, 408) << res.head;
  std::printf("[ figure ] a trickled head was cut after %.0f ms (deadline 300 ms)\n",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
}

// Past the cap, an idle connection makes room: idle connections cannot lock
// a new client out.
TEST_F(BareServerTest, PastTheCapTheOldestIdleConnectionIsClosedForANewOne) {
  emulator::http::ServerOptions options;
  options.max_connections = 4;
  Start(options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(port_));
    held.back()->Send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(held.back()->ReadResponse().status, 200);  // served, now idle and counted
  }
  RawConnection fresh(port_);
  fresh.Send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(fresh.ReadResponse().status, 200);
  // One idle connection was closed to make room: normally the oldest, but a
  // server thread descheduled between its response and its next wait counts
  // as busy for that instant, so which one is not asserted.
  std::vector<size_t> closed;
  for (size_t i = 0; i < held.size(); ++i)
    if (held[i]->Readable(i == 0 ? 2000 : 200)) closed.push_back(i);
  ASSERT_EQ(closed.size(), 1u) << "exactly one idle connection makes room";
  EXPECT_TRUE(held[closed[0]]->ClosedByPeer());
  for (size_t i = 0; i < held.size(); ++i) {
    if (i == closed[0]) continue;
    held[i]->Send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(held[i]->ReadResponse().status, 200) << "the others stay open: " << i;
  }
}

// Only when every connection has a request in flight is a new one refused.
TEST_F(BareServerTest, WhenEveryConnectionIsBusyANewOneIs503) {
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  std::atomic<int> inside{0};
  router_.Get("/block", [&](emulator::http::RequestContext& ctx) {
    ++inside;
    std::unique_lock lock(mutex);
    released.wait(lock, [&] { return release; });
    ctx.res.set_content("done", "text/plain");
  });
  emulator::http::ServerOptions options;
  options.max_connections = 2;
  Start(options);
  RawConnection a(port_), b(port_);
  a.Send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
  b.Send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
  for (int spins = 0; spins < 10'000'000 && inside < 2; ++spins) std::this_thread::yield();
  ASSERT_EQ(inside, 2);
  RawConnection over(port_);
  over.Send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
  auto refused = over.ReadResponse();
  EXPECT_EQ(refused.status, 503) << refused.head;
  EXPECT_EQ(json::parse(refused.body, nullptr, false)["error"]["code"], "too_many_connections") << refused.body;
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  released.notify_all();
  EXPECT_EQ(a.ReadResponse().status, 200);
  EXPECT_EQ(b.ReadResponse().status, 200);
}

// Writes over a socket pair: what cpp-httplib writes for one response is
// sent once, on Flush(), a large write goes out as it comes, and a dropped
// connection sends nothing and ends.
class ConnectionWritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    connection_ = std::make_unique<emulator::http::Connection>(fds[0], -1, emulator::http::ConnectionLimits{});
    peer_ = fds[1];
  }
  void TearDown() override { ::close(peer_); }
  // What the peer can read now, without waiting.
  std::string Available() {
    std::string got;
    char buffer[65536];
    ssize_t n;
    while ((n = ::recv(peer_, buffer, sizeof buffer, MSG_DONTWAIT)) > 0) got.append(buffer, static_cast<size_t>(n));
    return got;
  }
  std::unique_ptr<emulator::http::Connection> connection_;
  int peer_ = -1;
};

TEST_F(ConnectionWritesTest, AResponseIsSentWholeOnFlush) {
  std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
  EXPECT_EQ(connection_->write(head.data(), head.size()), static_cast<ssize_t>(head.size()));
  EXPECT_EQ(connection_->write("{}", 2), 2);
  EXPECT_EQ(Available(), "");
  EXPECT_TRUE(connection_->Flush());
  EXPECT_EQ(Available(), head + "{}");
}

TEST_F(ConnectionWritesTest, ALargeWriteIsSentAsItComes) {
  std::string body(200 * 1024, 'x');
  std::thread reader([&] {
    std::string got;
    char buffer[65536];
    while (got.size() < body.size() + 4) {
      ssize_t n = ::recv(peer_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      got.append(buffer, static_cast<size_t>(n));
    }
    EXPECT_EQ(got, "head" + body);
  });
  EXPECT_EQ(connection_->write("head", 4), 4);
  EXPECT_EQ(connection_->write(body.data(), body.size()), static_cast<ssize_t>(body.size()));
  reader.join();
}

TEST_F(ConnectionWritesTest, WhatIsPendingIsSentBeforeTheConnectionCloses) {
  EXPECT_EQ(connection_->write("bye", 3), 3);
  connection_.reset();
  EXPECT_EQ(Available(), "bye");
}

TEST_F(ConnectionWritesTest, ADroppedConnectionSendsNothingAndEnds) {
  EXPECT_EQ(connection_->write("partial", 7), 7);
  connection_->Drop();
  EXPECT_EQ(connection_->write("more", 4), -1);
  char byte;
  EXPECT_EQ(::recv(peer_, &byte, 1, 0), 0);
}

}  // namespace
}  // namespace revento::testing
