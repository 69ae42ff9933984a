// --record-responses: refusals first (a file that cannot be opened, an empty
// path), then what one line holds (JSON bodies, the cap, other bodies, HEAD),
// then the running server: /_sandbox recorded, the connection layer's
// refusals recorded, a dropped connection not, lines whole under
// concurrent requests.
#include "emulator/http/response_recorder.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "emulator/options.h"
#include "tests/support/emulator_process.h"
#include "tests/support/raw_http.h"

namespace revento::testing {
namespace {

using emulator::http::kMaxRecordedBodyBytes;
using emulator::http::RecordedResponseLine;
using emulator::http::ResponseRecorder;
using nlohmann::json;

std::string TempFile() {
  std::string path = "/tmp/revento-recorder-XXXXXX";
  int fd = mkstemp(path.data());
  close(fd);
  return path;
}

std::vector<json> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

json Line(const std::string& method, int status, const std::string& content_type, const std::string& body) {
  httplib::Request req;
  req.method = method;
  req.path = "/api/v1/events/evt_abc123";
  httplib::Response res;
  res.status = status;
  if (!content_type.empty()) res.set_header("Content-Type", content_type);
  res.body = body;
  std::string text = RecordedResponseLine(req, res);
  EXPECT_TRUE(text.ends_with("\n"));
  EXPECT_EQ(text.find('\n'), text.size() - 1) << "one line";
  return json::parse(text);
}

TEST(ResponseRecorderTest, AFileThatCannotBeOpenedIsRefusedNamingTheFlag) {
  auto recorder = ResponseRecorder::Open("/nonexistent-dir/recorded.jsonl");
  ASSERT_FALSE(recorder);
  EXPECT_NE(recorder.error().message.find("--record-responses /nonexistent-dir/recorded.jsonl"), std::string::npos)
      << recorder.error().message;
}

TEST(ResponseRecorderTest, AnEmptyPathIsRefusedNamingTheFlag) {
  const char* argv[] = {"revento-emulator", "--record-responses", ""};
  auto parsed = emulator::ParseOptions(3, argv);
  ASSERT_TRUE(std::holds_alternative<emulator::Error>(parsed));
  EXPECT_NE(std::get<emulator::Error>(parsed).message.find("--record-responses"), std::string::npos)
      << std::get<emulator::Error>(parsed).message;
}

TEST(ResponseRecorderTest, OffByDefault) {
  const char* argv[] = {"revento-emulator"};
  auto parsed = emulator::ParseOptions(1, argv);
  ASSERT_TRUE(std::holds_alternative<emulator::Options>(parsed));
  EXPECT_EQ(std::get<emulator::Options>(parsed).record_responses_path, "");
}

TEST(ResponseRecorderTest, AJsonBodyIsRecordedAsText) {
  json line = Line("GET", 404, "application/json", R"({"error":{"code":"not_found"}})");
  EXPECT_EQ(line["method"], "GET");
  EXPECT_EQ(line["path"], "/api/v1/events/evt_abc123");
  EXPECT_EQ(line["status"], 404);
  EXPECT_EQ(line["content_type"], "application/json");
  EXPECT_EQ(line["headers"]["Content-Type"], "application/json");
  EXPECT_EQ(line["body"], R"({"error":{"code":"not_found"}})");
  EXPECT_FALSE(line.contains("truncated"));
}

TEST(ResponseRecorderTest, AJsonBodyOverTheCapIsMarkedTruncated) {
  std::string big = "\"" + std::string(kMaxRecordedBodyBytes, 'x') + "\"";
  json line = Line("GET", 200, "application/json", big);
  EXPECT_FALSE(line.contains("body"));
  EXPECT_EQ(line["truncated"], true);
  EXPECT_EQ(line["body_bytes"], big.size());
  json at_cap = Line("GET", 200, "application/json", std::string(kMaxRecordedBodyBytes, ' '));
  EXPECT_TRUE(at_cap.contains("body"));
}

TEST(ResponseRecorderTest, OtherBodiesAreDescribedBySizeOnly) {
  json html = Line("GET", 200, "text/html; charset=utf-8", "<p>hi</p>");
  EXPECT_FALSE(html.contains("body"));
  EXPECT_FALSE(html.contains("truncated"));
  EXPECT_EQ(html["body_bytes"], 9);
  json none = Line("POST", 302, "", "");
  EXPECT_EQ(none["content_type"], "");
  EXPECT_EQ(none["body_bytes"], 0);
}

TEST(ResponseRecorderTest, AHeadResponseHasNoBody) {
  json line = Line("HEAD", 200, "application/json", R"({"id":"evt_abc123"})");
  EXPECT_FALSE(line.contains("body"));
  EXPECT_EQ(line["body_bytes"], 0);
}

// Issue 20: a line was lost on SIGINT under load, because a request counted
// as done before httplib wrote (and recorded) its response, and the process
// exited in between. Shutdown now waits for every expected line.
TEST(ResponseRecorderTest, AnExpectedResponseIsAwaitedUntilRecordedOrForgotten) {
  std::string path = TempFile();
  auto recorder = ResponseRecorder::Open(path);
  ASSERT_TRUE(recorder);
  httplib::Request req;
  req.method = "GET";
  req.path = "/api/v1/events/evt_1";
  httplib::Response first, second;
  (*recorder)->Expect(first);
  (*recorder)->Expect(second);
  EXPECT_FALSE((*recorder)->AwaitExpected(std::chrono::milliseconds(0)));
  (*recorder)->Record(req, first);
  EXPECT_FALSE((*recorder)->AwaitExpected(std::chrono::milliseconds(0)));
  std::thread writer([&] { (*recorder)->Record(req, second); });
  EXPECT_TRUE((*recorder)->AwaitExpected(std::chrono::seconds(30)));
  writer.join();
  EXPECT_EQ(ReadLines(path).size(), 2u);
  httplib::Response dropped;
  (*recorder)->Expect(dropped);
  (*recorder)->Forget(dropped);
  EXPECT_TRUE((*recorder)->AwaitExpected(std::chrono::milliseconds(0)));
  EXPECT_EQ(ReadLines(path).size(), 2u);
  std::remove(path.c_str());
}

TEST(ResponseRecorderTest, TheServerRecordsEveryResponseItSends) {
  std::string path = TempFile();
  int refused = 0;
  {
    emulator::Options options;
    options.record_responses_path = path;
    InProcessEmulator sandbox(options);
    auto client = sandbox.Client();
    ASSERT_EQ(client->Get("/_sandbox/health")->status, 200);
    ASSERT_EQ(client->Get("/api/v1/events/evt_abc123")->status, 401);
    // Refused before routing (a header line over the parser's limit).
    RawConnection raw(sandbox.port());
    ASSERT_TRUE(raw.Send("GET /api/v1/events/evt_abc123 HTTP/1.1\r\nHost: localhost\r\nX-Big: " +
                         std::string(70 * 1024, 'a') + "\r\n\r\n"));
    refused = raw.ReadResponse().status;
    EXPECT_GE(refused, 400);
    // A connection dropped by a fault sends nothing, so nothing is recorded.
    ASSERT_EQ(client
                  ->Post("/_sandbox/faults",
                         R"({"match": {"path": "/api/v1/events/evt_abc123"}, "action": {"drop_connection": true},
                             "times": 1})",
                         "application/json")
                  ->status,
              201);
    EXPECT_FALSE(sandbox.Client()->Get("/api/v1/events/evt_abc123"));
  }
  std::vector<json> lines = ReadLines(path);
  unlink(path.c_str());
  // A line is written after its response has gone out, so a client may
  // read its answer and send the next request before the line is written:
  // the lines are whole but not necessarily in the order of the requests.
  ASSERT_EQ(lines.size(), 4u);
  auto find = [&lines](const std::string& path, int status) -> const json* {
    const json* found = nullptr;
    for (const auto& line : lines) {
      if (line["path"] == path && line["status"] == status) {
        EXPECT_EQ(found, nullptr) << "two lines for " << path << " " << status;
        found = &line;
      }
    }
    return found;
  };
  const json* health = find("/_sandbox/health", 200);
  ASSERT_NE(health, nullptr);
  EXPECT_TRUE(json::parse((*health)["body"].get<std::string>()).is_object());
  const json* unauthorized = find("/api/v1/events/evt_abc123", 401);
  ASSERT_NE(unauthorized, nullptr);
  EXPECT_TRUE((*unauthorized)["headers"].contains("X-Revento-Request-Id"));
  EXPECT_NE(find("/api/v1/events/evt_abc123", refused), nullptr);
  EXPECT_NE(find("/_sandbox/faults", 201), nullptr);
}

TEST(ResponseRecorderTest, LinesStayWholeUnderConcurrentRequests) {
  std::string path = TempFile();
  constexpr int kThreads = 8, kEach = 50;
  {
    emulator::Options options;
    options.record_responses_path = path;
    InProcessEmulator sandbox(options);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&sandbox] {
        auto client = sandbox.Client();
        for (int i = 0; i < kEach; ++i) client->Get("/_sandbox/state");
      });
    }
    for (auto& thread : threads) thread.join();
  }
  std::vector<json> lines = ReadLines(path);  // throws on a torn line
  unlink(path.c_str());
  ASSERT_EQ(lines.size(), size_t{kThreads * kEach});
  for (const auto& line : lines) {
    EXPECT_EQ(line["status"], 200);
    EXPECT_TRUE(line.contains("body") || line.contains("truncated"));
  }
}

}  // namespace
}  // namespace revento::testing
