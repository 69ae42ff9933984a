// Fixture files (--fixtures): any bytes are parsed without crashing, a
// refusal names the source, and fixtures that parse load into a fresh
// database with the emulator's schema.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "emulator/fixtures/fixtures.h"
#include "emulator/store/database.h"
#include "emulator/store/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fixtures = revento::emulator::ParseFixtures(text, "fuzz.json");
  if (!fixtures) {
    if (!std::string_view(fixtures.error().message).starts_with("fuzz.json")) {
      std::fprintf(stderr, "fixture_file: a refusal that does not name the file: %s\n",
                   fixtures.error().message.c_str());
      std::abort();
    }
    return 0;
  }
  auto db = revento::emulator::Database::Open(":memory:");
  if (!db || !revento::emulator::ApplySchema(**db)) {
    std::fprintf(stderr, "fixture_file: cannot open an in-memory database\n");
    std::abort();
  }
  auto lock = (*db)->Lock();
  revento::emulator::LoadFixtures(*fixtures, **db);
  return 0;
}
