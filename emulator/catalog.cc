#include "emulator/catalog.h"

#include <algorithm>
#include <array>

namespace revento::emulator {

namespace {

constexpr std::array<ScopeInfo, 4> kScopes{{
    {"event.read", "See the event's details: name, dates, venue and status"},
    {"participants.read", "See the event's participants: names, email addresses and registration status"},
    {"applications.read", "See applications to the event, including applicants' answers"},
    {"attendance.read", "See who checked in to the event, and when"},
}};

constexpr std::array<WebhookTypeInfo, 11> kWebhookTypes{{
    {"event.published", "event.read"},
    {"event.updated", "event.read"},
    {"event.cancelled", "event.read"},
    {"application.submitted", "applications.read"},
    {"application.approved", "applications.read"},
    {"application.rejected", "applications.read"},
    {"participant.registered", "participants.read"},
    {"participant.updated", "participants.read"},
    {"participant.cancelled", "participants.read"},
    {"participant.checked_in", "attendance.read"},
    {"installation.revoked", ""},
}};

}  // namespace

std::span<const ScopeInfo> Scopes() { return kScopes; }
std::span<const WebhookTypeInfo> WebhookTypes() { return kWebhookTypes; }

const ScopeInfo* FindScope(std::string_view name) {
  for (const auto& s : kScopes)
    if (s.name == name) return &s;
  return nullptr;
}

const WebhookTypeInfo* FindWebhookType(std::string_view type) {
  for (const auto& t : kWebhookTypes)
    if (t.type == type) return &t;
  return nullptr;
}

bool HoldsScope(std::string_view space_separated, std::string_view scope) {
  if (scope.empty()) return true;
  size_t start = 0;
  while (start <= space_separated.size()) {
    size_t end = space_separated.find(' ', start);
    if (end == std::string_view::npos) end = space_separated.size();
    if (space_separated.substr(start, end - start) == scope) return true;
    start = end + 1;
  }
  return false;
}

bool HoldsScope(std::span<const std::string> scopes, std::string_view scope) {
  return scope.empty() || std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

}  // namespace revento::emulator
