// The socket transport (MakeHttpTransport) against a real cpp-httplib server on loopback.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "client/http/transport.h"

namespace revento::client::http {
namespace {

class LoopbackServer {
 public:
  LoopbackServer() {
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Seen-Method", req.method);
      res.set_header("X-Seen-Header", req.get_header_value("X-Custom"));
      res.set_header("X-Seen-Params", req.get_param_value("a") + "|" + req.get_param_value("b"));
      res.status = 201;
      res.set_content(req.body, "text/plain");
    });
    server_.Get("/redirect", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "/elsewhere");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& target) const { return "http://127.0.0.1:" + std::to_string(port_) + target; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST(HttpTransportTest, AMalformedUrlIsAnErrorBeforeAnyConnection) {
  auto response = MakeHttpTransport()->Send(Request{"GET", "localhost:8787/x"});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, kInvalidArgument);
}

TEST(HttpTransportTest, ARedirectIsAnAnswerNotFollowed) {
  LoopbackServer server;
  auto response = MakeHttpTransport()->Send(Request{"GET", server.url("/redirect")});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(response->Header("location"), "/elsewhere");
}

TEST(HttpTransportTest, SendsMethodHeadersBodyAndTheQueryAsEncoded) {
  LoopbackServer server;
  auto transport = MakeHttpTransport();
  for (int i = 0; i < 3; ++i) {  // the pooled connection is reused
    Request request{"POST", server.url("/echo?a=%2F&b=c+d"), {{"X-Custom", "v" + std::to_string(i)}}, "body bytes"};
    auto response = transport->Send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 201);
    EXPECT_EQ(response->body, "body bytes");
    EXPECT_EQ(response->Header("X-Seen-Method"), "POST");
    EXPECT_EQ(response->Header("X-Seen-Header"), "v" + std::to_string(i));
    EXPECT_EQ(response->Header("X-Seen-Params"), "/|c d");
  }
}

TEST(ResponseTest, HeaderLookupIgnoresCase) {
  Response r;
  r.headers = {{"retry-after", "3"}, {"Retry-After", "9"}};
  EXPECT_EQ(r.Header("RETRY-AFTER"), "3");
  EXPECT_EQ(r.Header("X-Missing"), "");
}

TEST(HttpTransportTest, AnUnreachableServerIsATransportError) {
  auto transport = MakeHttpTransport();
  Request request;
  request.url = "http://127.0.0.1:1/nothing";
  request.timeout = std::chrono::milliseconds(2000);
  auto response = transport->Send(request);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, kTransportFailed);
  EXPECT_NE(response.error().message.find("http://127.0.0.1:1/nothing"), std::string::npos);
}

}  // namespace
}  // namespace revento::client::http
