// Command-line options of revento-emulator, parsed and validated.
//
// ParseOptions never exits: it returns the options, or an Error whose message
// is the one-line reason to print (the caller exits 2), or a request for
// help text. Every flag is documented in `revento-emulator --help` and in
// docs/emulator.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "emulator/log.h"
#include "emulator/status.h"

namespace revento::emulator {

struct Options {
  std::string host = "127.0.0.1";
  int port = 8787;
  std::string fixtures_path;  // empty: the built-in default sandbox file
  std::string data_dir;       // empty: in-memory state
  std::string public_url;     // empty: http://localhost:<port>
  std::string admin_token;    // required for /_sandbox on a non-loopback host
  bool auto_consent = false;
  bool random_secrets = false;  // ParseOptions sets it off loopback
  bool insecure_public_secrets = false;  // keep the published secrets off loopback
  std::vector<std::string> allowed_hosts;  // Host names answered besides localhost, addresses, --public-url's
  bool print_config = false;
  LogLevel log_level = LogLevel::kInfo;
  std::string webhook_url;  // overrides the fixture integration's webhook URL
  std::vector<std::string> redirect_uris;  // non-empty: replace the first integration's redirect URIs
  int64_t participants = -1;  // >= 0: synthetic participants for the default event
  int rate_limit_per_minute = 6000;
  int webhook_workers = 8;
  // --webhook-timeout SECONDS (fractions allowed, 0.05 to 300), in milliseconds.
  std::chrono::milliseconds webhook_timeout{10'000};
  int64_t journal_size = 10000;     // 0: no request journal
  std::string import_path;          // empty: no state import at start
  std::string export_on_exit_path;  // empty: no export on exit
  std::string record_responses_path;  // empty: no response recording (a testing aid)
};

struct HelpRequested {
  std::string text;
};

std::variant<Options, HelpRequested, Error> ParseOptions(int argc, const char* const* argv);

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace revento::emulator
