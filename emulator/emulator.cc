#include "emulator/emulator.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "emulator/fixtures/synthetic_participants.h"
#include "emulator/input_file.h"
#include "emulator/json_limits.h"
#include "emulator/routes.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/sandbox/state_transfer.h"
#include "emulator/sandbox/reset_handler.h"
#include "emulator/store/integrations.h"
#include "emulator/store/integrity.h"
#include "emulator/store/schema.h"
#include "portable/release_memory.h"
#include "version/version.h"

namespace revento::emulator {

Result<std::unique_ptr<Emulator>> Emulator::Create(const Options& options, Dependencies deps) {
  std::unique_ptr<Emulator> emulator(new Emulator(options));
  if (auto st = emulator->Init(deps); !st) return portable::unexpected(st.error());
  return emulator;
}

Emulator::~Emulator() {
  Stop();
  if (background_.joinable()) background_.join();
}

Status Emulator::Init(Dependencies deps) {
  const Clock* base = deps.base_clock;
  if (!base) {
    owned_base_clock_ = std::make_unique<SystemClock>();
    base = owned_base_clock_.get();
  }
  IdSource* ids = deps.ids;
  if (!ids) {
    owned_ids_ = std::make_unique<RandomIdSource>();
    ids = owned_ids_.get();
  }
  log_ = std::make_unique<Log>(deps.log_stream ? *deps.log_stream : std::cerr, options_.log_level);

  if (!options_.fixtures_path.empty()) {
    auto parsed = ReadFixturesFile(options_.fixtures_path);
    if (!parsed) return portable::unexpected(parsed.error());
    fixtures_ = std::move(*parsed);
  } else {
    fixtures_ = DefaultFixtures();
  }
  std::vector<std::string> published_secrets;  // the fixture file's, before any are drawn
  if (!options_.redirect_uris.empty() && !fixtures_.integrations.empty()) {
    fixtures_.integrations.front().redirect_uris = options_.redirect_uris;
  }
  for (auto& integration : fixtures_.integrations) {
    published_secrets.push_back(integration.client_secret);
    if (options_.random_secrets) {
      integration.client_secret = ids->NewId("rev_secret_", 20);
      if (integration.webhook_secret) integration.webhook_secret = ids->NewId("whsec_", 20);
    }
    if (!options_.webhook_url.empty() && integration.webhook_url) integration.webhook_url = options_.webhook_url;
  }

  std::string path = ":memory:";
  if (!options_.data_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options_.data_dir, ec);
    if (ec) return Fail("--data-dir " + options_.data_dir + ": cannot create the directory: " + ec.message());
    path = (std::filesystem::path(options_.data_dir) / "sandbox.db").string();
  }
  auto db = Database::Open(path);
  if (!db) return portable::unexpected(db.error());
  db_ = std::move(*db);
  clock_ = std::make_unique<SandboxClock>(*base);
  base_clock_ = base;
  webhooks::Transport* transport = deps.webhook_transport;
  if (!transport) {
    owned_transport_ = std::make_unique<webhooks::HttpTransport>();
    transport = owned_transport_.get();
  }
  dispatcher_ = std::make_unique<webhooks::Dispatcher>(
      *db_, *clock_, *base_clock_, *transport, *log_,
      webhooks::DispatcherOptions{options_.webhook_workers, options_.webhook_timeout});
  webhook_events_ = std::make_unique<webhooks::WebhookEvents>(*db_, *ids, *dispatcher_);
  services_ = std::unique_ptr<Services>(
      new Services{*db_, *clock_, *ids, *log_, options_, fixtures_, *webhook_events_, ""});

