#include "client/oauth/token_client.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "client/oauth/form_encoding.h"

namespace revento::client {

namespace {

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

std::string TextField(const nlohmann::json& json, const char* name) {
  if (!json.is_object() || !json.contains(name) || !json[name].is_string()) return "";
  return json[name].get<std::string>();
}

std::string AdviceFor(const std::string& error) {
  if (error == "invalid_client") return "check the client id and secret";
  if (error == "invalid_grant") return "the code or refresh token is used, expired or revoked: connect again";
  if (error == "invalid_scope") return "ask only for scopes the integration declares (and no wider than granted)";
  if (error == "invalid_request") return "the request is malformed: see error_description";
  return "see error_description";
}

}  // namespace

TokenClient::TokenClient(TokenClientOptions options, std::shared_ptr<http::Transport> transport)
    : options_(std::move(options)), transport_(std::move(transport)) {
  while (options_.auth_base.ends_with('/')) options_.auth_base.pop_back();
}

TokenClient::TokenClient(const std::string& auth_base, std::string client_id, std::string client_secret)
    : TokenClient(TokenClientOptions{auth_base, std::move(client_id), std::move(client_secret)}) {}

Result<TokenResponse> TokenClient::ExchangeCode(const std::string& code, const std::string& redirect_uri,
                                                const std::string& code_verifier) {
  return TokenResponseOf(Post("/oauth/token", {{"grant_type", "authorization_code"},
                                               {"code", code},
                                               {"redirect_uri", redirect_uri},
                                               {"code_verifier", code_verifier}}));
}

Result<TokenResponse> TokenClient::Refresh(const std::string& refresh_token, const std::optional<std::string>& scope) {
  std::vector<std::pair<std::string, std::string>> params{{"grant_type", "refresh_token"},
                                                          {"refresh_token", refresh_token}};
  if (scope) params.emplace_back("scope", *scope);
  return TokenResponseOf(Post("/oauth/token", std::move(params)));
}

Result<TokenResponse> TokenClient::TokenResponseOf(const Result<http::Response>& response) {
  if (!response) return portable::unexpected(response.error());
  if (response->status != 200) return portable::unexpected(ErrorOf("token endpoint", *response));
  auto json = nlohmann::json::parse(response->body, nullptr, false);
  if (!json.is_object()) {
    return Fail(kBadResponse, "token endpoint answered 200 with a body that is not a JSON object");
  }
  TokenResponse out;
  out.raw_json = response->body;
  out.access_token = TextField(json, "access_token");
  out.refresh_token = TextField(json, "refresh_token");
  out.token_type = TextField(json, "token_type");
  out.scope = TextField(json, "scope");
  out.event_id = TextField(json, "event_id");
  out.organization_id = TextField(json, "organization_id");
  if (out.access_token.empty() || out.refresh_token.empty() || out.token_type.empty() || out.scope.empty() ||
      out.event_id.empty() || out.organization_id.empty() || !json.contains("expires_in") ||
      !json["expires_in"].is_number_integer()) {
    return Fail(kBadResponse, "token response lacks a quickstart field: " + response->body.substr(0, 300));
  }
  out.expires_in = json["expires_in"].get<int64_t>();
  if (out.token_type != "Bearer") return Fail(kBadResponse, "token_type is \"" + out.token_type + "\", not Bearer");
  if (!out.access_token.starts_with("rev_install_")) {
    return Fail(kBadResponse, "access_token is not a rev_install_ token");
  }
  if (!out.refresh_token.starts_with("rev_refresh_")) {
    return Fail(kBadResponse, "refresh_token is not a rev_refresh_ token");
  }
  return out;
}

Status TokenClient::Revoke(const std::string& token, const std::optional<std::string>& token_type_hint) {
  std::vector<std::pair<std::string, std::string>> params{{"token", token}};
  if (token_type_hint) params.emplace_back("token_type_hint", *token_type_hint);
  auto response = Post("/oauth/revoke", std::move(params));
  if (!response) return portable::unexpected(response.error());
  if (response->status != 200) return portable::unexpected(ErrorOf("revocation endpoint", *response));
  return {};
}

Result<http::Response> TokenClient::Post(const std::string& path,
                                         std::vector<std::pair<std::string, std::string>> params) {
  http::Request request;
  request.method = "POST";
  request.url = options_.auth_base + path;
  request.timeout = options_.timeout;
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  if (options_.client_auth == ClientAuth::kBasic) {
    request.headers.emplace_back("Authorization", "Basic " + Base64(FormEncodeComponent(options_.client_id) + ":" +
                                                                    FormEncodeComponent(options_.client_secret)));
  } else {
    params.emplace_back("client_id", options_.client_id);
    params.emplace_back("client_secret", options_.client_secret);
  }
  request.body = FormEncode(params);
  return transport_->Send(request);
}

Error TokenClient::ErrorOf(const std::string& what, const http::Response& response) {
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  Error error;
  error.status = response.status;
  error.code = TextField(json, "error");
  error.detail = TextField(json, "error_description");
  if (error.code.empty()) error.code = "unknown_error";
  if (error.detail.empty()) error.detail = response.body.substr(0, 300);
  error.request_id = response.Header("X-Revento-Request-Id");
  error.message = what + " answered " + std::to_string(response.status) + " " + error.code + ": " + error.detail +
                  " (" + AdviceFor(error.code) + ")";
  return error;
}

Result<TokenResponse> TokenSession::Refresh() {
  auto next = client_.Refresh(current_.refresh_token);
  if (!next) return next;
  current_ = *next;
  return next;
}

}  // namespace revento::client
