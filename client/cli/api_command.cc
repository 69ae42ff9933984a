#include "client/cli/api_command.h"

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/api/api_client.h"
#include "client/oauth/form_encoding.h"
#include "client/oauth/token_client.h"
#include "client/tokens/token_manager.h"
#include "client/tokens/token_store.h"

namespace revento::client::cli {

namespace {

constexpr const char* kApiCommand = "api get";

// The one stored installation for `auth_base`, narrowed by the flags.
Result<StoredTokens> ChooseInstallation(FileTokenStore& store, const std::string& auth_base,
                                        const ApiGetOptions& options) {
  auto all = store.List();
  if (!all) return portable::unexpected(all.error());
  std::vector<StoredTokens> matching;
  for (auto& t : *all) {
    if (t.key.auth_base != auth_base) continue;
    if (!options.event_id.empty() && t.key.event_id != options.event_id) continue;
    if (!options.client_id.empty() && t.key.client_id != options.client_id) continue;
    matching.push_back(std::move(t));
  }
  if (matching.empty()) {
    return Fail("no tokens for " + auth_base + (options.event_id.empty() ? "" : " and event " + options.event_id) +
                " in " + store.path() + ": run `revento connect --emulator " + auth_base + "` first");
  }
  if (matching.size() > 1) {
    return Fail(kInvalidArgument, std::to_string(matching.size()) + " installations for " + auth_base + " in " +
                                      store.path() + ": pick one with --event ID (and --client-id ID)");
  }
  return matching.front();
}

// A request's failure as one line. A revoked token (the organizer uninstalled
// the integration, or Revento revoked the family) cannot be refreshed: say
// that a new consent is needed, as the token manager does for invalid_grant.
std::string FailureLine(const Error& error, const std::string& auth_base, const StoredTokens& installation) {
  if (error.status == 401 && error.code == "token_revoked") {
    return "re-consent needed: the installation's tokens were revoked (" + error.message +
           "): run `revento connect --emulator " + auth_base + " --event " + installation.key.event_id + "` again";
  }
  return error.message;
}

}  // namespace

void AddApiCommand(CLI::App& app, const GlobalOptions& global, ApiGetOptions& options, int& exit_code) {
  auto* api = app.add_subcommand("api", "Call the Read API with the stored installation's token");
  api->require_subcommand(1);
  api->footer("Example:\n  revento api get /events/evt_abc123/participants --all --jsonl");
  auto* get = api->add_subcommand("get", "GET a Read API path; the JSON body on stdout");
  get->footer(
      "Examples:\n"
      "  revento api get /events/evt_abc123\n"
      "  revento api get /events/evt_abc123/applications --query status=approved\n"
      "  revento api get /events/evt_abc123/participants --all --jsonl");
  get->add_option("PATH", options.path, "Path under API_BASE, e.g. /events/evt_abc123/participants")->required();
  get->add_option("--query,-q", options.query, "A query parameter k=v (repeatable)");
  get->add_flag("--all", options.all, "Follow next_cursor to the last page");
  get->add_flag("--jsonl", options.jsonl, "With --all: one record per line");
  get->add_option("--event", options.event_id, "Use the installation of this event");
  get->add_option("--client-id", options.client_id, "Use the installation of this client");
  get->add_option("--token-file", options.token_file,
                  "Where tokens are stored (default $REVENTO_TOKEN_FILE or ~/.config/revento/tokens.json)");
  get->callback([&global, &options, &exit_code] { exit_code = RunApiGet(global, options); });
}

int RunApiGet(const GlobalOptions& global, const ApiGetOptions& options) {
  auto base = EmulatorBase(global);
  if (!base) return Report(kApiCommand, base.error().message, kExitUsage);
  if (options.jsonl && !options.all) return Report(kApiCommand, "--jsonl needs --all", kExitUsage);
  std::string path = options.path;
  if (path.starts_with("/api/v1/")) path = path.substr(7);
  if (!path.starts_with("/")) {
    return Report(kApiCommand, "PATH must start with / (like /events/evt_abc123), got \"" + options.path + "\"",
                  kExitUsage);
  }
  api::Query query;
  if (size_t q = path.find('?'); q != std::string::npos) {
    // A query written in PATH comes first (decoded here, encoded again when sent).
    for (auto& [name, value] : DecodeQueryOf(path.substr(q))) query.emplace_back(name, value);
    path = path.substr(0, q);
  }
  for (const auto& kv : options.query) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Report(kApiCommand, "--query takes name=value, got \"" + kv + "\"", kExitUsage);
    }
    query.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }

  bool has_limit = std::any_of(query.begin(), query.end(), [](const auto& kv) { return kv.first == "limit"; });
  if (options.all && !has_limit) query.emplace_back("limit", "100");

  FileTokenStore store(TokenFileOf(options.token_file));
  auto installation = ChooseInstallation(store, *base, options);
  if (!installation) return Report(kApiCommand, installation.error().message, ExitCodeFor(installation.error()));
  auto transport = http::MakeHttpTransport();
  TokenClient tokens(TokenClientOptions{*base, installation->key.client_id, installation->client_secret}, transport);
  TokenManager manager(tokens, store, installation->key);
  api::ApiClientOptions api_options;
  api_options.api_base = *base + "/api/v1";
  api::ApiClient client(api_options, manager, transport);

  if (!options.all) {
    auto body = client.GetText(path, query);
    if (!body) return Report(kApiCommand, FailureLine(body.error(), *base, *installation));
    std::cout << *body;
    if (!body->ends_with('\n')) std::cout << "\n";
    return kExitOk;
  }

  nlohmann::json collected = nlohmann::json::array();
  std::optional<std::string> cursor;
  do {
    api::Query page_query = query;
    if (cursor) page_query.emplace_back("cursor", *cursor);
    auto page = client.GetJson(path, page_query);
    if (!page && !cursor && !has_limit && page.error().status == 400 && page.error().code == "invalid_parameter") {
      // Was it the limit --all added? Asked without it, a single resource answers.
      api::Query without_limit(query.begin(), query.end() - 1);
      if (auto single = client.GetJson(path, without_limit); single) {
        return Report(kApiCommand, path + " is not a list (it takes no limit): drop --all", kExitUsage);
      }
    }
    if (!page) return Report(kApiCommand, FailureLine(page.error(), *base, *installation));
    if (!page->is_object() || !page->contains("data") || !(*page)["data"].is_array() ||
        !page->contains("next_cursor")) {
      return Report(kApiCommand, path + " is not a list (no data and next_cursor): drop --all", kExitUsage);
    }
    for (auto& record : (*page)["data"]) {
      if (options.jsonl) {
        std::cout << record.dump() << "\n";
      } else {
        collected.push_back(std::move(record));
      }
    }
    const auto& next = (*page)["next_cursor"];
    cursor = next.is_string() ? std::optional<std::string>(next.get<std::string>()) : std::nullopt;
  } while (cursor);
  if (!options.jsonl) std::cout << nlohmann::json{{"data", collected}, {"next_cursor", nullptr}}.dump() << "\n";
  std::cout << std::flush;
  return kExitOk;
}

}  // namespace revento::client::cli
