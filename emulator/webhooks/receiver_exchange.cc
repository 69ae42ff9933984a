#include "emulator/webhooks/receiver_exchange.h"

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
#include <climits>
#include <cstring>
#include "portable/expected.h"
#include <memory>
#include <optional>

#include "emulator/http_url.h"

namespace revento::emulator::webhooks {

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr size_t kReadChunk = 4096;
constexpr size_t kMaxChunkLine = 1024;

struct Failed {
  ExchangeFailure failure;
  std::string detail;
};

int RemainingMs(SteadyClock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, INT_MAX));
}

// Waits until `fd` is ready for `events`; false once the deadline passed.
bool WaitFor(int fd, short events, SteadyClock::time_point deadline) {
  for (;;) {
    int left = RemainingMs(deadline);
    if (left == 0) return false;
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, left);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return true;  // the next call reports the error
  }
}

struct Endpoint {
  std::string host;  // without brackets
  std::string port;
  bool tls = false;
};

std::optional<Endpoint> EndpointOf(const std::string& origin) {
  Endpoint e;
  e.tls = origin.starts_with("https://");
  std::string authority = origin.substr(e.tls ? 8 : 7);
  if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  size_t colon = std::string::npos;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    e.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') colon = close + 1;
  } else {
    colon = authority.find(':');
    e.host = authority.substr(0, colon);
  }
  e.port = colon == std::string::npos ? (e.tls ? "443" : "80") : authority.substr(colon + 1);
  if (e.host.empty() || e.port.empty()) return std::nullopt;
  return e;
}

std::string TlsErrorText() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "the peer closed the connection";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// A connected socket, with TLS on top for https. Non-blocking: every wait is
// a poll bounded by the exchange's deadline.
class Connection {
 public:
  ~Connection() {
    if (ssl_) SSL_free(ssl_);
    if (ctx_) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }

  std::optional<Failed> Open(const Endpoint& to, const std::string& origin, SteadyClock::time_point deadline) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(to.host.c_str(), to.port.c_str(), &hints, &found); rc != 0) {
      return Failed{ExchangeFailure::kResolve, "could not resolve " + to.host + " (" + gai_strerror(rc) + ")"};
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
    int last_error = ECONNREFUSED;
    for (addrinfo* a = found; a; a = a->ai_next) {
      fd_ = ::socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd_ < 0) continue;
      int one = 1;
      // Without TCP_NODELAY a request's last segment can wait for the
      // receiver's delayed ACK (about 40 ms on Linux).
      ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      int rc = ::connect(fd_, a->ai_addr, a->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS) {
        if (!WaitFor(fd_, POLLOUT, deadline)) return Failed{ExchangeFailure::kTimeout, "connecting to " + origin};
        socklen_t len = sizeof last_error;
        ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &last_error, &len);
        rc = last_error == 0 ? 0 : -1;
      } else if (rc != 0) {
        last_error = errno;
      }
      if (rc == 0) return to.tls ? StartTls(to.host, origin, deadline) : std::nullopt;
      ::close(fd_);
      fd_ = -1;
    }
    return Failed{ExchangeFailure::kConnect, "could not connect to " + origin + " (" + std::strerror(last_error) +
                                                 "): is the receiver running?"};
  }

  std::optional<Failed> WriteAll(std::string_view bytes, SteadyClock::time_point deadline) {
    while (!bytes.empty()) {
      ssize_t n = 0;
      short wait = POLLOUT;
      if (ssl_) {
        n = SSL_write(ssl_, bytes.data(), static_cast<int>(std::min<size_t>(bytes.size(), INT_MAX)));
        if (n <= 0) {
          int e = SSL_get_error(ssl_, static_cast<int>(n));
          if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return WriteFailure();
          wait = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
        }
      } else {
        n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EINTR) return WriteFailure();
      }
      if (n > 0) {
        bytes.remove_prefix(static_cast<size_t>(n));
      } else if (!WaitFor(fd_, wait, deadline)) {
        return Failed{ExchangeFailure::kTimeout, "sending the request"};
      }
    }
    return std::nullopt;
  }

  // Appends up to kReadChunk bytes to `out`; 0 at the end of the stream.
  portable::expected<size_t, Failed> ReadSome(std::string& out, SteadyClock::time_point deadline) {
    char buffer[kReadChunk];
    for (;;) {
      ssize_t n = 0;
      short wait = POLLIN;
      if (ssl_) {
        n = SSL_read(ssl_, buffer, sizeof buffer);
        if (n <= 0) {
          int e = SSL_get_error(ssl_, static_cast<int>(n));
          if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && errno == 0)) return 0;
          if (e == SSL_ERROR_SYSCALL && errno == ECONNRESET) return portable::unexpected(Reset());
          if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
            return portable::unexpected(Failed{ExchangeFailure::kTls, "TLS error: " + TlsErrorText()});
          }
          wait = e == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN;
        }
      } else {
        n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n == 0) return 0;
        if (n < 0 && (errno == ECONNRESET || errno == EPIPE)) return portable::unexpected(Reset());
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
          return portable::unexpected(Failed{ExchangeFailure::kClosed, std::string("reading failed: ") + std::strerror(errno)});
        }
      }
      if (n > 0) {
        out.append(buffer, static_cast<size_t>(n));
        return static_cast<size_t>(n);
      }
      if (!WaitFor(fd_, wait, deadline)) return portable::unexpected(Failed{ExchangeFailure::kTimeout, "reading"});
    }
  }

 private:
  std::optional<Failed> StartTls(const std::string& host, const std::string& origin,
                                 SteadyClock::time_point deadline) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (!ctx_) return Failed{ExchangeFailure::kTls, "TLS setup failed: " + TlsErrorText()};
    SSL_CTX_set_default_verify_paths(ctx_);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    in6_addr ip{};
    bool literal = ::inet_pton(AF_INET, host.c_str(), &ip) == 1 || ::inet_pton(AF_INET6, host.c_str(), &ip) == 1;
    if (literal) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl_, host.c_str());
      SSL_set1_host(ssl_, host.c_str());
    }
    for (;;) {
      int rc = SSL_connect(ssl_);
      if (rc == 1) return std::nullopt;
      int e = SSL_get_error(ssl_, rc);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        long verify = SSL_get_verify_result(ssl_);
        std::string why = verify != X509_V_OK ? X509_verify_cert_error_string(verify) : TlsErrorText();
        return Failed{ExchangeFailure::kTls, "TLS handshake with " + origin + " failed (" + why + ")"};
      }
      if (!WaitFor(fd_, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        return Failed{ExchangeFailure::kTimeout, "the TLS handshake"};
      }
    }
  }

  static Failed Reset() {
    return {ExchangeFailure::kReset, "the receiver reset the connection (TCP RST) before a complete response"};
  }
  static Failed WriteFailure() {
    return {ExchangeFailure::kClosed, "the connection was closed while sending the request"};
  }

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The response as it arrives: bytes in `buffer_` from `at_` on are unread.
class ResponseReader {
 public:
  ResponseReader(Connection& connection, const ExchangeLimits& limits) : connection_(connection), limits_(limits) {}

