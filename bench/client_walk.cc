// bench/client_walk: the reference client walking a big list, records per
// second, beside curl fetching the same pages in a shell loop in the same run.
// Prints figures; asserts nothing.
//
//   build/bench/bench_client_walk [participants, default 100000]
//
// Starts the real revento-emulator with --participants N --auto-consent (and
// a rate limit high enough never to answer 429), connects with the library
// (AuthorizationRequest, TokenClient, TokenManager), then walks
// GET /api/v1/events/evt_abc123/participants?limit=100 to the last page three ways:
//   library   api::ApiClient::Participants() (typed records, one keep-alive connection)
//   cli       `revento api get ... --all --jsonl > /dev/null` (the same library, JSON out)
//   curl      a bash loop: one curl per page, next_cursor cut out by bash itself
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/support/child_process.h"
#include "client/api/api_client.h"
#include "client/http/transport.h"
#include "client/oauth/authorization_request.h"
#include "client/oauth/token_client.h"
#include "client/tokens/token_manager.h"

namespace {

using Seconds = std::chrono::duration<double>;

struct Emulator {
  pid_t pid = -1;
  nlohmann::json config;
  ~Emulator() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

bool Start(Emulator& emu, int participants) {
  auto child = revento::bench::StartEmulatorChild(
      REVENTO_EMULATOR_BINARY, {"--port", "0", "--print-config", "--auto-consent", "--log-level", "warn", "--rate-limit",
                                "100000000", "--participants", std::to_string(participants)});
  emu.pid = child.pid;
  emu.config = std::move(child.config);
  return emu.config.is_object();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace revento::client;
  int participants = argc > 1 ? std::atoi(argv[1]) : 100000;
  Emulator emu;
  if (!Start(emu, participants)) {
    std::cerr << "the emulator did not start\n";
    return 1;
  }
  std::string base = "http://127.0.0.1:" + std::to_string(emu.config["port"].get<int>());
  std::string dir = std::filesystem::temp_directory_path() / ("revento-bench-walk-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string token_file = dir + "/tokens.json";

  TokenClient tokens(TokenClientOptions{base, "rev_client_quickstart", "rev_secret_sandbox_quickstart"});
  FileTokenStore store(token_file);
  TokenManager manager(tokens, store, {base, "rev_client_quickstart", "evt_abc123"});
  auto request = AuthorizationRequest::Create(
      {base, "rev_client_quickstart", "http://localhost:3000/callback", "event.read participants.read", "evt_abc123"});
  auto answer = http::MakeHttpTransport()->Send({.url = request->url()});
  auto code = answer ? request->ParseCallback(answer->Header("Location")) : Result<std::string>(Fail("no answer"));
  auto exchanged = code ? tokens.ExchangeCode(*code, request->redirect_uri(), request->code_verifier())
                        : Result<TokenResponse>(revento::portable::unexpected(code.error()));
  if (!exchanged || !manager.Adopt(*exchanged)) {
    std::cerr << "connect failed: " << (exchanged ? "store" : exchanged.error().message) << "\n";
    return 1;
  }

  std::printf("client_walk: %d synthetic participants (+ fixtures), pages of 100, emulator %s\n", participants,
              base.c_str());

  api::ApiClient api({.api_base = base + "/api/v1"}, manager);
  auto started = std::chrono::steady_clock::now();
  size_t records = 0;
  for (auto& p : api.Participants("evt_abc123")) {
    if (!p) {
      std::cerr << p.error().message << "\n";
      return 1;
    }
    ++records;
  }
  double library = Seconds(std::chrono::steady_clock::now() - started).count();
  size_t pages = (records + 99) / 100;
  std::printf("  library  %zu records, %zu pages in %.2f s: %.0f records/s\n", records, pages, library,
              records / library);

  std::string cli_command = "REVENTO_TOKEN_FILE=" + token_file + " " + REVENTO_CLIENT_BINARY +
                            " api get /events/evt_abc123/participants --all --jsonl --emulator " + base +
                            " | wc -l > " + dir + "/cli_count";
  started = std::chrono::steady_clock::now();
  int cli_rc = std::system(cli_command.c_str());
  double cli = Seconds(std::chrono::steady_clock::now() - started).count();
  FILE* f = std::fopen((dir + "/cli_count").c_str(), "r");
  size_t cli_records = 0;
  if (f) {
    if (std::fscanf(f, "%zu", &cli_records) != 1) cli_records = 0;
    std::fclose(f);
  }
  std::printf("  cli      %zu records in %.2f s: %.0f records/s (exit %d)\n", cli_records, cli, cli_records / cli,
              cli_rc);

  auto token = manager.AccessToken();
  std::string script = dir + "/curl_walk.sh";
  {
    FILE* s = std::fopen(script.c_str(), "w");
    // One curl per page; next_cursor is cut out with bash parameter expansion
    // (no other process per page).
    std::fprintf(s,
                 "#!/usr/bin/env bash\n"
                 "url='%s/api/v1/events/evt_abc123/participants?limit=100'\n"
                 "cursor=; pages=0\n"
                 "while :; do\n"
                 "  body=$(curl -sf -H 'Authorization: Bearer %s' -H 'Accept: application/vnd.revento.v1+json' "
                 "\"$url${cursor:+&cursor=$cursor}\") || exit 1\n"
                 "  pages=$((pages + 1))\n"
                 "  [[ $body == *'\"next_cursor\":null'* ]] && break\n"
                 "  cursor=${body##*'\"next_cursor\":\"'}; cursor=${cursor%%%%'\"'*}\n"
                 "done\n"
                 "echo $pages > %s/curl_pages\n",
                 base.c_str(), token ? token->c_str() : "", dir.c_str());
    std::fclose(s);
  }
  started = std::chrono::steady_clock::now();
  int curl_rc = std::system(("bash " + script).c_str());
  double curl = Seconds(std::chrono::steady_clock::now() - started).count();
  size_t curl_pages = 0;
  if (FILE* p = std::fopen((dir + "/curl_pages").c_str(), "r")) {
    if (std::fscanf(p, "%zu", &curl_pages) != 1) curl_pages = 0;
    std::fclose(p);
  }
  std::printf("  curl     %zu pages (same pages, %zu records) in %.2f s: %.0f records/s (exit %d)\n", curl_pages,
              records, curl, records / curl, curl_rc);
  std::printf("  library / curl: %.1fx\n", curl / library);
  std::filesystem::remove_all(dir);
  return 0;
}
