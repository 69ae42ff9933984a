#include "emulator/store/state_snapshot.h"

#include <algorithm>
#include <string>
#include <vector>

#include "emulator/store/integrity.h"
#include "emulator/store/schema.h"

namespace revento::emulator {

namespace {

using nlohmann::json;

struct Column {
  std::string name;
  bool integer = false;  // else TEXT
  bool not_null = false;
};

std::vector<Column> ColumnsOf(Database& db, std::string_view table) {
  std::vector<Column> columns;
  auto& s = db.Prepare("SELECT name, type, \"notnull\", hidden FROM pragma_table_xinfo(?)");
  s.Bind(1, table);
  while (s.Step()) {
    if (s.Int(3) != 0) continue;  // generated (derived) columns
    std::string type = s.Text(1);
    columns.push_back({s.Text(0), type.starts_with("INTEGER"), s.Int(2) != 0});
  }
  return columns;
}

std::string OrderOf(std::string_view table) { return table == "participants" ? "event_id, seq" : "rowid"; }

// Values a column may take beyond its type, where the schema says so.
struct Allowed {
  std::string_view table;
  std::string_view column;
  std::vector<std::string_view> values;
};

const std::vector<Allowed>& Enumerations() {
  static const std::vector<Allowed> kEnumerations = {
      {"events", "status", {"draft", "published", "cancelled"}},
      {"participants", "status", {"registered", "cancelled"}},
      {"applications", "status", {"pending", "approved", "rejected"}},
      {"check_ins", "method", {"qr", "manual"}},
      {"deliveries", "status", {"pending", "in_flight", "succeeded", "failed"}},
  };
  return kEnumerations;
}

// TEXT columns that hold JSON, and the kind of value they hold.
struct JsonText {
  std::string_view table;
  std::string_view column;
  bool array;  // else object
};

constexpr JsonText kJsonColumns[] = {
    {"integrations", "redirect_uris", true},
    {"integrations", "scopes", true},
    {"integrations", "webhook_events", true},
    {"applications", "answers", false},
};

Status CheckValue(std::string_view table, const Column& column, const json& value, const std::string& path) {
  if (value.is_null()) {
    if (column.not_null)
      return Fail(path + ": must not be null (" + (column.integer ? "an integer" : "a string") + ")");
    return Ok();
  }
  if (column.integer) {
    if (!value.is_number_integer()) return Fail(path + ": must be an integer");
    return Ok();
  }
  if (!value.is_string()) return Fail(path + ": must be a string");
  const std::string& text = value.get_ref<const std::string&>();
  for (const auto& e : Enumerations()) {
    if (e.table != table || e.column != column.name) continue;
    if (std::find(e.values.begin(), e.values.end(), text) == e.values.end()) {
      std::string names;
      for (auto v : e.values) names += (names.empty() ? "" : ", ") + std::string(v);
      return Fail(path + ": must be one of " + names);
    }
  }
  for (const auto& j : kJsonColumns) {
    if (j.table != table || j.column != column.name) continue;
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded() || (j.array ? !parsed.is_array() : !parsed.is_object())) {
      return Fail(path + ": must be JSON text of an " + (j.array ? "array" : "object"));
    }
  }
  return Ok();
}

}  // namespace

json StateSnapshot::Export() {
  json out = json::object();
  for (std::string_view table : kStateTables) {
    auto columns = ColumnsOf(db_, table);
    std::string sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", \"" : "\"") + columns[i].name + "\"";
    sql += " FROM " + std::string(table) + " ORDER BY " + OrderOf(table);
    json rows = json::array();
    auto& s = db_.Prepare(sql);
    while (s.Step()) {
      json row = json::object();
      for (size_t i = 0; i < columns.size(); ++i) {
        int c = static_cast<int>(i);
        if (s.IsNull(c)) {
          row[columns[i].name] = nullptr;
        } else if (columns[i].integer) {
          row[columns[i].name] = s.Int(c);
        } else {
          row[columns[i].name] = s.Text(c);
        }
      }
      rows.push_back(std::move(row));
    }
    out[std::string(table)] = std::move(rows);
  }
  return out;
}

Result<json> StateSnapshot::Import(const json& document) {
  for (std::string_view table : kStateTables) {
    std::string name(table);
    if (!document.contains(name)) return Fail(name + ": required (an array of rows, possibly empty)");
    if (!document[name].is_array()) return Fail(name + ": must be an array of rows");
  }
  ClearAllTables(db_);
  json counts = json::object();
  for (std::string_view table : kStateTables) {
    std::string name(table);
    auto columns = ColumnsOf(db_, table);
    std::string sql = "INSERT INTO " + name + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", \"" : "\"") + columns[i].name + "\"";
    sql += ") VALUES (";
    for (size_t i = 0; i < columns.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    const json& rows = document[name];
    for (size_t r = 0; r < rows.size(); ++r) {
      std::string path = name + "[" + std::to_string(r) + "]";
      const json& row = rows[r];
      if (!row.is_object()) return Fail(path + ": must be an object");
      for (const auto& [key, _] : row.items()) {
        if (std::none_of(columns.begin(), columns.end(), [&](const Column& c) { return c.name == key; })) {
          return Fail(path + "." + key + ": unknown field");
        }
      }
      auto& s = db_.Prepare(sql);
      for (size_t i = 0; i < columns.size(); ++i) {
        const Column& column = columns[i];
        int index = static_cast<int>(i) + 1;
        auto it = row.find(column.name);
        if (it == row.end()) {
          if (column.not_null) {
            return Fail(path + "." + column.name + ": required (" + (column.integer ? "an integer" : "a string") + ")");
          }
          s.BindNull(index);
          continue;
        }
        if (auto st = CheckValue(table, column, *it, path + "." + column.name); !st) return portable::unexpected(st.error());
        if (it->is_null()) {
          s.BindNull(index);
        } else if (column.integer) {
          s.Bind(index, it->get<int64_t>());
        } else {
          s.Bind(index, it->get_ref<const std::string&>());
        }
      }
      try {
        s.Run();
      } catch (const StoreError& e) {
        // "sqlite: UNIQUE constraint failed: participants.id in: INSERT ..." -> the constraint.
        std::string what = e.what();
        if (what.starts_with("sqlite: ")) what.erase(0, 8);
        if (size_t in = what.find(" in: "); in != std::string::npos) what.resize(in);
        return Fail(path + ": " + what +
                    (what.find("FOREIGN KEY") != std::string::npos
                         ? " (a reference to a row that is not in the document, or comes later in it)"
                         : ""));
      }
    }
    counts[name] = rows.size();
  }
  if (auto st = CheckIntegrity(db_); !st) return portable::unexpected(st.error());
  return counts;
}

}  // namespace revento::emulator
