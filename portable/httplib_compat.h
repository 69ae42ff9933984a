// Everything in the project that depends on which cpp-httplib it builds
// with, in one place (emulator and client alike). The emulator's HTTP server
// replaces three pieces of cpp-httplib (the socket stream, the
// per-connection loop and the thread pool), and the client sets up
// httplib::Client; their signatures changed over the releases the project
// supports (CMake checks the range: 0.11 to 0.53):
//
// - httplib::Stream: up to 0.19, is_readable() waits for input and
//   is_writable() for room to write; from 0.20, is_readable() only tells
//   whether input is buffered, wait_readable() and wait_writable() wait.
//   From 0.19 a stream also reports its age, duration() (milliseconds).
// - httplib::TaskQueue::enqueue returns void up to 0.14 and, from 0.15,
//   bool (false: the task was refused).
// - Server::process_request takes the stream's two addresses from 0.18 on.
// - Request::get_header_value(key, index) became (key, default, index) in
//   0.17.
// - Client::set_url_encode became set_path_encode in 0.23 (the old name is
//   gone from 0.43).
//
// HttplibStream and HttplibServer present one interface to the emulator
// whatever the version; TaskQueueResult is enqueue's return type;
// HeaderValue reads the index-th value of a repeated header;
// SetPathEncode turns the client's path encoding on or off. Nothing
// else in the project names a cpp-httplib version.
//
// Thread safety: as the classes they adapt.
#pragma once

#include <httplib.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

namespace revento::portable {

// CPPHTTPLIB_VERSION ("0.11.4") as 1104: major * 10000 + minor * 100 + patch.
constexpr int ParseHttplibVersion(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int at = 0;
  for (char c : text) {
    if (c == '.') {
      if (++at == 3) break;
    } else if (c >= '0' && c <= '9') {
      parts[at] = parts[at] * 10 + (c - '0');
    }
  }
  return parts[0] * 10000 + parts[1] * 100 + parts[2];
}
inline constexpr int kHttplibVersion = ParseHttplibVersion(CPPHTTPLIB_VERSION);
static_assert(kHttplibVersion >= 1100, "revento-sandbox needs cpp-httplib 0.11 or newer");

// What TaskQueue::enqueue returns; an implementation ends with
// `return TaskQueueAccepted();`.
using TaskQueueResult = std::conditional_t<(kHttplibVersion >= 1500), bool, void>;
constexpr TaskQueueResult TaskQueueAccepted() { return static_cast<TaskQueueResult>(true); }

// The `index`-th (from 0) value of the request header `name`; "" past the
// last (get_header_value_count tells how many there are).
template <class Request = httplib::Request>
std::string HeaderValue(const Request& req, const std::string& name, size_t index) {
  if constexpr (kHttplibVersion >= 1700) {
    return req.get_header_value(name, "", index);
  } else {
    return req.get_header_value(name, index);
  }
}

// Whether httplib::Client percent-encodes the paths it sends.
template <class Client = httplib::Client>
void SetPathEncode(Client& client, bool on) {
  if constexpr (kHttplibVersion >= 2300) {
    client.set_path_encode(on);
  } else {
    client.set_url_encode(on);
  }
}

// A socket stream the emulator implements with four version-neutral
// functions. The httplib::Stream members below carry no `override`: each
// version declares a different subset of them, and those it does not
// declare are plain members nobody calls.
class HttplibStream : public httplib::Stream {
 public:
  bool is_readable() const {
    if constexpr (kHttplibVersion >= 2000) {
      return HasBufferedInput();
    } else {
      return HasBufferedInput() || WaitReadable();
    }
  }
  bool wait_readable() const { return HasBufferedInput() || WaitReadable(); }
  bool is_writable() const { return WaitWritable(); }
  bool wait_writable() const { return WaitWritable(); }
  time_t duration() const {
    return static_cast<time_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - opened_).count());
  }

 protected:
  // Input already read and not yet consumed: read() answers without waiting.
  virtual bool HasBufferedInput() const = 0;
  // Waits (bounded by the stream's own timeout) until the socket can be
  // read, or written.
  virtual bool WaitReadable() const = 0;
  virtual bool WaitWritable() const = 0;

 private:
  std::chrono::steady_clock::time_point opened_ = std::chrono::steady_clock::now();
};

// httplib::Server with its protected per-request entry point under one
// signature.
class HttplibServer : public httplib::Server {
 protected:
  using RequestSetup = std::function<void(httplib::Request&)>;

  // Reads one request from `stream`, routes it and writes the response.
  // False when the connection must end.
  // A template so that only the call matching this version is compiled.
  template <class Self = HttplibServer>
  bool ProcessRequest(httplib::Stream& stream, bool close_connection, bool& connection_closed,
                      const RequestSetup& setup) {
    Self& self = static_cast<Self&>(*this);
    if constexpr (kHttplibVersion >= 1800) {
      std::string remote_addr, local_addr;
      int remote_port = 0, local_port = 0;
      stream.get_remote_ip_and_port(remote_addr, remote_port);
      stream.get_local_ip_and_port(local_addr, local_port);
      return self.process_request(stream, remote_addr, remote_port, local_addr, local_port, close_connection,
                                  connection_closed, setup);
    } else {
      return self.process_request(stream, close_connection, connection_closed, setup);
    }
  }
};

}  // namespace revento::portable