  // Status line and headers, each cap checked as lines arrive.
  std::optional<Failed> ReadHead(ReceiverAnswer& answer) {
    size_t line_start = 0, lines = 0;
    for (;;) {
      size_t newline = buffer_.find('\n', line_start);
      if (newline == std::string::npos) {
        if (buffer_.size() > limits_.max_header_bytes) return HeaderBytes();
        auto more = Fill();
        if (!more) return more.error();
        if (*more == 0) return Failed{ExchangeFailure::kClosed, kClosedText};
        continue;
      }
      if (newline + 1 > limits_.max_header_bytes) return HeaderBytes();
      std::string_view line = Trim(std::string_view(buffer_).substr(line_start, newline - line_start));
      line_start = newline + 1;
      if (line.empty() && lines == 0) continue;  // a stray CRLF before the status line
      if (line.empty()) break;
      if (++lines > limits_.max_header_lines + 1) {
        return Failed{ExchangeFailure::kHeaderLines,
                      "the receiver's answer has more than " + std::to_string(limits_.max_header_lines) +
                          " header lines (the cap on header count); answer with a status line and a few headers"};
      }
      if (lines == 1) {
        if (auto bad = ParseStatusLine(line, answer)) return bad;
        continue;
      }
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      answer.headers.emplace_back(std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
    }
    at_ = line_start;
    return std::nullopt;
  }

  std::optional<Failed> ReadBody(ReceiverAnswer& answer) {
    if ((answer.status >= 100 && answer.status < 200) || answer.status == 204 || answer.status == 304) {
      return std::nullopt;
    }
    if (EqualsIgnoringCase(answer.Header("Transfer-Encoding"), "chunked")) return ReadChunked(answer);
    std::string length_text = answer.Header("Content-Length");
    if (length_text.empty()) return ReadUntilClose(answer);
    uint64_t length = 0;
    for (char c : length_text) {
      if (c < '0' || c > '9' || length > (UINT64_MAX - 9) / 10) {
        return Failed{ExchangeFailure::kMalformed, "the receiver's Content-Length \"" + length_text.substr(0, 40) +
                                                       "\" is not a number"};
      }
      length = length * 10 + static_cast<uint64_t>(c - '0');
    }
    size_t wanted = static_cast<size_t>(std::min<uint64_t>(length, limits_.max_body_bytes));
    if (auto st = Take(wanted, answer.body); st) return st;
    answer.body_cut = length > wanted;
    return std::nullopt;
  }

 private:
  static constexpr const char* kClosedText = "the receiver closed the connection before a complete response";

  portable::expected<size_t, Failed> Fill() { return connection_.ReadSome(buffer_, limits_.deadline); }

  Failed HeaderBytes() const {
    return {ExchangeFailure::kHeaderBytes, "the receiver's status line and headers exceed " +
                                               std::to_string(limits_.max_header_bytes) +
                                               " bytes (the cap on header bytes)"};
  }

  static std::optional<Failed> ParseStatusLine(std::string_view line, ReceiverAnswer& answer) {
    bool ok = line.size() >= 12 && line.starts_with("HTTP/1.") && line[8] == ' ' &&
              std::all_of(line.begin() + 9, line.begin() + 12, [](char c) { return c >= '0' && c <= '9'; });
    if (!ok) {
      return Failed{ExchangeFailure::kMalformed, "the receiver's answer does not start with an HTTP/1.x status line"};
    }
    answer.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    return std::nullopt;
  }

  // Moves the next `n` bytes of the stream to `out`; the end of the stream
  // before them is a failure.
  std::optional<Failed> Take(size_t n, std::string& out) {
    while (buffer_.size() - at_ < n) {
      Compact();
      auto more = Fill();
      if (!more) return more.error();
      if (*more == 0) return Failed{ExchangeFailure::kClosed, kClosedText};
    }
    out.append(buffer_, at_, n);
    at_ += n;
    return std::nullopt;
  }

  std::optional<Failed> ReadUntilClose(ReceiverAnswer& answer) {
    for (;;) {
      size_t room = limits_.max_body_bytes - answer.body.size();
      size_t have = std::min(room, buffer_.size() - at_);
      answer.body.append(buffer_, at_, have);
      at_ += have;
      if (answer.body.size() == limits_.max_body_bytes) {
        answer.body_cut = true;
        return std::nullopt;
      }
      Compact();
      auto more = Fill();
      if (!more) return more.error();
      if (*more == 0) return std::nullopt;
    }
  }

  std::optional<Failed> ReadChunked(ReceiverAnswer& answer) {
    for (;;) {
      std::string line;
      if (auto st = ReadChunkLine(line); st) return st;
      uint64_t size = 0;
      size_t digits = 0;
      for (char c : line) {
        int v = HexValue(c);
        if (v < 0 || size > (UINT64_MAX >> 4)) break;
        size = size * 16 + static_cast<uint64_t>(v);
        ++digits;
      }
      if (digits == 0) return Failed{ExchangeFailure::kMalformed, "the receiver sent a malformed chunk size"};
      if (size == 0) return std::nullopt;  // Connection: close: the trailers need not be read
      size_t room = limits_.max_body_bytes - answer.body.size();
      size_t take = static_cast<size_t>(std::min<uint64_t>(size, room));
      if (auto st = Take(take, answer.body); st) return st;
      if (take < size || answer.body.size() == limits_.max_body_bytes) {
        answer.body_cut = true;
        return std::nullopt;
      }
      std::string crlf;
      if (auto st = ReadChunkLine(crlf); st) return st;
    }
  }

  std::optional<Failed> ReadChunkLine(std::string& line) {
    for (;;) {
      size_t newline = buffer_.find('\n', at_);
      if (newline != std::string::npos && newline - at_ <= kMaxChunkLine) {
        line = Trim(std::string_view(buffer_).substr(at_, newline - at_));
        at_ = newline + 1;
        return std::nullopt;
      }
      if (buffer_.size() - at_ > kMaxChunkLine) {
        return Failed{ExchangeFailure::kMalformed, "the receiver sent a chunk-size line over 1 KiB"};
      }
      Compact();
      auto more = Fill();
      if (!more) return more.error();
      if (*more == 0) return Failed{ExchangeFailure::kClosed, kClosedText};
    }
  }

  void Compact() {
    buffer_.erase(0, at_);
    at_ = 0;
  }

  Connection& connection_;
  const ExchangeLimits& limits_;
  std::string buffer_;
  size_t at_ = 0;
};

ReceiverAnswer FailedAnswer(Failed failed) {
  ReceiverAnswer answer;
  answer.failure = failed.failure;
  answer.detail = std::move(failed.detail);
  return answer;
}

}  // namespace

