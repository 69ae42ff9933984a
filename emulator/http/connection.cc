#include "emulator/http/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "emulator/http/chunked_decoder.h"
#include "emulator/http/request_head.h"

namespace revento::emulator::http {

namespace {

constexpr size_t kReadChunk = 16 * 1024;
// Writes gathered beyond this are sent at once.
constexpr size_t kMaxPendingWrite = 64 * 1024;
// After a refusal, what the client may still send is read and dropped up to
// these bounds, so that it sees the answer instead of a reset.
constexpr size_t kLingerBytes = 4 << 20;
constexpr std::chrono::milliseconds kLingerTime{1000};
// A request line cpp-httplib can parse, for a refusal whose own request line
// never arrived whole.
constexpr std::string_view kUnknownRequestLine = "GET / HTTP/1.1";

// "GET /oauth/authorize?x=... HTTP/1.1" -> "GET /oauth/authorize HTTP/1.1":
// a line cpp-httplib parses, for the refusal of one too long to parse.
std::string ShortRequestLine(std::string_view line) {
  size_t method_end = line.find(' ');
  if (method_end == std::string_view::npos || method_end > 16) return std::string(kUnknownRequestLine);
  std::string_view target = line.substr(method_end + 1);
  target = target.substr(0, std::min({target.find('?'), target.find(' '), size_t{1024}}));
  if (!target.starts_with('/')) return std::string(kUnknownRequestLine);
  return std::string(line.substr(0, method_end)) + " " + std::string(target) + " HTTP/1.1";
}

int MillisUntil(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 1 << 30));
}

void AddressOf(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

}  // namespace

Connection::Connection(socket_t sock, int wake_fd, ConnectionLimits limits)
    : sock_(sock), wake_fd_(wake_fd), limits_(limits) {}

Connection::~Connection() {
  if (!dropped_) Flush();
  ::shutdown(sock_, SHUT_RDWR);
  ::close(sock_);
}

void Connection::Evict() { ::shutdown(sock_, SHUT_RDWR); }

void Connection::Drop() {
  dropped_ = true;
  out_.clear();
  out_at_ = 0;
  in_.clear();
  pending_.clear();
  ::shutdown(sock_, SHUT_RDWR);
}

void Connection::BeforeWaiting() const {
  if (!before_waiting_) return;
  auto hook = std::move(before_waiting_);
  before_waiting_ = nullptr;
  hook();
}

Connection::Wait Connection::WaitFor(short events, Clock::time_point deadline, bool wakeable) const {
  if (before_waiting_) {
    Wait at_once = Poll(events, Clock::now(), wakeable);
    if (at_once != Wait::kTimeout) return at_once;
    BeforeWaiting();
  }
  return Poll(events, deadline, wakeable);
}

