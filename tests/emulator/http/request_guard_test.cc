// The request guard's two rules (emulator/http/request_guard.h), refusals
// first: a Host that is not an allowed name, and a state-changing /_sandbox
// request from another origin or marked cross-site.
#include "emulator/http/request_guard.h"

#include <gtest/gtest.h>

namespace revento::emulator::http {
namespace {

httplib::Request Req(std::string method, std::string path, std::vector<std::pair<std::string, std::string>> headers) {
  httplib::Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  for (auto& [name, value] : headers) req.set_header(name, value);
  return req;
}

std::string RuleOf(const GuardPolicy& policy, const httplib::Request& req) {
  auto refusal = CheckRequest(policy, req);
  return refusal ? refusal->rule : "";
}

TEST(RequestGuardTest, AHostThatIsNotAnAllowedNameIsRefusedOnEveryPath) {
  GuardPolicy policy;
  for (const char* host : {"rebind.evil.example", "rebind.evil.example:8787", "localhost.evil.example",
                           "evil-localhost", "127.0.0.1.nip.io:8787"}) {
    for (const char* path : {"/_sandbox/state", "/api/v1/events/evt_1", "/oauth/token", "/"}) {
      auto refusal = CheckRequest(policy, Req("GET", path, {{"Host", host}}));
      ASSERT_TRUE(refusal) << host << " " << path;
      EXPECT_EQ(refusal->rule, "host_not_allowed");
      EXPECT_NE(refusal->message.find("--allowed-host"), std::string::npos) << refusal->message;
    }
  }
}

TEST(RequestGuardTest, LocalNamesAddressesThePublicUrlHostAndAllowedHostsPass) {
  GuardPolicy policy{{"Sandbox.Internal"}, "https://sandbox.example.test:9443"};
  for (const char* host : {"localhost", "LOCALHOST:8787", "app.localhost:8787", "127.0.0.1:8787", "10.1.2.3",
                           "[::1]:8787", "[fe80::1]", "sandbox.example.test", "sandbox.internal:8787"}) {
    EXPECT_EQ(RuleOf(policy, Req("GET", "/_sandbox/state", {{"Host", host}})), "") << host;
  }
  EXPECT_EQ(RuleOf(policy, Req("GET", "/_sandbox/state", {})), "") << "no Host: not a browser";
  EXPECT_EQ(RuleOf(GuardPolicy{}, Req("GET", "/", {{"Host", "sandbox.internal"}})), "host_not_allowed");
}

TEST(RequestGuardTest, AStateChangingSandboxRequestFromAnotherOriginIsRefused) {
  GuardPolicy policy{{}, "http://localhost:8787"};
  struct Case {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string rule;
  };
  std::vector<Case> cases = {
      {{{"Host", "localhost:8787"}, {"Origin", "https://evil.example"}}, "cross_origin_refused"},
      {{{"Host", "localhost:8787"}, {"Origin", "null"}}, "cross_origin_refused"},
      {{{"Host", "localhost:8787"}, {"Origin", "http://localhost:3000"}}, "cross_origin_refused"},
      {{{"Host", "127.0.0.1:8787"}, {"Origin", "http://localhost:8788"}}, "cross_origin_refused"},
      {{{"Host", "localhost:8787"}, {"Sec-Fetch-Site", "cross-site"}}, "cross_origin_refused"},
      {{{"Host", "localhost:8787"}, {"Origin", "http://localhost:8787"}, {"Sec-Fetch-Site", "cross-site"}},
       "cross_origin_refused"},
      {{{"Host", "localhost:8787"}}, ""},
      {{{"Host", "127.0.0.1:8787"}, {"Origin", "http://127.0.0.1:8787"}, {"Sec-Fetch-Site", "same-origin"}}, ""},
      {{{"Host", "127.0.0.1:8787"}, {"Origin", "http://localhost:8787"}}, ""},  // the --public-url origin
      {{{"Host", "localhost:8787"}, {"Sec-Fetch-Site", "none"}}, ""},
  };
  for (const auto& c : cases) {
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
      EXPECT_EQ(RuleOf(policy, Req(method, "/_sandbox/reset", c.headers)), c.rule)
          << method << " " << (c.headers.size() > 1 ? c.headers[1].second : "");
    }
    // Reading, and every route outside /_sandbox, are not state changes of
    // the sandbox: CORS keeps a page from reading the answers.
    EXPECT_EQ(RuleOf(policy, Req("GET", "/_sandbox/clock", c.headers)), "");
    EXPECT_EQ(RuleOf(policy, Req("POST", "/oauth/token", c.headers)), "");
  }
}

}  // namespace
}  // namespace revento::emulator::http
