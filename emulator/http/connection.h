// One accepted connection, read by the emulator before cpp-httplib sees it.
//
// cpp-httplib 0.11 reads a request head with no total deadline and no bound
// on the header count, buffers a chunked body of any size, refuses a POST
// without Content-Length, and polls every idle keep-alive connection 100
// times a second. Connection replaces its socket stream (it is the
// httplib::Stream that Server hands to cpp-httplib's request parser) and
// reads each request's head itself first:
//
// - It waits for the first byte of a request at most `idle_timeout` (the
//   keep-alive timeout), sleeping in poll() on the socket and the server's
//   wake descriptor, so an idle connection costs nothing until it speaks or
//   the server stops.
// - The whole head must arrive within `head_timeout` of its first byte and
//   hold at most `max_header_count` header lines and `max_head_bytes` bytes,
//   and its request line at most `max_request_line_bytes` (414, answered
//   for the line's method and path without the query, so that the error
//   body is the path's area's).
// - A chunked body is decoded here up to `max_body_bytes` (ChunkedDecoder);
//   a Content-Length over the limit is refused without reading the body.
// - The head cpp-httplib then reads carries one Content-Length: the decoded
//   size of a chunked body, or 0 for a POST, PUT, PATCH or DELETE that sent
//   neither Content-Length nor Transfer-Encoding (RFC 9112 section 6.3).
// - The body (and any one read or write) must arrive within `io_timeout` per
//   read and `body_timeout` in total.
//
// A request that breaks a rule comes back from ReadNext() as kRefused with
// the status and reason; the caller lets cpp-httplib answer it (so the
// error body is the area's) from a substitute head that has the same
// request line and no body, and then closes the connection.
//
// What cpp-httplib writes is gathered (up to 64 KiB; a larger write is sent
// as it comes) and sent with one send() when the response is complete
// (Flush(), which the server calls after each request) or before the
// connection waits to read (a 100 Continue): a small response is one TCP
// segment, not a head and a body in two, which halves the sends and the
// peer's wake-ups.
//
// A fault may drop the connection while its request is being answered:
// Drop() ends it at once with no response (the peer sees it close), and
// every later read or write of it fails quietly, so the response cpp-httplib
// still writes goes nowhere.
//
// Between requests a connection may be parked (http/reactor.h) and served
// by another thread next time: MarkIdle() marks it evictable while parked,
// and SetBeforeWaiting() installs a hook that runs once, before the first
// wait that cannot be satisfied at once (a slow peer, or BeforeWaiting()
// called for a fault's delay), so that the reactor keeps another thread for
// the other connections.
//
// Thread safety: one thread at a time uses a Connection (Drop() included);
// Evict() may be called from any thread, and the wake descriptor written
// from any thread.
#pragma once

#include "portable/httplib_compat.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace revento::emulator::http {

struct RequestHead;

struct ConnectionLimits {
  size_t max_header_count = 100;
  size_t max_head_bytes = 64 * 1024;
  // The request line with its CRLF: cpp-httplib's own limit (414), enforced
  // here so that the refusal carries the path's area error body.
  size_t max_request_line_bytes = 8 * 1024;
  size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds idle_timeout{5000};
  std::chrono::milliseconds head_timeout{10000};
  std::chrono::milliseconds io_timeout{5000};
  std::chrono::milliseconds body_timeout{30000};
};

class Connection final : public portable::HttplibStream {
 public:
  // `wake_fd` becomes readable when the server stops; a connection waiting
  // for data then gives up. Connection owns `sock` and closes it.
  Connection(socket_t sock, int wake_fd, ConnectionLimits limits);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  enum class Kind { kRequest, kRefused, kClosed };
  struct Next {
    Kind kind;
    int status = 0;  // kRefused: 400, 408, 413, 414 or 431
    std::string reason;
  };
  static Next Ready() { return {Kind::kRequest, 0, {}}; }
  static Next Closed() { return {Kind::kClosed, 0, {}}; }
  // Waits for and reads the head (and a chunked body) of the next request.
  Next ReadNext();

  // Writes a whole response that needs no request (the connection cap),
  // best effort.
  void WriteRaw(std::string_view bytes);
  // Sends what has been written and not yet sent. False when the socket
  // fails or does not drain within io_timeout (what was pending is lost).
  bool Flush();
  // Stops writing and discards what the client still sends (bounded in
  // bytes and time) so that it can read the answer before the socket closes
  // (the destructor closes it). Used after a refusal: the client may still
  // be sending a body.
  void Linger();

  // True while the connection waits for a request or reads its head: no
  // request of it is in flight, so it may be evicted to make room.
  bool idle() const { return idle_; }
  // Parked between requests: idle (evictable) until its next request is read.
  void MarkIdle() { idle_ = true; }
  // True when bytes of a next request are already read (a pipelined request).
  bool HasRequestBytes() const { return !in_.empty(); }
  // See above; an empty hook removes it.
  void SetBeforeWaiting(std::function<void()> hook) { before_waiting_ = std::move(hook); }
  // Runs the before-waiting hook, if any, once.
  void BeforeWaiting() const;
  // The socket was just reported readable (the reactor's epoll): the next
  // read tries the socket before polling it.
  void MarkReadable() { readable_ = true; }
  // False when the last read from the socket took less than it asked for,
  // so the socket had nothing more at that moment.
  bool MayHaveUnreadBytes() const { return !drained_; }
  // Whether the socket has bytes to read, or has ended, without waiting or
  // reading them; false (and drained) when it has nothing now.
  bool Readable();
  // Ends the connection from another thread: its waits return at once and
  // it closes. Safe until the destructor runs.
  void Evict();
  // Ends the connection with no response: see above.
  void Drop();
  bool dropped() const { return dropped_; }

  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 protected:
  bool HasBufferedInput() const override;
  bool WaitReadable() const override;
  bool WaitWritable() const override;

 private:
  using Clock = std::chrono::steady_clock;
  enum class Wait { kReady, kTimeout, kWoken, kClosed };
  // `wakeable`: give up when the server stops (only while no request is in
  // flight: a request being read or answered is finished).
  Wait WaitFor(short events, Clock::time_point deadline, bool wakeable) const;
  Wait Poll(short events, Clock::time_point deadline, bool wakeable) const;
  // Appends what the socket has to in_, waiting until `deadline`.
  Wait Fill(Clock::time_point deadline, bool wakeable);
  Next Refuse(std::string_view request_line, int status, std::string reason);
  // 414 when the request line (ending at `line_end` in in_, npos while it has
  // not ended) is over max_request_line_bytes.
  std::optional<Next> RefuseLongRequestLine(size_t line_end);
  Next ReadChunkedBody(RequestHead& head);
  // Sends all of `bytes`, waiting at most io_timeout for room each time.
  bool SendAll(std::string_view bytes);

  const socket_t sock_;
  int wake_fd_;
  std::atomic<bool> idle_{false};
  bool dropped_ = false;
  ConnectionLimits limits_;
  std::string out_;  // what cpp-httplib reads next: a (re)written head and body
  size_t out_at_ = 0;
  std::string in_;  // bytes read from the socket that belong to the current or next request
  std::string pending_;  // written, not yet sent
  Clock::time_point body_deadline_;
  mutable std::function<void()> before_waiting_;
  bool readable_ = false;
  bool drained_ = true;
};

}  // namespace revento::emulator::http
