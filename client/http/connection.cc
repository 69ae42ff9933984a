#include "client/http/connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <functional>

#include "client/http/transport.h"

namespace revento::client::http {

namespace {

constexpr size_t kReadBuffer = 16 * 1024;
constexpr size_t kMaxChunkSizeLine = 1024;

portable::unexpected<Error> Late(const std::string& during) {
  return Fail(kDeadlineExceeded, "no complete answer within the deadline (" + during + ")");
}

// poll() until `fd` is ready for `events`; false when the deadline passed first.
bool Ready(int fd, short events, Connection::Deadline deadline) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, INT_MAX)));
    if (n != 0 && !(n < 0 && errno == EINTR)) return true;
  }
}

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "the connection was closed";
  char text[256];
  ERR_error_string_n(e, text, sizeof text);
  return text;
}

bool SameLetters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view Strip(std::string_view s) {
  size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

portable::unexpected<Error> TooLarge(const std::string& what, size_t cap, const std::string& which) {
  return Fail(kResponseTooLarge, what + " " + std::to_string(cap) + " bytes (the cap on " + which + ")");
}

// Reads one response off a connection: the bytes from `pos_` on are unread.
class Reader {
 public:
  using Fill = std::function<Result<size_t>(std::string&)>;
  Reader(Fill fill, const ResponseLimits& limits) : fill_(std::move(fill)), limits_(limits) {}

  bool answered() const { return !buffer_.empty(); }

  // Status line and header lines up to the blank line.
  Status Head(Response& response, bool* http11) {
    size_t lines = 0;
    for (;;) {
      size_t end = buffer_.find('\n', pos_);
      if (end == std::string::npos) {
        if (buffer_.size() > limits_.max_header_bytes) return HeadTooLarge();
        if (auto st = More(); !st) return portable::unexpected(st.error());
        continue;
      }
      if (end + 1 > limits_.max_header_bytes) return HeadTooLarge();
      std::string_view line = Strip(std::string_view(buffer_).substr(pos_, end - pos_));
      pos_ = end + 1;
      if (line.empty()) {
        if (lines == 0) continue;
        return {};
      }
      if (++lines > limits_.max_header_lines + 1) {
        return Fail(kResponseTooLarge, "the answer has more than " + std::to_string(limits_.max_header_lines) +
                                           " header lines (the cap on header count)");
      }
      if (lines > 1) {
        size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
          response.headers.emplace_back(std::string(Strip(line.substr(0, colon))),
                                        std::string(Strip(line.substr(colon + 1))));
        }
        continue;
      }
      bool status_line = line.size() >= 12 && line.starts_with("HTTP/1.") && line[8] == ' ' &&
                         std::all_of(line.begin() + 9, line.begin() + 12, [](char c) { return std::isdigit(c); });
      if (!status_line) return Fail(kTransportFailed, "the answer is not HTTP/1.x (no status line)");
      *http11 = line[7] == '1';
      response.status = std::stoi(std::string(line.substr(9, 3)));
    }
  }

  // The body as the headers frame it; `framed` is false when it ran to the close.
  Status Body(Response& response, bool* framed) {
    *framed = true;
    if (SameLetters(response.Header("Transfer-Encoding"), "chunked")) return Chunked(response.body);
    std::string length = response.Header("Content-Length");
    if (length.empty()) {
      *framed = false;
      return UntilClose(response.body);
    }
    uint64_t n = 0;
    for (char c : length) {
      if (c < '0' || c > '9' || n > UINT64_MAX / 10 - 1) {
        return Fail(kTransportFailed, "the answer's Content-Length \"" + length.substr(0, 40) + "\" is not a number");
      }
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    if (n > limits_.max_body_bytes) return BodyTooLarge();
    return Take(static_cast<size_t>(n), response.body);
  }

 private:
  Status More() {
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    auto got = fill_(buffer_);
    if (!got) return portable::unexpected(got.error());
    if (*got == 0) return Fail(kTransportFailed, "the server closed the connection before a complete answer");
    return {};
  }

  Status Take(size_t n, std::string& out) {
    while (buffer_.size() - pos_ < n) {
      if (auto st = More(); !st) return st;
    }
    out.append(buffer_, pos_, n);
    pos_ += n;
    return {};
  }

  Status Line(std::string& out) {
    for (;;) {
      size_t end = buffer_.find('\n', pos_);
      if (end != std::string::npos && end - pos_ <= kMaxChunkSizeLine) {
        out = Strip(std::string_view(buffer_).substr(pos_, end - pos_));
        pos_ = end + 1;
        return {};
      }
      if (buffer_.size() - pos_ > kMaxChunkSizeLine) {
        return Fail(kTransportFailed, "the answer has a chunk-size or trailer line over 1 KiB");
      }
      if (auto st = More(); !st) return st;
    }
  }

  Status Chunked(std::string& body) {
    for (;;) {
      std::string line;
      if (auto st = Line(line); !st) return st;
      uint64_t size = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
      if (ec == std::errc::result_out_of_range) return BodyTooLarge();
      if (ec != std::errc() || (end != line.data() + line.size() && *end != ';' && *end != ' ')) {
        return Fail(kTransportFailed, "the answer has a malformed chunk size");
      }
      if (size == 0) break;
      if (size > limits_.max_body_bytes - body.size()) return BodyTooLarge();
      if (auto st = Take(static_cast<size_t>(size), body); !st) return st;
      if (auto st = Line(line); !st) return st;
    }
    // Trailers, up to the blank line, count against the header caps.
    size_t trailer_bytes = 0;
    for (size_t trailers = 0;; ++trailers) {
      std::string line;
      if (auto st = Line(line); !st) return st;
      if (line.empty()) return {};
      trailer_bytes += line.size();
      if (trailers >= limits_.max_header_lines || trailer_bytes > limits_.max_header_bytes) return HeadTooLarge();
    }
  }

  Status UntilClose(std::string& body) {
    for (;;) {
      if (buffer_.size() - pos_ > limits_.max_body_bytes - body.size()) return BodyTooLarge();
      body.append(buffer_, pos_);
      buffer_.clear();
      pos_ = 0;
      auto got = fill_(buffer_);
      if (!got) return portable::unexpected(got.error());
      if (*got == 0) return {};
    }
  }

  portable::unexpected<Error> HeadTooLarge() const {
    return TooLarge("the answer's status line and headers exceed", limits_.max_header_bytes, "header bytes");
  }
  portable::unexpected<Error> BodyTooLarge() const {
    return TooLarge("the answer's body exceeds", limits_.max_body_bytes, "body bytes");
  }

  Fill fill_;
  const ResponseLimits& limits_;
  std::string buffer_;
  size_t pos_ = 0;
};

}  // namespace

