// Helpers for the OAuth handler tests: an in-process emulator, the
// quickstart's authorization request, and form POSTs to /oauth/token.
// PKCE values come from the reference client's implementation (client/),
// never from the emulator's.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include "portable/expected.h"
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/oauth/pkce.h"
#include "tests/support/emulator_process.h"
#include "portable/httplib_compat.h"

namespace revento::testing::oauth {

inline constexpr const char* kClientId = "rev_client_quickstart";
inline constexpr const char* kClientSecret = "rev_secret_sandbox_quickstart";
inline constexpr const char* kRedirectUri = "http://localhost:3000/callback";
inline constexpr const char* kEventId = "evt_abc123";
inline constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

inline std::string Challenge(const std::string& verifier = kVerifier) { return client::S256Challenge(verifier); }

// Percent-encodes everything but unreserved characters.
inline std::string Enc(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

using Params = std::vector<std::pair<std::string, std::optional<std::string>>>;

// The quickstart's authorization parameters; `overrides` replace (or, with
// nullopt, remove) them by name, and add new ones at the end.
inline Params AuthorizeParams(const Params& overrides = {}) {
  Params params{{"response_type", "code"},       {"client_id", kClientId},
                {"redirect_uri", kRedirectUri},  {"scope", "event.read participants.read"},
                {"event_id", kEventId},          {"state", "demo-state-123"},
                {"code_challenge", Challenge()}, {"code_challenge_method", "S256"}};
  for (const auto& [name, value] : overrides) {
    bool found = false;
    for (auto& p : params)
      if (p.first == name) {
        p.second = value;
        found = true;
      }
    if (!found) params.emplace_back(name, value);
  }
  return params;
}

inline std::string Encode(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!value) continue;
    out += (out.empty() ? "" : "&") + Enc(name) + "=" + Enc(*value);
  }
  return out;
}

inline std::string AuthorizePath(const Params& overrides = {}) {
  return "/oauth/authorize?" + Encode(AuthorizeParams(overrides));
}

// Decoded query parameters of a URL (after '?', before '#').
inline std::map<std::string, std::string> QueryOf(const std::string& url) {
  std::map<std::string, std::string> out;
  size_t q = url.find('?');
  if (q == std::string::npos) return out;
  std::string query = url.substr(q + 1);
  if (size_t hash = query.find('#'); hash != std::string::npos) query.resize(hash);
  auto decode = [](std::string_view in) {
    std::string d;
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '+') {
        d.push_back(' ');
      } else if (in[i] == '%' && i + 2 < in.size()) {
        d.push_back(static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        d.push_back(in[i]);
      }
    }
    return d;
  };
  size_t i = 0;
  while (i <= query.size()) {
    size_t end = query.find('&', i);
    if (end == std::string::npos) end = query.size();
    std::string_view pair = std::string_view(query).substr(i, end - i);
    i = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    out[decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
  }
  return out;
}

inline httplib::Result PostForm(httplib::Client& client, const std::string& path, const std::string& body,
                                const httplib::Headers& headers = {}) {
  return client.Post(path.c_str(), headers, body, "application/x-www-form-urlencoded");
}

inline std::string CodeExchangeBody(const std::string& code, const Params& overrides = {}) {
  Params params{{"grant_type", "authorization_code"}, {"code", code},
                {"redirect_uri", kRedirectUri},       {"client_id", kClientId},
                {"client_secret", kClientSecret},     {"code_verifier", kVerifier}};
  for (const auto& [name, value] : overrides) {
    bool found = false;
    for (auto& p : params)
      if (p.first == name) {
        p.second = value;
        found = true;
      }
    if (!found) params.emplace_back(name, value);
  }
  return Encode(params);
}

inline std::string RefreshBody(const std::string& refresh_token, const Params& extra = {}) {
  Params params{{"grant_type", "refresh_token"},
                {"refresh_token", refresh_token},
                {"client_id", kClientId},
                {"client_secret", kClientSecret}};
  params.insert(params.end(), extra.begin(), extra.end());
  return Encode(params);
}

// An auto-consent authorization: the code from the redirect, or what went
// wrong. Callers stop the test on an error:
//   auto code = AuthorizeForCode(*client_);
//   ASSERT_TRUE(code) << code.error();
inline portable::expected<std::string, std::string> AuthorizeForCode(httplib::Client& client, const Params& overrides = {}) {
  auto res = client.Get(AuthorizePath(overrides).c_str());
  if (!res) return portable::unexpected("GET /oauth/authorize: no response (" + httplib::to_string(res.error()) + ")");
  if (res->status != 302) {
    return portable::unexpected("GET /oauth/authorize answered " + std::to_string(res->status) + ": " + res->body);
  }
  auto query = QueryOf(res->get_header_value("Location"));
  if (!query.count("code")) return portable::unexpected("no code in the redirect " + res->get_header_value("Location"));
  return query["code"];
}

inline nlohmann::json Json(const httplib::Result& res) {
  if (!res) return nlohmann::json();
  return nlohmann::json::parse(res->body, nullptr, false);
}

// A full dance; returns the token response.
inline nlohmann::json Dance(httplib::Client& client) {
  auto code = AuthorizeForCode(client);
  if (!code) {
    ADD_FAILURE() << code.error();
    return nlohmann::json();
  }
  auto res = PostForm(client, "/oauth/token", CodeExchangeBody(*code));
  EXPECT_TRUE(res);
  if (!res) return nlohmann::json();
  EXPECT_EQ(res->status, 200) << res->body;
  return Json(res);
}

// A client that sends paths exactly as given (httplib re-encodes by default,
// which mangles percent-encoded query values).
inline std::unique_ptr<httplib::Client> RawClient(const InProcessEmulator& emu) {
  auto client = emu.Client();
  revento::portable::SetPathEncode(*client, false);
  return client;
}

inline emulator::Options AutoConsent() {
  emulator::Options options;
  options.auto_consent = true;
  options.log_level = emulator::LogLevel::kWarn;
  return options;
}

inline emulator::Options WithConsentPage() {
  emulator::Options options;
  options.log_level = emulator::LogLevel::kWarn;
  return options;
}

inline nlohmann::json Installations(httplib::Client& client) {
  return Json(client.Get("/_sandbox/installations"))["data"];
}

// The installation.revoked deliveries in the delivery log, oldest first, as
// (installation id, reason) from their payloads. The quickstart integration
// declares the type, so each family revocation enqueues one.
inline std::vector<std::pair<std::string, std::string>> RevokedDeliveries(httplib::Client& client) {
  std::vector<std::pair<std::string, std::string>> out;
  auto list = Json(client.Get("/_sandbox/deliveries?type=installation.revoked&limit=1000"));
  for (const auto& d : list["data"]) {
    auto payload = Json(client.Get("/_sandbox/deliveries/" + d["id"].get<std::string>()))["payload"];
    out.emplace_back(payload["data"].value("id", ""), payload["data"].value("reason", ""));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace revento::testing::oauth