Connection::Wait Connection::Poll(short events, Clock::time_point deadline, bool wakeable) const {
  bool watch_wake = wakeable && wake_fd_ >= 0;
  for (;;) {
    pollfd fds[2] = {{sock_, events, 0}, {wake_fd_, POLLIN, 0}};
    int ready = ::poll(fds, watch_wake ? 2 : 1, MillisUntil(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Wait::kClosed;
    if (ready == 0) return Wait::kTimeout;
    if (watch_wake && (fds[1].revents & POLLIN)) return Wait::kWoken;
    if (fds[0].revents & events) return Wait::kReady;
    return Wait::kClosed;  // POLLERR, POLLHUP or POLLNVAL without data
  }
}

Connection::Wait Connection::Fill(Clock::time_point deadline, bool wakeable) {
  if (!Flush()) return Wait::kClosed;
  char buf[kReadChunk];
  ssize_t n = -1;
  if (std::exchange(readable_, false)) {
    do {
      n = ::recv(sock_, buf, sizeof buf, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
  }
  if (n < 0) {
    Wait wait = WaitFor(POLLIN, deadline, wakeable);
    if (wait != Wait::kReady) return wait;
    do {
      n = ::recv(sock_, buf, sizeof buf, 0);
    } while (n < 0 && errno == EINTR);
  }
  drained_ = n < static_cast<ssize_t>(sizeof buf);
  if (n <= 0) return Wait::kClosed;
  in_.append(buf, static_cast<size_t>(n));
  return Wait::kReady;
}

bool Connection::Readable() {
  char byte;
  ssize_t n;
  do {
    n = ::recv(sock_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  drained_ = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  return !drained_;
}

Connection::Next Connection::Refuse(std::string_view request_line, int status, std::string reason) {
  out_ = std::string(request_line.empty() ? kUnknownRequestLine : request_line) + "\r\nContent-Length: 0\r\n\r\n";
  out_at_ = 0;
  in_.clear();
  return {Kind::kRefused, status, std::move(reason)};
}

std::optional<Connection::Next> Connection::RefuseLongRequestLine(size_t line_end) {
  size_t line_bytes = line_end == std::string::npos ? in_.size() : line_end + 2;
  if (line_bytes <= limits_.max_request_line_bytes) return std::nullopt;
  return Refuse(ShortRequestLine(std::string_view(in_).substr(0, std::min(line_end, in_.size()))), 414,
                "The request line is longer than " + std::to_string(limits_.max_request_line_bytes / 1024) +
                    " KiB; shorten the path and query.");
}

Connection::Next Connection::ReadNext() {
  out_.clear();
  out_at_ = 0;
  idle_ = true;
  struct Busy {
    std::atomic<bool>& idle;
    ~Busy() { idle = false; }
  } busy{idle_};
  if (in_.empty() && Fill(Clock::now() + limits_.idle_timeout, true) != Wait::kReady) return Closed();
  auto head_deadline = Clock::now() + limits_.head_timeout;
  size_t head_end;
  while ((head_end = FindHeadEnd(in_)) == std::string::npos) {
    size_t first_line = in_.find("\r\n");
    std::string_view request_line =
        first_line == std::string::npos ? std::string_view{} : std::string_view(in_).substr(0, first_line);
    if (auto refused = RefuseLongRequestLine(first_line)) return *refused;
    if (in_.size() > limits_.max_head_bytes) {
      if (request_line.empty()) {
        return Refuse({}, 414,
                      "The request line is longer than " + std::to_string(limits_.max_head_bytes / 1024) +
                          " KiB; shorten the path and query.");
      }
      return Refuse(request_line, 431,
                    "The request head is larger than " + std::to_string(limits_.max_head_bytes / 1024) +
                        " KiB; send fewer or smaller headers.");
    }
    if (size_t lines = CountHeaderLines(in_); lines > limits_.max_header_count) {
      return Refuse(request_line, 431,
                    "The request has more than " + std::to_string(limits_.max_header_count) +
                        " header lines; the sandbox accepts at most " + std::to_string(limits_.max_header_count) + ".");
    }
    Wait wait = Fill(head_deadline, true);
    if (wait == Wait::kTimeout && !request_line.empty()) {
      return Refuse(request_line, 408,
                    "The request head did not arrive within " + std::to_string(limits_.head_timeout.count() / 1000) +
                        " s of its first byte.");
    }
    if (wait != Wait::kReady) return Closed();
  }

  if (auto refused = RefuseLongRequestLine(in_.find("\r\n"))) return *refused;
  auto parsed = ParseRequestHead(std::string_view(in_).substr(0, head_end), limits_.max_header_count);
  if (!parsed) {
    std::string_view request_line = std::string_view(in_).substr(0, in_.find("\r\n"));
    return Refuse(std::string(request_line), parsed.error().status, std::move(parsed.error().reason));
  }
  RequestHead& head = *parsed;
  body_deadline_ = Clock::now() + limits_.body_timeout;
  if (head.content_length && *head.content_length > limits_.max_body_bytes) {
    return Refuse(head.request_line, 413,
                  "The request body is " + std::to_string(*head.content_length) +
                      " bytes; the sandbox accepts at most " + std::to_string(limits_.max_body_bytes) +
                      " bytes (1 MiB).");
  }
  if (head.chunked) {
    in_.erase(0, head_end);
    return ReadChunkedBody(head);
  }
  if (!head.content_length && MethodTakesBody(head.method)) {
    // RFC 9112 section 6.3: no Content-Length and no Transfer-Encoding is an
    // empty body; cpp-httplib would refuse it, so say so explicitly.
    out_ = RewriteHead(head, 0, false);
    in_.erase(0, head_end);
    return Ready();
  }
  out_ = in_.substr(0, head_end);
  in_.erase(0, head_end);
  return Ready();
}

Connection::Next Connection::ReadChunkedBody(RequestHead& head) {
  if (head.expects_continue) WriteRaw("HTTP/1.1 100 Continue\r\n\r\n");
  ChunkedDecoder decoder(limits_.max_body_bytes, limits_.max_head_bytes);
  for (;;) {
    size_t consumed = 0;
    auto state = decoder.Feed(in_, &consumed);
    in_.erase(0, consumed);
    if (state == ChunkedDecoder::State::kDone) break;
    if (state == ChunkedDecoder::State::kTooLarge) {
      return Refuse(head.request_line, 413,
                    "The chunked request body is larger than the sandbox accepts (" +
                        std::to_string(limits_.max_body_bytes) + " bytes, 1 MiB).");
    }
    if (state == ChunkedDecoder::State::kMalformed) {
      return Refuse(head.request_line, 400,
                    "The chunked request body is malformed: each chunk is a hexadecimal size line, CRLF, the data "
                    "and CRLF, and a 0 size line ends the body.");
    }
    Wait wait = Fill(std::min(body_deadline_, Clock::now() + limits_.io_timeout), false);
    if (wait == Wait::kTimeout) {
      return Refuse(head.request_line, 408, "The chunked request body did not arrive in time.");
    }
    if (wait != Wait::kReady) return Closed();
  }
  std::string body = decoder.TakeBody();
  out_ = RewriteHead(head, body.size(), head.expects_continue) + body;
  return Ready();
}

void Connection::WriteRaw(std::string_view bytes) {
  if (write(bytes.data(), bytes.size()) > 0) Flush();
}

// Tries first without waiting (there is room but for a peer that does not
// read), then waits for room only when the socket has none.
bool Connection::SendAll(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n;
    do {
      n = ::send(sock_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (WaitFor(POLLOUT, Clock::now() + limits_.io_timeout, false) != Wait::kReady) return false;
      continue;
    }
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool Connection::Flush() {
  bool sent = SendAll(pending_);
  pending_.clear();
  return sent;
}

void Connection::Linger() {
  Flush();
  ::shutdown(sock_, SHUT_WR);
  auto deadline = Clock::now() + kLingerTime;
  size_t dropped = 0;
  char buf[kReadChunk];
  while (dropped < kLingerBytes && WaitFor(POLLIN, deadline, false) == Wait::kReady) {
    ssize_t n = ::recv(sock_, buf, sizeof buf, 0);
    if (n <= 0) break;
    dropped += static_cast<size_t>(n);
  }
}

bool Connection::HasBufferedInput() const { return out_at_ < out_.size() || !in_.empty(); }

bool Connection::WaitReadable() const {
  return WaitFor(POLLIN, Clock::now() + limits_.io_timeout, false) == Wait::kReady;
}

bool Connection::WaitWritable() const {
  return WaitFor(POLLOUT, Clock::now() + limits_.io_timeout, false) == Wait::kReady;
}

ssize_t Connection::read(char* ptr, size_t size) {
  if (dropped_) return -1;
  if (out_at_ < out_.size()) {
    size_t n = std::min(size, out_.size() - out_at_);
    std::copy_n(out_.data() + out_at_, n, ptr);
    out_at_ += n;
    return static_cast<ssize_t>(n);
  }
  if (!in_.empty()) {
    size_t n = std::min(size, in_.size());
    std::copy_n(in_.data(), n, ptr);
    in_.erase(0, n);
    return static_cast<ssize_t>(n);
  }
  if (!Flush()) return -1;
  if (WaitFor(POLLIN, std::min(body_deadline_, Clock::now() + limits_.io_timeout), false) != Wait::kReady) return -1;
  ssize_t n;
  do {
    n = ::recv(sock_, ptr, size, 0);
  } while (n < 0 && errno == EINTR);
  drained_ = n < static_cast<ssize_t>(size);
  return n;
}

ssize_t Connection::write(const char* ptr, size_t size) {
  if (dropped_) return -1;
  if (pending_.size() + size <= kMaxPendingWrite) {
    pending_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  if (!Flush() || !SendAll(std::string_view(ptr, size))) return -1;
  return static_cast<ssize_t>(size);
}

void Connection::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) AddressOf(addr, ip, port);
}

void Connection::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) AddressOf(addr, ip, port);
}

}  // namespace revento::emulator::http
