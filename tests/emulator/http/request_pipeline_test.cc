// The request pipeline without a socket: request ids, carried refusals, the
// drain gate, hooks (answer, drop), a throwing handler, HTML headers.
#include "emulator/http/request_pipeline.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "emulator/http/carried_refusal.h"

namespace revento::emulator::http {
namespace {

using nlohmann::json;

class FixedIds final : public IdSource {
 public:
  std::string NewId(std::string_view prefix, size_t) override { return std::string(prefix) + "fixed"; }
};

class ScriptedHooks final : public RequestHooks {
 public:
  explicit ScriptedHooks(Outcome outcome) : outcome_(outcome) {}
  Ticket Before(RequestContext& ctx) override {
    if (outcome_ == Outcome::kAnswered) ctx.res.status = 418;
    return Ticket{outcome_, "flt_1", "status"};
  }
  void After(const RequestContext& ctx, const Ticket& ticket, std::chrono::nanoseconds) override {
    after_status = ctx.res.status;
    after_fault = ticket.fault_id;
  }
  int after_status = 0;
  std::string after_fault;

 private:
  Outcome outcome_;
};

class RequestPipelineTest : public ::testing::Test {
 protected:
  RequestPipelineTest() {
    router_.Get("/api/v1/ok", [this](RequestContext& ctx) {
      in_flight_seen_ = !gate_.AwaitIdle(std::chrono::milliseconds(0));
      ctx.res.status = 200;
      ctx.res.set_content("{}", "application/json");
    });
    router_.Get("/api/v1/throws", [](RequestContext& ctx) {
      ctx.res.set_header("Location", "/elsewhere");
      throw std::runtime_error("boom rev_install_secret");
    });
    router_.Get("/_sandbox/console", [](RequestContext& ctx) { ctx.res.set_content("<p>hi</p>", "text/html"); });
  }
  httplib::Response Handle(const std::string& path, RequestHooks* hooks = nullptr,
                           const std::optional<Refusal>& refusal = std::nullopt) {
    req_.method = "GET";
    req_.path = path;
    Carry(req_, refusal);
    httplib::Response res;
    RequestPipeline(PipelineParts{router_, ids_, log_, gate_, connections_, hooks, nullptr}).Handle(req_, res);
    return res;
  }
  Router router_;
  FixedIds ids_;
  std::ostringstream log_text_;
  Log log_{log_text_, LogLevel::kInfo};
  DrainGate gate_;
  ConnectionRegistry connections_{4};
  httplib::Request req_;
  bool in_flight_seen_ = false;
};

TEST(RequestIdTest, OnlyWellFormedIdsAreEchoed) {
  EXPECT_TRUE(IsWellFormedRequestId("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
  EXPECT_TRUE(IsWellFormedRequestId("req_abc.1:2"));
  EXPECT_FALSE(IsWellFormedRequestId(""));
  EXPECT_FALSE(IsWellFormedRequestId(std::string(129, 'a')));
  EXPECT_FALSE(IsWellFormedRequestId("a b"));
  EXPECT_FALSE(IsWellFormedRequestId("<script>"));
}

TEST_F(RequestPipelineTest, EchoesAWellFormedRequestIdAndMintsOtherwise) {
  req_.set_header("X-Revento-Request-Id", "client-42");
  EXPECT_EQ(Handle("/api/v1/ok").get_header_value("X-Revento-Request-Id"), "client-42");
  req_.headers.clear();
  req_.set_header("X-Revento-Request-Id", "<bad>");
  EXPECT_EQ(Handle("/api/v1/ok").get_header_value("X-Revento-Request-Id"), "req_fixed");
}

TEST_F(RequestPipelineTest, RoutesWithTheRequestInFlightAndLogsOneLine) {
  httplib::Response res = Handle("/api/v1/ok");
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(in_flight_seen_);
  EXPECT_TRUE(gate_.AwaitIdle(std::chrono::milliseconds(0)));
  EXPECT_NE(log_text_.str().find("GET /api/v1/ok 200 "), std::string::npos) << log_text_.str();
}

TEST_F(RequestPipelineTest, ACarriedRefusalIsAnsweredWithoutRouting) {
  httplib::Response res = Handle("/api/v1/ok", nullptr, Refusal{431, "Too many headers."});
  EXPECT_EQ(res.status, 431);
  EXPECT_FALSE(in_flight_seen_);
  json body = json::parse(res.body);
  EXPECT_EQ(body["error"]["code"], "request_header_fields_too_large");
  EXPECT_EQ(body["error"]["message"], "Too many headers.");
  EXPECT_NE(log_text_.str().find("431 refused by the connection layer req_fixed"), std::string::npos);
}

TEST_F(RequestPipelineTest, ADrainingServerAnswers503AndCloses) {
  gate_.StartDraining();
  httplib::Response res = Handle("/api/v1/ok");
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(res.get_header_value("Connection"), "close");
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "shutting_down");
  EXPECT_FALSE(in_flight_seen_);
}

TEST_F(RequestPipelineTest, AThrowingHandlerIsALogged500WithoutLocation) {
  httplib::Response res = Handle("/api/v1/throws");
  EXPECT_EQ(res.status, 500);
  EXPECT_FALSE(res.has_header("Location"));
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "internal_error");
  EXPECT_NE(log_text_.str().find("error: GET /api/v1/throws req_fixed: boom"), std::string::npos);
  EXPECT_EQ(log_text_.str().find("rev_install_secret"), std::string::npos) << "the log is redacted";
}

TEST_F(RequestPipelineTest, HtmlResponsesCarryTheSecurityHeaders) {
  httplib::Response res = Handle("/_sandbox/console");
  EXPECT_EQ(res.get_header_value("X-Frame-Options"), "DENY");
  EXPECT_FALSE(Handle("/api/v1/ok").has_header("X-Frame-Options"));
}

TEST_F(RequestPipelineTest, AHookMayAnswerInsteadOfTheRouter) {
  ScriptedHooks hooks(RequestHooks::Outcome::kAnswered);
  httplib::Response res = Handle("/api/v1/ok", &hooks);
  EXPECT_EQ(res.status, 418);
  EXPECT_FALSE(in_flight_seen_);
  EXPECT_EQ(hooks.after_status, 418);
  EXPECT_EQ(hooks.after_fault, "flt_1");
  EXPECT_FALSE(WasDropped(res));
}

// The drop reaches the connection bound to the request: its peer sees the
// end of the stream, and nothing the server writes afterwards is sent.
TEST_F(RequestPipelineTest, AHookMayDropTheRequestsConnection) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  Connection connection(fds[0], -1, ConnectionLimits{});
  auto admission = connections_.Admit(connection);
  ASSERT_TRUE(admission);
  admission->Serve(req_);
  ScriptedHooks hooks(RequestHooks::Outcome::kDropConnection);
  httplib::Response res = Handle("/api/v1/ok", &hooks);
  EXPECT_TRUE(WasDropped(res));
  EXPECT_TRUE(connection.dropped());
  EXPECT_EQ(connection.write("x", 1), -1);
  char byte;
  EXPECT_EQ(::recv(fds[1], &byte, 1, 0), 0);
  EXPECT_NE(log_text_.str().find("connection dropped by a fault req_fixed"), std::string::npos);
  ::close(fds[1]);
}

}  // namespace
}  // namespace revento::emulator::http