struct Connection::Tls {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
  }
};

bool Connection::PeerClosed() const {
  pollfd p{fd_, POLLIN | POLLRDHUP, 0};
  return poll(&p, 1, 0) != 0;
}

Connection::~Connection() {
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<Connection>> Connection::Open(const Url& url, Deadline deadline) {
  std::string host = url.host.starts_with('[') ? url.host.substr(1, url.host.size() - 2) : url.host;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(url.port).c_str(), &hints, &list); rc != 0) {
    return Fail(kTransportFailed, "cannot resolve " + host + " (" + gai_strerror(rc) + ")");
  }
  std::unique_ptr<Connection> c(new Connection());
  int error = ECONNREFUSED;
  for (addrinfo* a = list; a && c->fd_ < 0; a = a->ai_next) {
    int fd = ::socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    error = rc == 0 ? 0 : errno;
    if (rc != 0 && errno == EINPROGRESS) {
      if (!Ready(fd, POLLOUT, deadline)) {
        ::close(fd);
        ::freeaddrinfo(list);
        return Late("connecting");
      }
      socklen_t len = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    }
    if (error == 0) {
      c->fd_ = fd;
    } else {
      ::close(fd);
    }
  }
  ::freeaddrinfo(list);
  if (c->fd_ < 0) return Fail(kTransportFailed, std::string("cannot connect (") + std::strerror(error) + ")");
  if (url.scheme == "https") {
    if (auto st = c->StartTls(host, deadline); !st) return portable::unexpected(st.error());
  }
  return c;
}

