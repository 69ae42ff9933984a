// Reading a YAML file into JSON while remembering where each value was.
//
// Scalars become JSON by YAML 1.2 core rules for plain scalars (true/false,
// null or ~, integers, floats, anything else a string); quoted scalars are
// always strings. `lines` and `columns` map each value's JSON pointer (""
// for the root, "/steps/0/connect") to its 1-based line and column in the
// file.
//
// Aliases are bounded before anything is built: the events of the file are
// counted first with every alias expanded (a YAML "billion laughs" of a few
// hundred bytes would otherwise become gigabytes of JSON), and a file that
// would become more than kMaxScenarioValues values is refused.
//
// Errors: a file that cannot be read (missing, not a regular file, over
// kMaxScenarioFileBytes) is an Error "FILE: reason"; YAML that does not parse,
// or expands past the bound, is an Error "FILE:LINE:COLUMN: reason".
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "client/status.h"

namespace revento::client::scenarios {

// The largest scenario (YAML) file read; larger is refused naming the size.
inline constexpr uintmax_t kMaxScenarioFileBytes = 8 << 20;
// The most values (scalars, lists, mappings) a scenario file may stand for
// once its aliases are expanded.
inline constexpr uint64_t kMaxScenarioValues = 1'000'000;

struct YamlDocument {
  nlohmann::json root;
  std::map<std::string, int> lines;
  std::map<std::string, int> columns;

  // The line of `pointer`, or of its nearest ancestor that has one.
  int LineOf(std::string pointer) const;
  // "LINE:COLUMN" of `pointer`, or of its nearest ancestor that has one.
  std::string PositionOf(std::string pointer) const;
};

Result<YamlDocument> ReadYamlFile(const std::string& path);
Result<YamlDocument> ParseYaml(const std::string& text, const std::string& name_for_errors);

}  // namespace revento::client::scenarios