  {
    auto lock = db_->Lock();
    if (auto st = ApplySchema(*db_); !st) return Fail(path + ": " + st.error().message);
    if (!FixturesLoaded(*db_)) {
      Transaction tx(*db_);
      LoadFixtures(fixtures_, *db_);
      MarkFixturesLoaded(*db_);
      tx.Commit();
      LoadSyntheticParticipants(*db_, fixtures_, options_.participants, *log_);
    } else {
      // A database kept from an earlier run is read only once it holds
      // together; --import replaces it whole (and checks what it brings).
      if (options_.import_path.empty()) {
        if (auto st = CheckIntegrity(*db_); !st) {
          return Fail(path + ": " + st.error().message +
                      ". Fix: start once with --import FILE (a good GET /_sandbox/state export), or move " +
                      options_.data_dir + " away to start from the fixtures");
        }
      }
      // A database kept from an earlier run holds the secrets the server
      // accepts (random ones included): those are the ones to print.
      // Except the published fixture secrets when random ones are asked for
      // (or implied off loopback): those are replaced by the ones just drawn.
      Integrations integrations(*db_);
      for (size_t k = 0; k < fixtures_.integrations.size(); ++k) {
        auto& i = fixtures_.integrations[k];
        if (!options_.webhook_url.empty() && i.webhook_url) integrations.SetWebhookUrl(i.id, options_.webhook_url);
        if (!options_.redirect_uris.empty() && &i == &fixtures_.integrations.front()) {
          integrations.SetRedirectUris(i.id, i.redirect_uris);
        }
        auto stored = integrations.FindById(i.id);
        if (!stored) continue;
        if (options_.random_secrets && stored->client_secret == published_secrets[k]) {
          integrations.SetSecrets(i.id, i.client_secret, stored->webhook_secret ? i.webhook_secret : std::nullopt);
        }
        stored = integrations.FindById(i.id);
        i.client_secret = stored->client_secret;
        i.webhook_secret = stored->webhook_secret;
      }
    }
  }

  if (!options_.import_path.empty()) {
    auto size = CheckRegularFile(options_.import_path, "a state export (GET /_sandbox/state saved to a file)");
    if (!size) return Fail("--import " + size.error().message);
    auto text = ReadWholeFile(options_.import_path, *size);
    if (!text) return Fail("--import " + text.error().message);
    auto document = ParseBoundedJson(*text);
    *text = std::string();  // the parsed document is what the import needs; free the file's bytes now
    if (!document) return Fail("--import " + options_.import_path + ": " + document.error().message);
    auto imported = sandbox::ImportState(*db_, *clock_, *document);
    if (!imported) return Fail("--import " + options_.import_path + ": " + imported.error().message);
    *document = nlohmann::json();
    portable::ReleaseFreedMemory();
  }

  journal_ = std::make_unique<sandbox::Journal>(*clock_, static_cast<size_t>(options_.journal_size));
  faults_ = std::make_unique<sandbox::FaultTable>(*clock_, *ids, [ids] { return sandbox::UniformFromIds(*ids); });
  traffic_hooks_ = std::make_unique<sandbox::TrafficHooks>(*journal_, *faults_, std::move(deps.sleep));
  request_guard_ = std::make_unique<http::RequestGuard>(
      http::GuardPolicy{options_.allowed_hosts, options_.public_url}, traffic_hooks_.get());

  if (!options_.record_responses_path.empty()) {
    auto recorder = http::ResponseRecorder::Open(options_.record_responses_path);
    if (!recorder) return portable::unexpected(recorder.error());
    response_recorder_ = std::move(*recorder);
  }

  BuildRoutes(*this, router_);
  http::ServerOptions server_options;
  server_options.host = options_.host;
  server_options.port = options_.port;
  // Two HTTP workers at start instead of the pool's eight: the pool adds one
  // whenever a connection arrives and none is idle, so load is served as
  // before, and start-up spawns six threads fewer (issue 23: start-up at
  // 1.5x the bare server). Workers above these two retire when idle.
  server_options.min_threads = 2;
  server_ = std::make_unique<http::Server>(router_, *ids, *log_, server_options, request_guard_.get(),
                                           response_recorder_.get());
  return Ok();
}

Result<int> Emulator::Start() {
  auto port = server_->Bind();
  if (!port) return port;
  port_ = *port;
  dispatcher_->Start();
  services_->public_url = options_.public_url.empty() ? "http://localhost:" + std::to_string(port_)
                                                      : options_.public_url;
  return port_;
}

void Emulator::Serve() { server_->Serve(); }

void Emulator::ServeInBackground() {
  background_ = std::thread([this] { server_->Serve(); });
}

void Emulator::Stop() {
  if (server_) server_->Stop();
  if (dispatcher_) dispatcher_->Stop();
}

