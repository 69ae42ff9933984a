// State imports (PUT /_sandbox/state, --import): any bytes are parsed and
// imported without crashing; a refused import names the problem and leaves
// the state exactly as it was; an accepted one leaves a database that holds
// together (store/integrity.h, what every start on a --data-dir checks) and
// that exports and imports again. Issue 20: an accepted import used to make
// a data directory unstartable.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "emulator/clock.h"
#include "emulator/json_limits.h"
#include "emulator/sandbox/state_transfer.h"
#include "emulator/store/database.h"
#include "emulator/store/integrity.h"
#include "emulator/store/integrations.h"
#include "emulator/store/schema.h"

namespace {

using namespace revento::emulator;

struct FixedClock final : Clock {
  TimePoint Now() const override { return FromUnixSeconds(1'790'000'000); }
};

[[noreturn]] void Crash(const char* what, const std::string& detail) {
  std::fprintf(stderr, "state_import: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto document = ParseBoundedJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!document) return 0;
  static FixedClock base;
  static std::unique_ptr<Database> db = [] {
    auto opened = Database::Open(":memory:");
    if (!opened || !ApplySchema(**opened)) Crash("setup", "cannot open an in-memory database");
    return std::move(*opened);
  }();
  SandboxClock clock(base);
  std::string before = sandbox::ExportState(*db, clock).dump();
  auto imported = sandbox::ImportState(*db, clock, *document);
  if (!imported) {
    if (imported.error().message.empty()) Crash("a refusal without a message", document->dump().substr(0, 200));
    std::string after = sandbox::ExportState(*db, clock).dump();
    if (after != before) Crash("a refused import changed the state", imported.error().message);
    return 0;
  }
  {
    auto lock = db->Lock();
    if (auto st = CheckIntegrity(*db); !st) Crash("an accepted import broke an invariant", st.error().message);
    Integrations(*db).List();
  }
  nlohmann::json exported = sandbox::ExportState(*db, clock);
  if (auto again = sandbox::ImportState(*db, clock, exported); !again)
    Crash("an export of an accepted import was refused", again.error().message);
  return 0;
}