std::string ReceiverAnswer::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoringCase(key, name)) return value;
  }
  return "";
}

ReceiverAnswer PostToReceiver(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& body, const ExchangeLimits& limits) {
  std::optional<HttpUrl> parsed = ParseHttpUrl(url);
  std::optional<Endpoint> endpoint = parsed ? EndpointOf(parsed->origin) : std::nullopt;
  if (!endpoint) {
    return FailedAnswer({ExchangeFailure::kBadUrl, "the webhook URL \"" + url.substr(0, 200) + "\" " +
                                                       std::string(kHttpUrlRule)});
  }
  Connection connection;
  if (auto failed = connection.Open(*endpoint, parsed->origin, limits.deadline)) return FailedAnswer(*failed);
  std::string request = "POST " + parsed->target + " HTTP/1.1\r\nHost: " + parsed->origin.substr(endpoint->tls ? 8 : 7) +
                        "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  request += body;
  if (auto failed = connection.WriteAll(request, limits.deadline)) return FailedAnswer(*failed);
  ReceiverAnswer answer;
  ResponseReader reader(connection, limits);
  if (auto failed = reader.ReadHead(answer)) return FailedAnswer(*failed);
  if (auto failed = reader.ReadBody(answer)) return FailedAnswer(*failed);
  return answer;
}

}  // namespace revento::emulator::webhooks