bool Emulator::Shutdown(std::chrono::milliseconds timeout) {
  bool drained = server_->Drain(timeout);
  // A response is counted done before httplib writes it; its recorded line
  // follows the write (--record-responses lost one on SIGINT under load).
  if (response_recorder_) response_recorder_->AwaitExpected(std::chrono::seconds(2));
  // Attempts on the wire finish (at most the per-attempt timeout); queued
  // deliveries stay in the database and are sent after the next start.
  if (dispatcher_) dispatcher_->Stop();
  if (!options_.export_on_exit_path.empty()) ExportOnExit();
  auto lock = db_->Lock();
  db_->OptimizeAndCheckpoint();
  return drained;
}

void Emulator::ExportOnExit() {
  const std::string& path = options_.export_on_exit_path;
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << sandbox::ExportState(*db_, *clock_).dump(2) << "\n";
    if (!out) {
      log_->Error("--export-on-exit " + path + ": cannot write " + temporary);
      return;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    log_->Error("--export-on-exit " + path + ": " + ec.message());
    return;
  }
  log_->Info("state exported to " + path);
}

nlohmann::json Emulator::Config() const {
  const std::string& base = services_->public_url;
  nlohmann::json config = {
      {"port", port_},
      {"issuer", base},
      {"auth_base", base},
      {"api_base", base + "/api/v1"},
      {"sandbox_base", base + "/_sandbox"},
      {"console_url", base + "/_sandbox/console"},
      {"event_id", fixtures_.events.empty() ? "" : fixtures_.events.front().id},
      {"organization_id", fixtures_.organizations.empty() ? "" : fixtures_.organizations.front().id},
      {"auto_consent", options_.auto_consent},
  };
  nlohmann::json integrations = nlohmann::json::array();
  for (const auto& i : fixtures_.integrations) {
    integrations.push_back({{"id", i.id},
                            {"name", i.name},
                            {"client_id", i.client_id},
                            {"client_secret", i.client_secret},
                            {"redirect_uris", i.redirect_uris},
                            {"scopes", i.scopes},
                            {"webhook_url", i.webhook_url ? nlohmann::json(*i.webhook_url) : nlohmann::json()},
                            {"webhook_secret", i.webhook_secret ? nlohmann::json(*i.webhook_secret) : nlohmann::json()}});
  }
  if (!integrations.empty()) {
    const auto& first = integrations.front();
    config["client_id"] = first["client_id"];
    config["client_secret"] = first["client_secret"];
    config["webhook_secret"] = first["webhook_secret"];
    config["redirect_uri"] = first["redirect_uris"].empty() ? nlohmann::json() : first["redirect_uris"][0];
    config["redirect_uris"] = first["redirect_uris"];
    config["webhook_url"] = first["webhook_url"];
  }
  config["integrations"] = integrations;
  return config;
}

std::string Emulator::Banner() const {
  auto c = Config();
  std::ostringstream out;
  // With --public-url the issuer need not name the bound port (--port 0):
  // say where the socket really is too.
  out << "revento-emulator " << kVersion << " listening on " << c["issuer"].get<std::string>();
  if (!options_.public_url.empty()) out << " (bound to " << options_.host << ":" << port_ << ")";
  out << "\n"
      << "  AUTH_BASE  " << c["auth_base"].get<std::string>() << "\n"
      << "  API_BASE   " << c["api_base"].get<std::string>() << "\n"
      << "  console    " << c["console_url"].get<std::string>() << "\n"
      << "  state      " << (options_.data_dir.empty() ? "in memory" : options_.data_dir + "/sandbox.db")
      << (options_.auto_consent ? ", auto-consent on" : "") << "\n";
  for (const auto& i : c["integrations"]) {
    out << "  integration \"" << i["name"].get<std::string>() << "\"\n"
        << "    REVENTO_CLIENT_ID=" << i["client_id"].get<std::string>() << "\n"
        << "    REVENTO_CLIENT_SECRET=" << i["client_secret"].get<std::string>() << "\n";
    if (!i["webhook_secret"].is_null())
      out << "    REVENTO_WEBHOOK_SECRET=" << i["webhook_secret"].get<std::string>() << "\n";
    out << "    SANDBOX_EVENT_ID=" << c["event_id"].get<std::string>() << "\n";
    for (const auto& uri : i["redirect_uris"]) out << "    redirect URI  " << uri.get<std::string>() << "\n";
    if (!i["webhook_url"].is_null()) out << "    webhook URL   " << i["webhook_url"].get<std::string>() << "\n";
  }
  return out.str();
}

}  // namespace revento::emulator
