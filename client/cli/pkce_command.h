// `revento pkce`: prints a fresh PKCE verifier and its S256 challenge, one
// "name  value" line each (code_verifier, code_challenge,
// code_challenge_method); --json prints them as one JSON object. --verifier V
// derives V's challenge; V must be an RFC 7636 verifier (43 to 128 characters
// of A-Z a-z 0-9 - . _ ~), else exit 2.
#pragma once

#include <CLI/CLI.hpp>

namespace revento::client::cli {

struct PkceOptions {
  std::string verifier;  // when set, only derive its challenge
  bool json = false;
};

void AddPkceCommand(CLI::App& app, PkceOptions& options, int& exit_code);
int RunPkce(const PkceOptions& options);

}  // namespace revento::client::cli
