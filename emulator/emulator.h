// The composition root of revento-emulator.
//
// Emulator builds everything one running sandbox needs, in order: the
// database (memory or DIR/sandbox.db), the schema, the fixtures (on a new
// database only; an existing data directory keeps its state), the sandbox
// clock over the injected base clock, the route table and the HTTP server.
// Tests construct it in-process with a fake clock and id source; main()
// constructs it with the production defaults.
//
// Lifecycle: Create() -> Start() (binds; returns the port) -> Serve()
// (blocks) or ServeInBackground(). Stop() from any thread (a test) stops the
// server; the destructor waits for every connection and closes the database.
// A process that exits on a signal calls Shutdown() instead: stop accepting,
// finish the requests in flight, stop background work, close the database;
// it then exits without waiting for idle keep-alive connections; with
// --export-on-exit it writes the state export once requests are done.
// With --import, Create() replaces the state with the file's export after
// the fixtures (and fails, naming the field, when the file is invalid).
// Start() also starts the webhook dispatcher (webhooks/dispatcher.h); Stop()
// and Shutdown() stop it, waiting for attempts on the wire, before the
// database closes. With --record-responses, Create() opens the file (and
// fails, naming the flag, when it cannot) and the server records every
// response into it (http/response_recorder.h).
#pragma once

#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "emulator/clock.h"
#include "emulator/fixtures/fixtures.h"
#include "emulator/http/request_guard.h"
#include "emulator/http/router.h"
#include "emulator/http/server.h"
#include "emulator/ids.h"
#include "emulator/log.h"
#include "emulator/options.h"
#include "emulator/sandbox/fault_table.h"
#include "emulator/sandbox/journal.h"
#include "emulator/sandbox/traffic_hooks.h"
#include "emulator/services.h"
#include "emulator/status.h"
#include "emulator/store/database.h"
#include "emulator/webhooks/dispatcher.h"
#include "emulator/webhooks/webhook_events.h"
#include "emulator/webhooks/transport.h"

namespace revento::emulator {

// The seams tests replace. Null members get the production default.
struct Dependencies {
  const Clock* base_clock = nullptr;  // default: SystemClock
  IdSource* ids = nullptr;            // default: RandomIdSource
  std::ostream* log_stream = nullptr;  // default: std::cerr
  webhooks::Transport* webhook_transport = nullptr;  // default: HttpTransport
  sandbox::TrafficHooks::Sleep sleep;                 // a delay fault's wait; default: sleep_for
};

class Emulator {
 public:
  static Result<std::unique_ptr<Emulator>> Create(const Options& options, Dependencies deps = {});
  ~Emulator();

  // Binds the port; afterwards port() and config() are final.
  Result<int> Start();
  void Serve();
  void ServeInBackground();
  void Stop();
  // Returns false if requests were still running after `timeout`.
  bool Shutdown(std::chrono::milliseconds timeout);

  int port() const { return port_; }
  Services& services() { return *services_; }
  SandboxClock& clock() { return *clock_; }
  Database& db() { return *db_; }
  sandbox::Journal& journal() { return *journal_; }
  sandbox::FaultTable& faults() { return *faults_; }
  webhooks::Dispatcher& dispatcher() { return *dispatcher_; }
  DomainEvents& domain_events() { return *webhook_events_; }

  // The --print-config object: base URLs, ids and the fixture secrets.
  nlohmann::json Config() const;
  // The human banner printed at start.
  std::string Banner() const;

 private:
  explicit Emulator(const Options& options) : options_(options) {}
  Status Init(Dependencies deps);
  // --export-on-exit: the state export, written to FILE.tmp then renamed.
  void ExportOnExit();

  Options options_;
  std::unique_ptr<Clock> owned_base_clock_;
  std::unique_ptr<IdSource> owned_ids_;
  std::unique_ptr<Log> log_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SandboxClock> clock_;
  Fixtures fixtures_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<sandbox::Journal> journal_;
  std::unique_ptr<sandbox::FaultTable> faults_;
  std::unique_ptr<sandbox::TrafficHooks> traffic_hooks_;
  std::unique_ptr<http::RequestGuard> request_guard_;  // in front of traffic_hooks_
  std::unique_ptr<http::ResponseRecorder> response_recorder_;  // with --record-responses only
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread background_;
  int port_ = 0;
  // Webhooks: declared last so that the dispatcher stops before the
  // database closes.
  const Clock* base_clock_ = nullptr;
  std::unique_ptr<webhooks::Transport> owned_transport_;
  std::unique_ptr<webhooks::Dispatcher> dispatcher_;
  std::unique_ptr<webhooks::WebhookEvents> webhook_events_;
};

}  // namespace revento::emulator
