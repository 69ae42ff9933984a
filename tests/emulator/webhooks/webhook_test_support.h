// Shared fixture of the webhooks tests: an in-process sandbox (FakeClock
// base, 5 s per-attempt timeout) whose fixture integration points at a real
// loopback receiver, plus small helpers to install the integration on an
// event (rows in `installations`, as OAuth would create them) and to call the
// control plane.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "client/webhooks/signature_verifier.h"
#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {

inline constexpr const char* kQuickstartSecret = "whsec_sandbox_quickstart";
inline constexpr const char* kAllScopes = "event.read participants.read applications.read attendance.read";

struct JsonResponse {
  int status = 0;
  nlohmann::json body;
};

// A loopback port that refuses connections for as long as this object
// lives: bound (so no one else can take it) but not listening.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/webhooks"; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

inline JsonResponse Call(httplib::Client& client, const std::string& method, const std::string& path,
                         const std::optional<nlohmann::json>& body = std::nullopt) {
  httplib::Result res = method == "GET" ? client.Get(path)
                                        : client.Post(path, body ? body->dump() : std::string(),
                                                      body ? "application/json" : "text/plain");
  if (!res) return {0, nullptr};
  return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
}

class WebhookTest : public ::testing::Test {
 protected:
  // The per-attempt timeout is 5 s: short, yet far above what a loaded CI
  // machine needs for a loopback answer. Tests of the timeout set their own.
  void StartSandbox(const std::string& webhook_url, int timeout_seconds = 5) {
    emulator::Options options;
    options.webhook_url = webhook_url;
    options.webhook_timeout = std::chrono::seconds(timeout_seconds);
    sandbox_ = std::make_unique<InProcessEmulator>(options);
    client_ = sandbox_->Client();
    // Wait until it serves: stopping an http::Server before its accept loop
    // has started is lost, and destroying the emulator would then hang.
    auto health = client_->Get("/_sandbox/health");
    ASSERT_TRUE(health && health->status == 200);
  }
  void SetUp() override { StartSandbox(receiver_.url()); }

  // An installation (live token family) of `integration_id` on `event_id`.
  void Install(const std::string& id, const std::string& scope = kAllScopes,
               const std::string& integration_id = "int_quickstart", const std::string& event_id = "evt_abc123",
               bool revoked = false) {
    auto& db = sandbox_->emulator().db();
    auto lock = db.Lock();
    auto& s = db.Prepare(
        "INSERT INTO installations(id, integration_id, event_id, organization_id, scope, created_at, revoked_at, "
        "revoked_reason) VALUES (?, ?, ?, 'org_xyz789', ?, 1795773600, ?, ?)");
    s.Bind(1, id).Bind(2, integration_id).Bind(3, event_id).Bind(4, scope);
    if (revoked) {
      s.Bind(5, int64_t{1795773600}).Bind(6, "revoked in a test");
    } else {
      s.BindNull(5).BindNull(6);
    }
    s.Run();
  }

  // Raises DomainEvents::InstallationRevoked as an OAuth rule does: inside a
  // transaction under the lock, then AfterCommit(). Returns the delivery ids.
  std::vector<std::string> RaiseInstallationRevoked(const std::string& id, const std::string& reason) {
    auto& db = sandbox_->emulator().db();
    auto& events = sandbox_->emulator().domain_events();
    std::vector<std::string> ids;
    {
      auto lock = db.Lock();
      emulator::Transaction tx(db);
      ids = events.InstallationRevoked(tx, id, reason, emulator::UnixSeconds(sandbox_->emulator().clock().Now()));
      tx.Commit();
    }
    if (!ids.empty()) events.AfterCommit();
    return ids;
  }

  JsonResponse Post(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) {
    return Call(*client_, "POST", path, body);
  }
  JsonResponse Get(const std::string& path) { return Call(*client_, "GET", path); }
  nlohmann::json Delivery(const std::string& id) { return Get("/_sandbox/deliveries/" + id).body; }
  nlohmann::json Flush() { return Post("/_sandbox/deliveries/flush").body; }
  void AdvanceSandbox(int64_t seconds) {
    ASSERT_EQ(Post("/_sandbox/clock", {{"advance_seconds", seconds}}).status, 200);
  }
  int64_t RealNow() { return emulator::UnixSeconds(sandbox_->base_clock().Now()); }

  // Verifies a received request with the reference client's own HMAC.
  ::testing::AssertionResult Verified(const WebhookReceiver::Request& r,
                                      const std::string& secret = kQuickstartSecret) {
    auto st = client::webhooks::VerifySignature(secret, r.Header("X-Revento-Timestamp"),
                                                r.Header("X-Revento-Signature"), r.body, RealNow());
    if (st) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << st.error().message;
  }

  WebhookReceiver receiver_;
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace revento::testing
