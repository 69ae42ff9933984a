// Raw HTTP/1.1 over a loopback socket, for tests that send what no HTTP
// client library would: no Content-Length, chunked floods, thousands of
// headers, a head that never ends.
//
// RawConnection connects to 127.0.0.1:port; Send writes everything (false
// once the peer has closed); ReadResponse reads one response (head, then a
// Content-Length body) with a receive timeout, and returns status 0 when the
// connection closed or timed out first.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <string_view>

namespace revento::testing {

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;
  bool Has(std::string_view text) const { return head.find(text) != std::string::npos; }
};

class RawConnection {
 public:
  explicit RawConnection(int port, int receive_timeout_seconds = 10) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{receive_timeout_seconds, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // True when a response (or a close) is waiting to be read.
  bool Readable(int timeout_ms = 0) const {
    if (!pending_.empty()) return true;
    pollfd pfd{fd_, POLLIN, 0};
    return ::poll(&pfd, 1, timeout_ms) > 0;
  }

  // Sends `piece` again and again (up to `max_bytes` in all) until the
  // server answers or stops reading; returns the bytes sent.
  size_t SendUntilAnswered(std::string_view piece, size_t max_bytes) {
    size_t sent = 0;
    while (sent < max_bytes && !Readable()) {
      if (!Send(piece)) break;
      sent += piece.size();
    }
    return sent;
  }

  // True when the peer closed the connection (recv returned 0 or a reset)
  // before the receive timeout.
  bool ClosedByPeer() {
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }

  RawResponse ReadResponse() {
    RawResponse out;
    size_t head_end;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return out;
    }
    out.head = pending_.substr(0, head_end + 4);
    pending_.erase(0, head_end + 4);
    if (out.head.size() > 12) out.status = std::atoi(out.head.c_str() + 9);
    size_t length = 0;
    for (std::string_view name : {"Content-Length: ", "content-length: "}) {
      if (size_t at = out.head.find(name); at != std::string::npos)
        length = std::strtoul(out.head.c_str() + at + name.size(), nullptr, 10);
    }
    while (pending_.size() < length) {
      if (!Fill()) break;
    }
    out.body = pending_.substr(0, length);
    pending_.erase(0, std::min(length, pending_.size()));
    return out;
  }

 private:
  bool Fill() {
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

}  // namespace revento::testing
