#include "client/webhooks/payload_templates.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

namespace revento::client::webhooks {

// Defined in the file CMake generates from fixtures/payloads/.
const std::vector<std::pair<std::string_view, std::string_view>>& BuiltInPayloadTemplateTexts();

namespace {

Result<nlohmann::ordered_json> ParseTemplate(std::string_view name, std::string_view text) {
  auto data = nlohmann::ordered_json::parse(text, nullptr, false);
  if (data.is_discarded() || !data.is_object()) {
    return Fail("payload template " + std::string(name) +
                " is not a JSON object: fix or regenerate it with "
                "scripts/generate-payload-templates.mjs");
  }
  return data;
}

}  // namespace

const std::vector<std::string>& CatalogTypes() {
  static const std::vector<std::string> kTypes = {
      "event.published",       "event.updated",          "event.cancelled",        "application.submitted",
      "application.approved",  "application.rejected",   "participant.registered", "participant.updated",
      "participant.cancelled", "participant.checked_in", "installation.revoked"};
  return kTypes;
}

bool IsCatalogType(std::string_view type) {
  const auto& types = CatalogTypes();
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::string UnknownTypeMessage(std::string_view type) {
  std::string message = "unknown webhook type \"" + std::string(type) + "\": use one of";
  for (const auto& t : CatalogTypes()) message += " " + t;
  return message;
}

const PayloadTemplates& PayloadTemplates::BuiltIn() {
  static const PayloadTemplates kBuiltIn = [] {
    PayloadTemplates templates;
    for (const auto& [type, text] : BuiltInPayloadTemplateTexts()) {
      auto data = ParseTemplate(type, text);
      if (data) templates.data_.emplace(std::string(type), std::move(*data));
    }
    return templates;
  }();
  return kBuiltIn;
}

Result<PayloadTemplates> PayloadTemplates::LoadDirectory(const std::filesystem::path& dir) {
  PayloadTemplates templates;
  for (const auto& type : CatalogTypes()) {
    std::filesystem::path file = dir / (type + ".json");
    std::ifstream in(file, std::ios::binary);
    if (!in) return Fail("cannot read " + file.string() + ": every catalog type needs a template there");
    std::stringstream text;
    text << in.rdbuf();
    auto data = ParseTemplate(file.string(), text.str());
    if (!data) return portable::unexpected(data.error());
    templates.data_.emplace(type, std::move(*data));
  }
  return templates;
}

Result<nlohmann::ordered_json> PayloadTemplates::DataFor(std::string_view type) const {
  auto it = data_.find(type);
  if (it == data_.end()) return Fail(UnknownTypeMessage(type));
  return it->second;
}

}  // namespace revento::client::webhooks
