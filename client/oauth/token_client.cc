#include "client/oauth/token_client.h"

#include <nlohmann/json.hpp>

#include "client/oauth/form_encoding.h"

namespace revento::client {

TokenClient::TokenClient(const std::string& auth_base, std::string client_id, std::string client_secret)
    : http_(std::make_unique<httplib::Client>(auth_base)),
      client_id_(std::move(client_id)),
      client_secret_(std::move(client_secret)) {
  http_->set_keep_alive(true);
  http_->set_tcp_nodelay(true);
  http_->set_connection_timeout(std::chrono::seconds(5));
  http_->set_read_timeout(std::chrono::seconds(30));
}

Result<TokenResponse> TokenClient::ExchangeCode(const std::string& code, const std::string& redirect_uri,
                                                const std::string& code_verifier) {
  return Post(FormEncode({{"grant_type", "authorization_code"},
                          {"code", code},
                          {"redirect_uri", redirect_uri},
                          {"client_id", client_id_},
                          {"client_secret", client_secret_},
                          {"code_verifier", code_verifier}}));
}

Result<TokenResponse> TokenClient::Refresh(const std::string& refresh_token, const std::optional<std::string>& scope) {
  std::vector<std::pair<std::string, std::string>> params{{"grant_type", "refresh_token"},
                                                          {"refresh_token", refresh_token},
                                                          {"client_id", client_id_},
                                                          {"client_secret", client_secret_}};
  if (scope) params.emplace_back("scope", *scope);
  return Post(FormEncode(params));
}

Result<TokenResponse> TokenClient::Post(const std::string& body) {
  auto res = http_->Post("/oauth/token", body, "application/x-www-form-urlencoded");
  if (!res) return Fail("POST /oauth/token failed: " + httplib::to_string(res.error()));
  auto json = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status != 200) {
    std::string error = json.is_object() && json.contains("error") && json["error"].is_string()
                            ? json["error"].get<std::string>()
                            : "unknown_error";
    std::string description =
        json.is_object() && json.contains("error_description") && json["error_description"].is_string()
            ? json["error_description"].get<std::string>()
            : res->body.substr(0, 300);
    return Fail("token endpoint answered " + std::to_string(res->status) + " " + error + ": " + description);
  }
  if (!json.is_object()) return Fail("token endpoint answered 200 with a body that is not a JSON object");
  TokenResponse out;
  out.raw_json = res->body;
  auto text = [&json](const char* name, std::string* field) {
    if (!json.contains(name) || !json[name].is_string()) return false;
    *field = json[name].get<std::string>();
    return true;
  };
  if (!text("access_token", &out.access_token) || !text("refresh_token", &out.refresh_token) ||
      !text("token_type", &out.token_type) || !text("scope", &out.scope) || !text("event_id", &out.event_id) ||
      !text("organization_id", &out.organization_id) || !json.contains("expires_in") ||
      !json["expires_in"].is_number_integer()) {
    return Fail("token response lacks a quickstart field: " + res->body.substr(0, 300));
  }
  out.expires_in = json["expires_in"].get<int64_t>();
  if (out.token_type != "Bearer") return Fail("token_type is \"" + out.token_type + "\", not Bearer");
  if (!out.access_token.starts_with("rev_install_")) return Fail("access_token is not a rev_install_ token");
  if (!out.refresh_token.starts_with("rev_refresh_")) return Fail("refresh_token is not a rev_refresh_ token");
  return out;
}

Result<TokenResponse> TokenSession::Refresh() {
  auto next = client_.Refresh(current_.refresh_token);
  if (!next) return next;
  current_ = *next;
  return next;
}

}  // namespace revento::client
