// `revento pkce`: prints a fresh PKCE verifier and its S256 challenge as JSON.
#pragma once

#include <CLI/CLI.hpp>

namespace revento::client::cli {

struct PkceOptions {
  std::string verifier;  // when set, only derive its challenge
};

void AddPkceCommand(CLI::App& app, PkceOptions& options, int& exit_code);
int RunPkce(const PkceOptions& options);

}  // namespace revento::client::cli