Status Connection::StartTls(const std::string& host, Deadline deadline) {
  tls_ = std::make_unique<Tls>();
  tls_->ctx = SSL_CTX_new(TLS_client_method());
  if (!tls_->ctx) return Fail(kTransportFailed, "TLS: " + OpenSslError());
  SSL_CTX_set_default_verify_paths(tls_->ctx);
  SSL_CTX_set_verify(tls_->ctx, SSL_VERIFY_PEER, nullptr);
  tls_->ssl = SSL_new(tls_->ctx);
  SSL_set_fd(tls_->ssl, fd_);
  in6_addr address{};
  if (::inet_pton(AF_INET, host.c_str(), &address) == 1 || ::inet_pton(AF_INET6, host.c_str(), &address) == 1) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls_->ssl), host.c_str());
  } else {
    SSL_set_tlsext_host_name(tls_->ssl, host.c_str());
    SSL_set1_host(tls_->ssl, host.c_str());
  }
  for (;;) {
    int rc = SSL_connect(tls_->ssl);
    if (rc == 1) return {};
    int e = SSL_get_error(tls_->ssl, rc);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
      long verify = SSL_get_verify_result(tls_->ssl);
      return Fail(kTransportFailed, std::string("TLS handshake failed (") +
                                        (verify != X509_V_OK ? X509_verify_cert_error_string(verify) : OpenSslError()) +
                                        ")");
    }
    if (!Ready(fd_, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) return Late("the TLS handshake");
  }
}

Status Connection::WriteAll(std::string_view bytes, Deadline deadline) {
  while (!bytes.empty()) {
    ssize_t n;
    short wait = POLLOUT;
    if (tls_) {
      n = SSL_write(tls_->ssl, bytes.data(), static_cast<int>(std::min<size_t>(bytes.size(), INT_MAX)));
      int e = n > 0 ? SSL_ERROR_NONE : SSL_get_error(tls_->ssl, static_cast<int>(n));
      if (e != SSL_ERROR_NONE && e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        return Fail(kTransportFailed, "the connection was closed while sending the request");
      }
      if (e == SSL_ERROR_WANT_READ) wait = POLLIN;
    } else {
      n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        return Fail(kTransportFailed, "the connection was closed while sending the request");
      }
    }
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
    } else if (!Ready(fd_, wait, deadline)) {
      return Late("sending the request");
    }
  }
  return {};
}

Result<size_t> Connection::ReadSome(std::string& out, Deadline deadline) {
  char buffer[kReadBuffer];
  for (;;) {
    ssize_t n;
    short wait = POLLIN;
    if (tls_) {
      n = SSL_read(tls_->ssl, buffer, sizeof buffer);
      if (n <= 0) {
        int e = SSL_get_error(tls_->ssl, static_cast<int>(n));
        if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && errno == 0)) return 0;
        if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
          return Fail(kTransportFailed, "TLS: " + (e == SSL_ERROR_SYSCALL ? std::string(std::strerror(errno))
                                                                           : OpenSslError()));
        }
        if (e == SSL_ERROR_WANT_WRITE) wait = POLLOUT;
      }
    } else {
      n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n == 0) return 0;
      if (n < 0 && errno == ECONNRESET) return Fail(kTransportFailed, "the server reset the connection");
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        return Fail(kTransportFailed, std::string("reading the answer failed (") + std::strerror(errno) + ")");
      }
    }
    if (n > 0) {
      out.append(buffer, static_cast<size_t>(n));
      return static_cast<size_t>(n);
    }
    if (!Ready(fd_, wait, deadline)) return Late("reading the answer");
  }
}

Result<Response> Connection::RoundTrip(const std::string& request, const std::string& method,
                                       const ResponseLimits& limits, Deadline deadline, bool* reusable,
                                       bool* answered) {
  *reusable = false;
  *answered = false;
  if (auto st = WriteAll(request, deadline); !st) return portable::unexpected(st.error());
  Reader reader([this, deadline](std::string& out) { return ReadSome(out, deadline); }, limits);
  Response response;
  bool http11 = false;
  // Interim answers (100 Continue, 103 Early Hints) precede the final one.
  do {
    response = Response{};
    auto head = reader.Head(response, &http11);
    *answered = reader.answered();
    if (!head) return portable::unexpected(head.error());
  } while (response.status >= 100 && response.status < 200 && response.status != 101);
  bool framed = true;
  bool bodyless = method == "HEAD" || response.status == 204 || response.status == 304;
  if (!bodyless) {
    if (auto body = reader.Body(response, &framed); !body) return portable::unexpected(body.error());
  }
  *reusable = framed && http11 && !SameLetters(response.Header("Connection"), "close");
  return response;
}

}  // namespace revento::client::http
