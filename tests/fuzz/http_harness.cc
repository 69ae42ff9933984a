#include "tests/fuzz/http_harness.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "client/oauth/form_encoding.h"
#include "client/oauth/pkce.h"
#include "portable/httplib_compat.h"

namespace revento::fuzz {

namespace {

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "fuzz: %s\n", message.c_str());
  std::abort();
}

}  // namespace

FuzzEmulator& FuzzEmulator::Get() {
  static FuzzEmulator instance;
  return instance;
}

FuzzEmulator::FuzzEmulator() {
  emulator::Options options;
  options.port = 0;
  options.auto_consent = true;
  options.log_level = emulator::LogLevel::kOff;
  options.webhook_url = "http://127.0.0.1:9/webhooks";  // discard port: refused at once
  auto created = emulator::Emulator::Create(options);
  if (!created) Fail("cannot create the emulator: " + created.error().message);
  emulator_ = std::move(*created);
  auto port = emulator_->Start();
  if (!port) Fail("cannot start the emulator: " + port.error().message);
  emulator_->ServeInBackground();
  client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
  client_->set_keep_alive(true);
  revento::portable::SetPathEncode(*client_, false);
  client_->set_connection_timeout(std::chrono::seconds(5));
  client_->set_read_timeout(std::chrono::seconds(30));
  Connect();
}

// The quickstart's consent (auto-consent) and code exchange, every scope.
void FuzzEmulator::Connect() {
  auto pkce = client::NewPkcePair();
  std::string target = "/oauth/authorize?" + client::FormEncode({{"response_type", "code"},
                                                                 {"client_id", "rev_client_quickstart"},
                                                                 {"redirect_uri", "http://localhost:3000/callback"},
                                                                 {"scope", "event.read participants.read applications.read attendance.read"},
                                                                 {"event_id", "evt_abc123"},
                                                                 {"code_challenge", pkce.challenge},
                                                                 {"code_challenge_method", "S256"}});
  auto authorized = client_->Get(target);
  if (!authorized || authorized->status != 302) Fail("the fuzzing emulator refused the quickstart's consent");
  std::string code = client::DecodeQueryOf(authorized->get_header_value("Location"))["code"];
  auto tokens = client_->Post("/oauth/token",
                              client::FormEncode({{"grant_type", "authorization_code"},
                                                  {"code", code},
                                                  {"redirect_uri", "http://localhost:3000/callback"},
                                                  {"client_id", "rev_client_quickstart"},
                                                  {"client_secret", "rev_secret_sandbox_quickstart"},
                                                  {"code_verifier", pkce.verifier}}),
                              "application/x-www-form-urlencoded");
  if (!tokens || tokens->status != 200) Fail("the fuzzing emulator refused the quickstart's code exchange");
  access_token_ = nlohmann::json::parse(tokens->body)["access_token"];
}

void FuzzEmulator::NextInput() {
  if (++inputs_ % 500 != 0) return;
  auto reset = client_->Post("/_sandbox/reset", "{}", "application/json");
  Check(reset, "POST", "/_sandbox/reset");
  Connect();
}

void FuzzEmulator::Check(const httplib::Result& res, std::string_view method, std::string_view target,
                         std::string_view body) {
  std::string request = std::string(method) + " " + std::string(target) + " with a body of " +
                        std::to_string(body.size()) + " bytes";
  if (!res) Fail(request + ": no answer (" + httplib::to_string(res.error()) + ")");
  if (res->status >= 500) Fail(request + ": " + std::to_string(res->status) + " " + res->body);
}

std::string AsRequestTarget(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7f && c != '#') {
      out.push_back(c);
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace revento::fuzz
