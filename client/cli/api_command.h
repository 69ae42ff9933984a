// `revento api get PATH`: one Read API GET with the stored installation's
// token (refreshed when needed), the body on stdout.
//
// PATH is relative to API_BASE (`/events/evt_abc123/participants`; a leading
// `/api/v1` is accepted too) and may carry a query; --query k=v adds
// parameters (form-encoded). The installation is the one in the token file
// for --emulator (narrowed by --event and --client-id when the file holds
// several). --all follows next_cursor to the last page (asking for limit=100
// unless --query limit=N says otherwise) and prints
// {"data": [every record], "next_cursor": null}; with --jsonl, one record per
// line instead, as the pages arrive.
//
// Exit 0 on a 200, 1 when the request failed (the API's error code, message
// and request id on one stderr line; "re-consent needed" when the token
// family is dead), 2 for bad flags or an unusable token file.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "client/cli/common.h"

namespace revento::client::cli {

struct ApiGetOptions {
  std::string path;
  std::vector<std::string> query;  // k=v
  bool all = false;
  bool jsonl = false;
  std::string event_id;   // narrows the installation
  std::string client_id;  // narrows the installation
  std::string token_file;
};

void AddApiCommand(CLI::App& app, const GlobalOptions& global, ApiGetOptions& options, int& exit_code);
int RunApiGet(const GlobalOptions& global, const ApiGetOptions& options);

}  // namespace revento::client::cli
