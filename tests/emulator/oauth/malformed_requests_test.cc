// At least 40 malformed requests to /oauth/token and /oauth/revoke, each with
// the right RFC 6749 error and status, an RFC 6749 JSON body, and never 5xx.
#include <gtest/gtest.h>

#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";
const std::string kAuth = "client_id=rev_client_quickstart&client_secret=rev_secret_sandbox_quickstart";
const std::string kCodeGrant = "grant_type=authorization_code&code=rev_code_unknown&redirect_uri=" + Enc(kRedirectUri) +
                               "&code_verifier=" + kVerifier + "&" + kAuth;
const std::string kRefreshGrant = "grant_type=refresh_token&refresh_token=rev_refresh_unknown&" + kAuth;
const std::string kBig(8193, 'a');
const std::string kBasic =
    "Basic " + std::string("cmV2X2NsaWVudF9xdWlja3N0YXJ0OnJldl9zZWNyZXRfc2FuZGJveF9xdWlja3N0YXJ0");

struct Case {
  std::string name;
  std::string method = "POST";
  std::string path = "/oauth/token";
  std::string content_type = kForm;
  std::string body;
  httplib::Headers headers;
  int status = 400;
  std::string error = "invalid_request";
};

// Rows name only the fields that differ from a form POST to /oauth/token
// answered 400 invalid_request.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<Case> Cases() {
  std::vector<Case> c;
  auto add = [&c](Case x) { c.push_back(std::move(x)); };
  // Transport and content type.
  add({.name = "JSON body", .content_type = "application/json", .body = R"({"grant_type":"authorization_code"})"});
  add({.name = "text/plain", .content_type = "text/plain", .body = kCodeGrant});
  add({.name = "multipart", .content_type = "multipart/form-data; boundary=x", .body = "--x--"});
  add({.name = "no content type", .content_type = "", .body = kCodeGrant});
  add({.name = "latin-1 charset", .content_type = std::string(kForm) + "; charset=iso-8859-1", .body = kCodeGrant});
  add({.name = "content type with suffix", .content_type = std::string(kForm) + "x", .body = kCodeGrant});
  add({.name = "query string carries secrets",
       .path = "/oauth/token?client_secret=rev_secret_sandbox_quickstart",
       .body = kCodeGrant});
  add({.name = "GET", .method = "GET", .status = 405});
  add({.name = "PUT", .method = "PUT", .body = kCodeGrant, .status = 405});
  add({.name = "DELETE", .method = "DELETE", .status = 405});
  // Repeated parameters.
  for (std::string name : {"grant_type", "code", "redirect_uri", "code_verifier", "client_id", "client_secret"}) {
    std::string body = kCodeGrant;
    size_t at = body.find(name + "=");
    std::string pair = body.substr(at, body.find('&', at) - at);
    add({.name = "repeated " + name, .body = body + "&" + pair});
  }
  add({.name = "repeated refresh_token", .body = kRefreshGrant + "&refresh_token=rev_refresh_unknown"});
  add({.name = "repeated scope", .body = kRefreshGrant + "&scope=event.read&scope=event.read"});
  add({.name = "repeated with an empty first value", .body = "grant_type=&" + kCodeGrant});
  // Missing and empty values.
  add({.name = "empty body", .body = "", .status = 401, .error = "invalid_client"});
  add({.name = "only separators", .body = "&&&", .status = 401, .error = "invalid_client"});
  add({.name = "grant_type missing", .body = kAuth});
  add({.name = "grant_type empty", .body = "grant_type=&" + kAuth});
  add({.name = "code empty", .body = "grant_type=authorization_code&code=&redirect_uri=x&" + kAuth});
  add({.name = "code missing", .body = "grant_type=authorization_code&redirect_uri=x&" + kAuth});
  add({.name = "redirect_uri empty", .body = "grant_type=authorization_code&code=rev_code_x&redirect_uri=&" + kAuth});
  add({.name = "refresh_token empty", .body = "grant_type=refresh_token&refresh_token=&" + kAuth});
  add({.name = "client_id empty",
       .body = "grant_type=refresh_token&refresh_token=x&client_id=&client_secret=y",
       .status = 401,
       .error = "invalid_client"});
  add({.name = "client_secret empty",
       .body = "grant_type=refresh_token&refresh_token=x&client_id=rev_client_quickstart&client_secret=",
       .status = 401,
       .error = "invalid_client"});
  // Oversized values.
  // httplib itself refuses form bodies over 8 KiB with 413; still RFC 6749.
  add({.name = "code over 8 KiB", .body = "grant_type=authorization_code&code=" + kBig + "&" + kAuth, .status = 413});
  add({.name = "unknown parameter over 8 KiB", .body = kCodeGrant + "&extra=" + kBig, .status = 413});
  add({.name = "client_secret over 8 KiB",
       .body = "grant_type=refresh_token&client_id=a&client_secret=" + kBig,
       .status = 413});
  // Encoding.
  add({.name = "invalid UTF-8 byte escaped", .body = kRefreshGrant + "&scope=%FF"});
  add({.name = "overlong UTF-8", .body = kRefreshGrant + "&scope=%C0%AF"});
  add({.name = "UTF-16 surrogate", .body = kRefreshGrant + "&scope=%ED%A0%80"});
  add({.name = "truncated UTF-8", .body = kRefreshGrant + "&scope=%E2%82"});
  add({.name = "invalid UTF-8 in a name", .body = kRefreshGrant + "&%FF=1"});
  add({.name = "raw invalid byte", .body = kRefreshGrant + "&scope=\xff\xfe"});
  add({.name = "malformed escape", .body = kRefreshGrant + "&scope=%G1"});
  add({.name = "truncated escape", .body = kRefreshGrant + "&scope=abc%2"});
  add({.name = "empty parameter name", .body = kRefreshGrant + "&=x"});
  // Grant types.
  add({.name = "password grant",
       .body = "grant_type=password&username=a&password=b&" + kAuth,
       .error = "unsupported_grant_type"});
  add({.name = "client_credentials",
       .body = "grant_type=client_credentials&" + kAuth,
       .error = "unsupported_grant_type"});
  add({.name = "grant_type case", .body = "grant_type=AUTHORIZATION_CODE&" + kAuth, .error = "unsupported_grant_type"});
  add({.name = "grant_type with a space",
       .body = "grant_type=authorization_code+&" + kAuth,
       .error = "unsupported_grant_type"});
  add({.name = "device code",
       .body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&" + kAuth,
       .error = "unsupported_grant_type"});
  // Grants with bad credentials.
  add({.name = "unknown code", .body = kCodeGrant, .error = "invalid_grant"});
  add({.name = "unknown refresh token", .body = kRefreshGrant, .error = "invalid_grant"});
  add({.name = "unknown scope on refresh", .body = kRefreshGrant + "&scope=event.write", .error = "invalid_scope"});
  // Client authentication.
  add({.name = "wrong secret",
       .body = "grant_type=refresh_token&refresh_token=x&client_id=rev_client_quickstart&"
               "client_secret=wrong",
       .status = 401,
       .error = "invalid_client"});
  add({.name = "unknown client",
       .body = "grant_type=refresh_token&refresh_token=x&client_id=nope&client_secret=x",
       .status = 401,
       .error = "invalid_client"});
  add({.name = "Basic and body secret", .body = kRefreshGrant, .headers = {{"Authorization", kBasic}}});
  add({.name = "two Authorization headers",
       .body = "grant_type=refresh_token&refresh_token=x",
       .headers = {{"Authorization", kBasic}, {"Authorization", kBasic}}});
  add({.name = "Bearer instead of Basic",
       .body = "grant_type=refresh_token&refresh_token=x",
       .headers = {{"Authorization", "Bearer rev_install_x"}},
       .status = 401,
       .error = "invalid_client"});
  // Revocation endpoint.
  add({.name = "revoke: GET", .method = "GET", .path = "/oauth/revoke", .status = 405});
  add({.name = "revoke: JSON", .path = "/oauth/revoke", .content_type = "application/json", .body = "{}"});
  add({.name = "revoke: no token", .path = "/oauth/revoke", .body = kAuth});
  add({.name = "revoke: repeated token", .path = "/oauth/revoke", .body = "token=a&token=b&" + kAuth});
  add({.name = "revoke: no client",
       .path = "/oauth/revoke",
       .body = "token=a",
       .status = 401,
       .error = "invalid_client"});
  return c;
}
#pragma GCC diagnostic pop

TEST(MalformedRequestsTest, EachGetsTheRightRfc6749ErrorAndNeverA5xx) {
  InProcessEmulator emu(AutoConsent());
  auto client = RawClient(emu);
  auto cases = Cases();
  ASSERT_GE(cases.size(), 40u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto send = [&]() {
      if (c.method == "GET") return client->Get(c.path.c_str(), c.headers);
      if (c.method == "PUT") return client->Put(c.path.c_str(), c.headers, c.body, c.content_type.c_str());
      if (c.method == "DELETE") return client->Delete(c.path.c_str(), c.headers);
      return client->Post(c.path.c_str(), c.headers, c.body, c.content_type.c_str());
    };
    auto res = send();
    if (!res) {
      ADD_FAILURE() << c.method << " " << c.path << ": no response (" << httplib::to_string(res.error()) << ")";
      continue;
    }
    EXPECT_LT(res->status, 500);
    EXPECT_EQ(res->status, c.status) << res->body;
    auto body = Json(res);
    EXPECT_EQ(body["error"], c.error) << res->body;
    EXPECT_TRUE(body["error_description"].is_string());
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  }
}

}  // namespace
}  // namespace revento::testing::oauth
