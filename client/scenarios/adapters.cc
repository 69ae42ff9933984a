#include "client/scenarios/adapters.h"

#include <openssl/evp.h>

#include <chrono>

#include "client/http/url.h"
#include "client/oauth/form_encoding.h"
#include "client/oauth/pkce.h"
#include "client/webhooks/signature_verifier.h"

namespace revento::client::scenarios {

HttpPort::HttpPort(std::string origin, std::shared_ptr<http::Transport> transport)
    : origin_(std::move(origin)), transport_(transport ? std::move(transport) : http::MakeHttpTransport()) {}

Response HttpPort::Send(const std::string& method, const std::string& path, const Params& headers,
                        const std::string& body, const std::string& content_type) {
  http::Request request;
  request.method = method;
  request.url = origin_ + path;
  request.timeout = timeout_;
  for (const auto& [name, value] : headers) request.headers.emplace_back(name, value);
  if (!body.empty() || !content_type.empty()) {
    request.body = body;
    if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
  }
  auto res = transport_->Send(request);
  if (!res) return NoAnswer(method + " " + origin_ + path, origin_, res.error().message);
  return ResponseOf(method + " " + origin_ + path, res->status, std::move(res->headers), std::move(res->body));
}

Response NoAnswer(std::string what, const std::string& origin, const std::string& error) {
  Response out;
  out.what = std::move(what);
  out.body = "no response from " + origin + " (" + error + "): is it running, and is the URL right?";
  out.json = nlohmann::json::value_t::discarded;
  return out;
}

void HttpPort::SetReadTimeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

std::pair<std::string, std::string> SplitUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t path_at = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  if (path_at == std::string::npos) return {url, "/"};
  return {url.substr(0, path_at), url.substr(path_at)};
}

namespace {

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace

Pkce OAuthAdapter::NewPkce() {
  PkcePair pair = NewPkcePair();
  return Pkce{pair.verifier, pair.challenge};
}

std::string OAuthAdapter::S256(const std::string& verifier) { return S256Challenge(verifier); }
std::string OAuthAdapter::Form(const Params& params) { return FormEncode(params); }
std::map<std::string, std::string> OAuthAdapter::QueryOf(const std::string& url) { return DecodeQueryOf(url); }

Response OAuthAdapter::PostForm(const std::string& path, Params form, const std::string& client_id,
                                const std::string& client_secret, const std::string& client_auth) {
  Params headers;
  if (client_auth == "basic" || client_auth == "both") {
    std::string pair = FormEncodeComponent(client_id) + ":" + FormEncodeComponent(client_secret);
    headers.emplace_back("Authorization", "Basic " + Base64(pair));
  }
  if (client_auth == "body" || client_auth == "both") {
    form.emplace_back("client_id", client_id);
    form.emplace_back("client_secret", client_secret);
  }
  return http_.Send("POST", path, headers, FormEncode(form), "application/x-www-form-urlencoded");
}

Response OAuthAdapter::Token(Params form, const std::string& client_id, const std::string& client_secret,
                             const std::string& client_auth) {
  return PostForm("/oauth/token", std::move(form), client_id, client_secret, client_auth);
}

Response OAuthAdapter::Revoke(Params form, const std::string& client_id, const std::string& client_secret) {
  return PostForm("/oauth/revoke", std::move(form), client_id, client_secret, "body");
}

Response ApiAdapter::Call(const std::string& method, const std::string& path, const std::string& token,
                          const std::string& accept, const Params& headers) {
  Params all;
  if (!token.empty()) all.emplace_back("Authorization", "Bearer " + token);
  if (!accept.empty()) all.emplace_back("Accept", accept);
  all.insert(all.end(), headers.begin(), headers.end());
  return http_.Send(method, api_path_ + path, all, "", "");
}

Status SignatureAdapter::Verify(const std::string& secret, const std::string& timestamp, const std::string& signature,
                                const std::string& body) const {
  return webhooks::VerifySignature(secret, timestamp, signature, body, NowUnix());
}

std::string SignatureAdapter::Sign(const std::string& secret, const std::string& timestamp, const std::string& body) {
  return webhooks::ComputeSignature(secret, timestamp, body);
}

long long SignatureAdapter::NowUnix() const { return UnixSeconds(clock_.Now()); }

}  // namespace revento::client::scenarios
