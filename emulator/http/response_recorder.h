// --record-responses FILE: every response the server sends, one JSON line
// each, for tests that check the server against docs/openapi.yaml (a testing
// aid, like WireMock's recording; docs/emulator.md "Recording responses").
//
// Each line is an object: "method", "path" (without the query), "status",
// "content_type" (the Content-Type header, "" when absent), "headers" (name
// to value; the last value of a repeated header) and, for a JSON body
// (application/json or a +json type) of at most kMaxRecordedBodyBytes,
// "body" (the body text). Any other body is described by "body_bytes" only;
// a JSON body over the cap also gets "truncated": true. Bodies and headers
// are written as sent, credentials included: the file exists only when the
// user asks for it, and it is a test artefact like the response itself.
//
// Errors: Open() fails, naming the flag and the file, when the file cannot
// be opened for appending. A failed write afterwards is ignored (a full disk
// must not take the sandbox down); the line is lost.
//
// Thread safety: Record() may be called from every server worker at once;
// each line is written whole with one write() on an O_APPEND descriptor, so
// several processes may share one file.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "emulator/status.h"

namespace revento::emulator::http {

inline constexpr size_t kMaxRecordedBodyBytes = 64 * 1024;

class ResponseRecorder {
 public:
  static Result<std::unique_ptr<ResponseRecorder>> Open(const std::string& path);
  ~ResponseRecorder();
  ResponseRecorder(const ResponseRecorder&) = delete;
  ResponseRecorder& operator=(const ResponseRecorder&) = delete;

  void Record(const httplib::Request& req, const httplib::Response& res);

  // Shutdown without a lost line: the server calls Expect(res) for each
  // routed request before it counts the request done, and Record(res) (or
  // Forget(res), for a response never sent) settles it once written.
  // AwaitExpected() returns when every expected response is settled (true),
  // or false after `timeout` (a response whose write failed is never
  // recorded).
  void Expect(const httplib::Response& res);
  void Forget(const httplib::Response& res);
  bool AwaitExpected(std::chrono::milliseconds timeout);

 private:
  explicit ResponseRecorder(int fd) : fd_(fd) {}
  void Settle(const httplib::Response& res);

  std::mutex write_mutex_;
  int fd_;
  std::mutex pending_mutex_;
  std::condition_variable settled_;
  std::unordered_multiset<const httplib::Response*> pending_;
};

// The line Record() writes for `req` and `res`, newline included.
std::string RecordedResponseLine(const httplib::Request& req, const httplib::Response& res);

}  // namespace revento::emulator::http
