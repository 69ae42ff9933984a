#include "emulator/options.h"

#include <CLI/CLI.hpp>

#include <cmath>

#include "emulator/http_url.h"
#include "version/version.h"

namespace revento::emulator {

namespace {

// --webhook-timeout's bounds, in seconds: from 50 ms (room for a loopback
// answer, and a short wait for a scenario's hanging receiver) to 5 minutes.
constexpr double kMinWebhookTimeoutSeconds = 0.05;
constexpr double kMaxWebhookTimeoutSeconds = 300;

// CLI11's Range prints doubles as 0.050000; this says the bounds as written.
std::string CheckWebhookTimeout(const std::string& input) {
  double seconds = 0;
  if (!CLI::detail::lexical_cast(input, seconds) || std::isnan(seconds)) {
    return "Value " + input + " is not a number of seconds (e.g. 10 or 0.2)";
  }
  if (seconds < kMinWebhookTimeoutSeconds || seconds > kMaxWebhookTimeoutSeconds) {
    return "Value " + input + " not in range 0.05 to 300 (seconds; fractions allowed, e.g. 0.2)";
  }
  return {};
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::variant<Options, HelpRequested, Error> ParseOptions(int argc, const char* const* argv) {
  Options o;
  CLI::App app{"revento-emulator: the Revento platform (OAuth, Read API, signed webhooks) on your machine.",
               "revento-emulator"};
  // --help shows each option's default value (as docs/emulator.md does).
  app.option_defaults()->always_capture_default();
  app.set_version_flag("--version", std::string("revento-emulator ") + kVersion);
  std::string log_level = "info";
  app.add_option("--host", o.host, "Address to bind (loopback by default)");
  app.add_option("--port", o.port, "Port to listen on; 0 picks a free port")->check(CLI::Range(0, 65535));
  app.add_option("--fixtures", o.fixtures_path, "Fixture file to load instead of the default sandbox");
  app.add_option("--data-dir", o.data_dir, "Keep state in DIR/sandbox.db (survives restarts)");
  app.add_option("--public-url", o.public_url, "Base URL the emulator advertises (default http://localhost:PORT)");
  app.add_option("--admin-token", o.admin_token, "Token required on /_sandbox when binding a non-loopback host");
  app.add_flag("--auto-consent", o.auto_consent, "Skip the consent page: authorize redirects at once (for CI)");
  app.add_flag("--random-secrets", o.random_secrets, "Generate random client and webhook secrets (implied off loopback)");
  app.add_flag("--insecure-public-secrets", o.insecure_public_secrets,
               "Off loopback, keep the published fixture secrets instead of drawing random ones");
  app.add_option("--allowed-host", o.allowed_hosts, "Also answer requests whose Host is NAME (repeatable)")
      ->default_str("localhost, addresses, the --public-url host")
      ->type_name("NAME");
  app.add_flag("--print-config", o.print_config,
               "Print one JSON line (base URLs, ids, secrets) on stdout once listening; banner goes to stderr");
  app.add_option("--log-level", log_level, "debug, info, warn, error or off");
  app.add_option("--webhook-url", o.webhook_url, "Point the fixture integrations' webhooks at this URL");
  app.add_option("--redirect-uri", o.redirect_uris,
                 "Register this redirect URI for the default integration instead of the fixture's (repeatable)")
      ->default_str("fixture's")
      ->allow_extra_args(false);
  app.add_option("--participants", o.participants, "Give the default event N synthetic participants")
      ->default_str("none: the fixture's own")
      ->check(CLI::Range(int64_t{0}, int64_t{10'000'000}));
  app.add_option("--rate-limit", o.rate_limit_per_minute, "API requests per minute per token")
      ->check(CLI::Range(1, 100'000'000));
  app.add_option("--webhook-workers", o.webhook_workers, "Concurrent webhook senders")->check(CLI::Range(1, 256));
  double webhook_timeout_seconds = std::chrono::duration<double>(o.webhook_timeout).count();
  app.add_option("--webhook-timeout", webhook_timeout_seconds,
                 "Seconds before a delivery attempt times out (fractions allowed: 0.2)")
      ->type_name("SECONDS")
      ->check(CheckWebhookTimeout);
  app.add_option("--journal-size", o.journal_size, "Requests the journal keeps (/_sandbox/requests); 0 turns it off")
      ->check(CLI::Range(int64_t{0}, int64_t{1'000'000}));
  app.add_option("--import", o.import_path, "Replace the state with this export (GET /_sandbox/state) at start");
  app.add_option("--export-on-exit", o.export_on_exit_path, "Write the state export to FILE on SIGINT/SIGTERM");
  app.add_option("--record-responses", o.record_responses_path,
                 "Testing aid: append one JSON line per response sent (bodies unredacted) to FILE")
      ->check([](const std::string& path) { return path.empty() ? std::string("must name a file") : std::string(); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return HelpRequested{app.help()};
  } catch (const CLI::CallForVersion& version) {
    return HelpRequested{std::string(version.what()) + "\n"};
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    return Error{what};
  }
  o.webhook_timeout = std::chrono::milliseconds(std::llround(webhook_timeout_seconds * 1000));
  if (!ParseLogLevel(log_level, &o.log_level)) {
    return Error{"--log-level: \"" + log_level + "\" is not one of debug, info, warn, error, off"};
  }
  if (!IsLoopbackHost(o.host) && o.admin_token.empty()) {
    return Error{"--host " + o.host +
                 " is not loopback: pass --admin-token TOKEN so that /_sandbox is not open to the network"};
  }
  // Off loopback, the secrets published in the docs would let anyone on the
  // network mint tokens: draw random ones unless told otherwise in words.
  if (!IsLoopbackHost(o.host) && !o.insecure_public_secrets) o.random_secrets = true;
  if (!o.public_url.empty() && !IsAbsoluteHttpUrl(o.public_url)) {
    return Error{"--public-url \"" + o.public_url + "\" " + std::string(kHttpUrlRule) + ", e.g. http://localhost:8787"};
  }
  while (!o.public_url.empty() && o.public_url.back() == '/') o.public_url.pop_back();
  if (!o.webhook_url.empty() && !IsAbsoluteHttpUrl(o.webhook_url)) {
    return Error{"--webhook-url \"" + o.webhook_url + "\" " + std::string(kHttpUrlRule) +
                 ", e.g. http://localhost:3000/webhooks/revento"};
  }
  for (const auto& uri : o.redirect_uris) {
    if (!IsAbsoluteHttpUrl(uri)) {
      return Error{"--redirect-uri \"" + uri + "\" " + std::string(kHttpUrlRule) +
                   ", e.g. http://localhost:5000/auth/callback (the exact URI your app sends as redirect_uri)"};
    }
  }
  return o;
}

}  // namespace revento::emulator
