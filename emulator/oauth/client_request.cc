#include "emulator/oauth/client_request.h"

#include <algorithm>
#include <cctype>

#include "emulator/encoding.h"
#include "emulator/http/errors.h"
#include "emulator/ids.h"
#include "emulator/text.h"

namespace revento::emulator::oauth {

namespace {

// True for application/x-www-form-urlencoded with no parameter or a UTF-8
// charset.
bool IsFormContentType(std::string_view value) {
  size_t semi = value.find(';');
  if (Lower(Trim(value.substr(0, semi))) != "application/x-www-form-urlencoded") return false;
  if (semi == std::string_view::npos) return true;
  std::string params = Lower(value.substr(semi + 1));
  std::string_view rest = Trim(params);
  if (rest.empty()) return true;
  return rest == "charset=utf-8" || rest == "charset=\"utf-8\"";
}

// RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
std::optional<std::string> FormDecode(std::string_view text) {
  auto parsed = ParseFormParams("v=" + std::string(text));
  if (!parsed) return std::nullopt;
  auto value = parsed->Get("v");
  return value ? std::string(*value) : std::string();
}

constexpr const char* kHowToAuthenticate =
    " Authenticate with client_id and client_secret in the form body (client_secret_post) or with "
    "Authorization: Basic base64(client_id:client_secret) (client_secret_basic), not both.";

}  // namespace

void SendClientError(http::RequestContext& ctx, int status, std::string_view error, std::string_view description,
                     bool basic) {
  if (status == 401 && basic) ctx.res.set_header("WWW-Authenticate", "Basic realm=\"revento\"");
  http::SendOAuthError(ctx.res, status, error, description);
}

std::optional<ClientRequest> ReadClientRequest(http::RequestContext& ctx) {
  const auto& req = ctx.req;
  auto bad_request = [&ctx](const std::string& description) {
    SendClientError(ctx, 400, "invalid_request", description, false);
    return std::nullopt;
  };
  if (req.target.find('?') != std::string::npos) {
    return bad_request("Parameters must be sent in the form body, not in the URL query string (" + req.path +
                       "?...): URLs end up in logs, and a secret in one leaks.");
  }
  std::string content_type = req.get_header_value("Content-Type");
  if (!IsFormContentType(content_type)) {
    return bad_request("The body must be application/x-www-form-urlencoded (got Content-Type \"" +
                       content_type.substr(0, 100) +
                       "\"). Send the parameters as a form, e.g. body: new URLSearchParams({...}).");
  }
  auto form = ParseFormParams(req.body);
  if (!form) return bad_request("The form body was refused: " + form.error().message);

  ClientRequest out;
  out.form = std::move(*form);
  size_t authorization_count = req.get_header_value_count("Authorization");
  if (authorization_count > 1) return bad_request("Send at most one Authorization header.");
  std::string client_id, secret;
  if (authorization_count == 1) {
    out.used_basic = true;
    std::string header = req.get_header_value("Authorization");
    auto unauthorized = [&ctx](const std::string& description) {
      SendClientError(ctx, 401, "invalid_client", description, true);
      return std::nullopt;
    };
    size_t space = header.find(' ');
    if (space == std::string_view::npos || Lower(header.substr(0, space)) != "basic") {
      return unauthorized(std::string("The Authorization header must use the Basic scheme on this endpoint.") +
                          kHowToAuthenticate);
    }
    if (out.form.Has("client_secret")) {
      SendClientError(
          ctx, 400, "invalid_request",
          std::string("The client authenticated twice: HTTP Basic and client_secret in the body.") + kHowToAuthenticate,
          false);
      return std::nullopt;
    }
    auto decoded = DecodeBase64(Trim(header.substr(space + 1)));
    size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (!decoded || colon == std::string::npos) {
      return unauthorized("The Basic credentials are not base64(client_id:client_secret)." +
                          std::string(kHowToAuthenticate));
    }
    auto id = FormDecode(std::string_view(*decoded).substr(0, colon));
    auto pass = FormDecode(std::string_view(*decoded).substr(colon + 1));
    if (!id || !pass) return unauthorized("The Basic client id or secret has a malformed percent escape.");
    client_id = *id;
    secret = *pass;
    if (auto body_id = out.form.Get("client_id"); body_id && *body_id != client_id) {
      SendClientError(ctx, 400, "invalid_request",
                      "The client_id in the body (" + std::string(body_id->substr(0, 100)) +
                          ") differs from the one in the Basic credentials (" + client_id.substr(0, 100) + ").",
                      false);
      return std::nullopt;
    }
  } else {
    auto id = out.form.Get("client_id");
    auto pass = out.form.Get("client_secret");
    if (!id) {
      SendClientError(ctx, 401, "invalid_client",
                      std::string("The request carries no client authentication.") + kHowToAuthenticate, false);
      return std::nullopt;
    }
    if (!pass) {
      SendClientError(ctx, 401, "invalid_client",
                      "client_id was sent without client_secret; every Revento integration is a confidential "
                      "client and must send its secret." +
                          std::string(kHowToAuthenticate),
                      false);
      return std::nullopt;
    }
    client_id = *id;
    secret = *pass;
  }

  out.client_id = std::move(client_id);
  out.client_secret = std::move(secret);
  return out;
}

portable::expected<OAuthClient, ClientAuthError> AuthenticateLocked(OAuthClients& clients, const ClientRequest& request) {
  auto client = clients.Find(request.client_id);
  if (!client) {
    return portable::unexpected(
        ClientAuthError{"Unknown client_id \"" + request.client_id.substr(0, 100) +
                            "\"; use the client id printed in the emulator's start banner (REVENTO_CLIENT_ID).",
                        request.used_basic});
  }
  if (!ConstantTimeEquals(request.client_secret, client->client_secret)) {
    return portable::unexpected(ClientAuthError{"Wrong client_secret for client " + client->client_id +
                                               "; use the secret printed in the emulator's start banner "
                                               "(REVENTO_CLIENT_SECRET).",
                                           request.used_basic});
  }
  return std::move(*client);
}

}  // namespace revento::emulator::oauth
