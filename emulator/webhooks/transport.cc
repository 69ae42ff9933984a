#include "emulator/webhooks/transport.h"

#include <httplib.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "emulator/http_url.h"

namespace revento::emulator::webhooks {

namespace {
constexpr size_t kExcerptBytes = 1024;
// Reading stops here; the attempt keeps its status and first KiB.
constexpr size_t kMaxResponseBytes = 4096;
std::string DescribeError(httplib::Error error, const std::string& origin, int64_t timeout_seconds) {
  switch (error) {
    case httplib::Error::Connection:
      return "could not connect to " + origin + " (connection refused or unreachable): is the receiver running?";
    case httplib::Error::ConnectionTimeout:
      return "timed out connecting to " + origin + " after " + std::to_string(timeout_seconds) + " s";
    case httplib::Error::Write:
      return "the connection was closed while sending the request";
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLServerVerification:
      return "TLS handshake with " + origin + " failed (" + httplib::to_string(error) + ")";
    default:
      return "request failed: " + httplib::to_string(error);
  }
}

}  // namespace

OutboundResponse HttpTransport::Post(const OutboundRequest& request) {
  OutboundResponse out;
  std::optional<HttpUrl> url = ParseHttpUrl(request.url);
  if (!url) {
    out.error = "the webhook URL \"" + request.url.substr(0, 200) + "\" " + std::string(kHttpUrlRule);
    return out;
  }
  const std::string& origin = url->origin;
  httplib::Client client(origin);
  if (!client.is_valid()) {
    out.error = "the webhook URL's scheme is not supported";
    return out;
  }
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(request.timeout);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(request.timeout - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  client.set_write_timeout(seconds.count(), micros.count());
  client.set_follow_location(false);
  client.set_keep_alive(false);
  // Headers and body go out in separate writes; without TCP_NODELAY the
  // body waits for the receiver's delayed ACK (about 40 ms on Linux).
  client.set_tcp_nodelay(true);
  httplib::Request req;
  req.method = "POST";
  req.path = url->target;
  std::string content_type = "application/json";
  for (const auto& [name, value] : request.headers) {
    if (name == "Content-Type") {
      content_type = value;
    } else {
      req.headers.emplace(name, value);
    }
  }
  req.headers.emplace("Content-Type", content_type);
  req.headers.emplace("User-Agent", "Revento-Webhooks/1.0 (revento-sandbox)");
  req.body = request.body;
  // Only the start of a response is kept; past kMaxResponseBytes the rest
  // is not read at all (an endless body once grew the process to 1 GB).
  std::string excerpt;
  size_t received = 0;
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (excerpt.size() < kExcerptBytes) excerpt.append(data, std::min(n, kExcerptBytes - excerpt.size()));
    received += n;
    return received < kMaxResponseBytes;
  };

  // httplib's timeouts bound each wait, not the attempt: a receiver that
  // trickles a byte now and then could hold a sender forever. A watchdog
  // shuts the socket down at the deadline (and keeps doing so, in case the
  // socket did not exist yet).
  auto started = std::chrono::steady_clock::now();
  auto deadline = started + request.timeout;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  bool expired = false;
  std::thread watchdog([&] {
    std::unique_lock lock(mutex);
    if (finished.wait_until(lock, deadline, [&] { return done; })) return;
    expired = true;
    while (!done) {
      client.stop();
      finished.wait_for(lock, std::chrono::milliseconds(20), [&] { return done; });
    }
  });
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  bool sent = client.send(req, res, error);
  int saved_errno = errno;
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  finished.notify_all();
  watchdog.join();

  if (expired || std::chrono::steady_clock::now() - started >= request.timeout) {
    out.error = "timed out: no complete response within the per-attempt timeout of " + std::to_string(seconds.count()) +
                " s (connecting, sending and the whole response; answer 2xx fast "
                "and do slow work later)";
    return out;
  }
  bool capped = !sent && error == httplib::Error::Canceled && res.status > 0;
  if (!sent && !capped) {
    // After a reset, recv fails with ECONNRESET and httplib's shutdown()
    // of the dead socket then leaves ENOTCONN; a clean close leaves neither.
    bool reset = saved_errno == ECONNRESET || saved_errno == ENOTCONN || saved_errno == EPIPE;
    out.error = (error == httplib::Error::Read || error == httplib::Error::Write) && reset
                    ? "the receiver reset the connection (TCP RST) before a complete response"
                : error == httplib::Error::Read ? "the receiver closed the connection before a complete response"
                                                : DescribeError(error, origin, seconds.count());
    return out;
  }
  out.status = res.status;
  out.body = std::move(excerpt);
  out.retry_after = res.get_header_value("Retry-After");
  return out;
}

}  // namespace revento::emulator::webhooks
