// The webhook catalog as the reference client knows it, and one `data`
// template per type: fixtures/payloads/<type>.json, compiled into the library
// (so `revento` runs from any directory). The templates are the shapes the
// emulator sends (scripts/generate-payload-templates.mjs writes them from
// real deliveries; tests/client/webhooks/payload_templates_drift_test.cc fails when they drift).
//
// Errors: an unknown type is an Error listing the catalog; a directory
// missing a type or holding a file that is not a JSON object is an Error
// naming the file. Thread safety: immutable after construction.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "client/status.h"

namespace revento::client::webhooks {

// The 11 catalog types, in the contract's order.
const std::vector<std::string>& CatalogTypes();
bool IsCatalogType(std::string_view type);

class PayloadTemplates {
 public:
  // The templates compiled in from fixtures/payloads/.
  static const PayloadTemplates& BuiltIn();
  // Loads <dir>/<type>.json for every catalog type.
  static Result<PayloadTemplates> LoadDirectory(const std::filesystem::path& dir);

  // A copy of the type's `data` template, keys in the file's order.
  Result<nlohmann::ordered_json> DataFor(std::string_view type) const;

 private:
  std::map<std::string, nlohmann::ordered_json, std::less<>> data_;
};

// A type error listing the catalog, for messages.
std::string UnknownTypeMessage(std::string_view type);

}  // namespace revento::client::webhooks
