// What the reference client's end-to-end tests share: temporary token files,
// free loopback ports, integrations registered through the sandbox, the
// sandbox clock, and connecting with the library against an --auto-consent
// emulator.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "client/http/transport.h"
#include "client/oauth/authorization_request.h"
#include "client/oauth/token_client.h"
#include "client/tokens/token_manager.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {

// A fresh directory under /tmp, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/revento-client-e2e-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A loopback port nothing listens on right now (never 3000).
inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// POST /_sandbox/integrations; the 201 body (client_id, client_secret, ...).
inline nlohmann::json RegisterIntegration(const EmulatorProcess& emu, const std::string& redirect_uri,
                                          const std::vector<std::string>& scopes) {
  nlohmann::json manifest = {{"name", "Client E2E"}, {"redirect_uris", {redirect_uri}}, {"scopes", scopes}};
  auto res = emu.Client()->Post("/_sandbox/integrations", manifest.dump(), "application/json");
  EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
  return res ? nlohmann::json::parse(res->body, nullptr, false) : nlohmann::json();
}

inline void AdvanceSandboxClock(const EmulatorProcess& emu, int64_t seconds) {
  auto res =
      emu.Client()->Post("/_sandbox/clock", nlohmann::json{{"advance_seconds", seconds}}.dump(), "application/json");
  ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
}

inline nlohmann::json Installations(const EmulatorProcess& emu) {
  auto res = emu.Client()->Get("/_sandbox/installations");
  if (!res) return nlohmann::json::array();
  return nlohmann::json::parse(res->body)["data"];
}

// How many access-log lines of the emulator start with `request` ("POST /oauth/token").
inline int CountRequests(const EmulatorProcess& emu, const std::string& request) {
  std::string log = emu.Stderr();
  int n = 0;
  for (size_t at = log.find(request + " "); at != std::string::npos; at = log.find(request + " ", at + 1)) ++n;
  return n;
}

// The library's own connect against an --auto-consent emulator: authorize
// (302 with the code), check the callback, exchange, adopt.
inline client::Status ConnectWithLibrary(const EmulatorProcess& emu, client::TokenClient& tokens,
                                         client::TokenManager& manager,
                                         const std::string& scope = "event.read participants.read") {
  auto request = client::AuthorizationRequest::Create(
      {emu.base_url(), "rev_client_quickstart", "http://localhost:3000/callback", scope, "evt_abc123"});
  if (!request) return portable::unexpected(request.error());
  auto transport = client::http::MakeHttpTransport();
  client::http::Request authorize;
  authorize.url = request->url();
  auto answer = transport->Send(authorize);
  if (!answer) return portable::unexpected(answer.error());
  if (answer->status != 302) return client::Fail("authorize answered " + std::to_string(answer->status));
  auto code = request->ParseCallback(answer->Header("Location"));
  if (!code) return portable::unexpected(code.error());
  auto exchanged = tokens.ExchangeCode(*code, request->redirect_uri(), request->code_verifier());
  if (!exchanged) return portable::unexpected(exchanged.error());
  return manager.Adopt(*exchanged);
}

}  // namespace revento::testing
