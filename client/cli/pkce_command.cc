#include "client/cli/pkce_command.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/oauth/pkce.h"

namespace revento::client::cli {

void AddPkceCommand(CLI::App& app, PkceOptions& options, int& exit_code) {
  auto* cmd = app.add_subcommand("pkce", "Print a fresh PKCE verifier and its S256 challenge");
  cmd->footer(
      "Examples:\n  revento pkce --json\n  revento pkce --verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  cmd->add_option("--verifier", options.verifier, "Derive the challenge of this verifier instead");
  cmd->add_flag("--json", options.json, "Print one JSON object (code_verifier, code_challenge, code_challenge_method)");
  cmd->callback([&options, &exit_code] { exit_code = RunPkce(options); });
}

namespace {

// RFC 7636 section 4.1: 43 to 128 characters of [A-Z] [a-z] [0-9] - . _ ~
bool IsVerifier(const std::string& text) {
  if (text.size() < 43 || text.size() > 128) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~';
  });
}

}  // namespace

int RunPkce(const PkceOptions& options) {
  if (!options.verifier.empty() && !IsVerifier(options.verifier)) {
    std::cerr << "revento pkce: --verifier is not a PKCE verifier (" << options.verifier.size()
              << " characters): pass 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636), or leave it out\n";
    return 2;
  }
  PkcePair pair;
  if (options.verifier.empty()) {
    pair = NewPkcePair();
  } else {
    pair.verifier = options.verifier;
    pair.challenge = S256Challenge(options.verifier);
  }
  if (options.json) {
    std::cout << nlohmann::json{{"code_verifier", pair.verifier},
                                {"code_challenge", pair.challenge},
                                {"code_challenge_method", "S256"}}
                     .dump()
              << "\n";
  } else {
    std::cout << "code_verifier          " << pair.verifier << "\n"
              << "code_challenge         " << pair.challenge << "\n"
              << "code_challenge_method  S256\n";
  }
  return 0;
}

}  // namespace revento::client::cli
