// GoogleMock at the client's two seams: the HTTP transport and the clock.
#pragma once

#include <gmock/gmock.h>

#include <chrono>
#include <string>

#include "client/clock.h"
#include "client/http/transport.h"

namespace revento::client::testing {

class MockTransport : public http::Transport {
 public:
  MOCK_METHOD(Result<http::Response>, Send, (const http::Request& request), (override));
};

class MockClock : public Clock {
 public:
  MOCK_METHOD(TimePoint, Now, (), (override));
  MOCK_METHOD(void, SleepFor, (std::chrono::milliseconds duration), (override));
};

inline TimePoint AtUnix(int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

inline http::Response Answer(int status, std::string body, http::Headers headers = {}) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

inline std::string HeaderOf(const http::Request& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "";
}

// A token endpoint 200 with the quickstart's fields.
inline std::string TokenJson(const std::string& access, const std::string& refresh,
                             const std::string& scope = "event.read participants.read") {
  return R"({"access_token":")" + access + R"(","refresh_token":")" + refresh +
         R"(","token_type":"Bearer","expires_in":3600,"scope":")" + scope +
         R"(","event_id":"evt_abc123","organization_id":"org_xyz789"})";
}

}  // namespace revento::client::testing
