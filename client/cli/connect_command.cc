#include "client/cli/connect_command.h"

#include <httplib.h>

#include <iostream>

#include "client/oauth/form_encoding.h"
#include "client/oauth/pkce.h"
#include "client/oauth/token_client.h"

namespace revento::client::cli {

void AddConnectCommand(CLI::App& app, ConnectOptions& options, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "connect", "Run the OAuth flow (PKCE, authorize, token) against an emulator started with --auto-consent");
  cmd->add_option("--auth-base", options.auth_base, "AUTH_BASE of the emulator")->capture_default_str();
  cmd->add_option("--client-id", options.client_id, "REVENTO_CLIENT_ID")->capture_default_str();
  cmd->add_option("--client-secret", options.client_secret, "REVENTO_CLIENT_SECRET")->capture_default_str();
  cmd->add_option("--redirect-uri", options.redirect_uri, "The registered redirect URI")->capture_default_str();
  cmd->add_option("--event-id", options.event_id, "SANDBOX_EVENT_ID")->capture_default_str();
  cmd->add_option("--scope", options.scope, "Space-separated scopes")->capture_default_str();
  cmd->add_option("--refresh", options.refreshes, "Refresh (with rotation) this many times after the exchange")
      ->check(CLI::Range(0, 1000));
  cmd->callback([&options, &exit_code] { exit_code = RunConnect(options); });
}

int RunConnect(const ConnectOptions& options) {
  auto fail = [](const std::string& message) {
    std::cerr << "revento connect: " << message << "\n";
    return 1;
  };
  PkcePair pkce = NewPkcePair();
  std::string state = "revento-connect-" + pkce.verifier.substr(0, 12);
  std::string path = "/oauth/authorize?" + FormEncode({{"response_type", "code"},
                                                       {"client_id", options.client_id},
                                                       {"redirect_uri", options.redirect_uri},
                                                       {"scope", options.scope},
                                                       {"event_id", options.event_id},
                                                       {"state", state},
                                                       {"code_challenge", pkce.challenge},
                                                       {"code_challenge_method", "S256"}});
  httplib::Client browser(options.auth_base);
  browser.set_url_encode(false);
  browser.set_follow_location(false);
  browser.set_connection_timeout(std::chrono::seconds(5));
  auto res = browser.Get(path.c_str());
  if (!res) return fail("GET " + options.auth_base + "/oauth/authorize failed: " + httplib::to_string(res.error()));
  if (res->status == 200)
    return fail("the emulator showed its consent page; start it with --auto-consent to connect from the command line");
  if (res->status != 302)
    return fail("/oauth/authorize answered " + std::to_string(res->status) + ": " + res->body.substr(0, 500));
  // httplib's client hands Location over percent-decoded; the code and the
  // state generated here have no characters that decoding changes.
  std::string location = res->get_header_value("Location");
  if (!location.starts_with(options.redirect_uri))
    return fail("redirected to " + location + ", not to " + options.redirect_uri);
  auto query = DecodeQueryOf(location);
  if (query.count("error")) return fail("authorization refused: " + query["error"] + ": " + query["error_description"]);
  if (query["state"] != state) return fail("state mismatch in " + location);
  if (query["code"].empty()) return fail("no code in " + location);

  TokenClient tokens(options.auth_base, options.client_id, options.client_secret);
  auto exchanged = tokens.ExchangeCode(query["code"], options.redirect_uri, pkce.verifier);
  if (!exchanged) return fail(exchanged.error().message);
  TokenSession session(tokens, *exchanged);
  for (int i = 0; i < options.refreshes; ++i) {
    if (auto refreshed = session.Refresh(); !refreshed) return fail(refreshed.error().message);
  }
  std::cout << session.current().raw_json << "\n";
  return 0;
}

}  // namespace revento::client::cli
