#include "emulator/store/sql_functions.h"

#include <sqlite3.h>

#include <string>

#include "emulator/representations/representations.h"

namespace revento::emulator {

namespace {

std::string TextArgument(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_value_bytes(value)));
}

void ParticipantJsonFunction(sqlite3_context* context, int, sqlite3_value** args) {
  Participant p;
  p.id = TextArgument(args[0]);
  p.event_id = TextArgument(args[1]);
  p.first_name = TextArgument(args[2]);
  p.last_name = TextArgument(args[3]);
  p.email = TextArgument(args[4]);
  p.ticket_type = TextArgument(args[5]);
  p.status = TextArgument(args[6]);
  p.registered_at = sqlite3_value_int64(args[7]);
  p.updated_at = sqlite3_value_int64(args[8]);
  if (sqlite3_value_type(args[9]) != SQLITE_NULL) p.checked_in_at = sqlite3_value_int64(args[9]);
  std::string json;
  json.reserve(320);
  AppendParticipantJson(json, p);
  sqlite3_result_text(context, json.data(), static_cast<int>(json.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status RegisterRepresentationFunctions(Database& db) {
  return db.CreateFunction("revento_participant_json", 10, ParticipantJsonFunction);
}

}  // namespace revento::emulator
