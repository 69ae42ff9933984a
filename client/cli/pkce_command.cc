#include "client/cli/pkce_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "client/oauth/pkce.h"

namespace revento::client::cli {

void AddPkceCommand(CLI::App& app, PkceOptions& options, int& exit_code) {
  auto* cmd = app.add_subcommand("pkce", "Print a fresh PKCE verifier and its S256 challenge as JSON");
  cmd->footer("Example:\n  revento pkce --verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  cmd->add_option("--verifier", options.verifier, "Derive the challenge of this verifier instead");
  cmd->callback([&options, &exit_code] { exit_code = RunPkce(options); });
}

int RunPkce(const PkceOptions& options) {
  PkcePair pair;
  if (options.verifier.empty()) {
    pair = NewPkcePair();
  } else {
    pair.verifier = options.verifier;
    pair.challenge = S256Challenge(options.verifier);
  }
  std::cout << nlohmann::json{{"code_verifier", pair.verifier},
                              {"code_challenge", pair.challenge},
                              {"code_challenge_method", "S256"}}
                   .dump()
            << "\n";
  return 0;
}

}  // namespace revento::client::cli
