// The Revento catalog: the scopes an integration may declare and the webhook
// types it may subscribe to, with the scope each type's data needs.
// Thread safety: immutable data.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace revento::emulator {

struct ScopeInfo {
  std::string_view name;
  std::string_view description;  // in words, for the consent page
};

struct WebhookTypeInfo {
  std::string_view type;
  std::string_view required_scope;  // empty: none needed
};

std::span<const ScopeInfo> Scopes();
std::span<const WebhookTypeInfo> WebhookTypes();

const ScopeInfo* FindScope(std::string_view name);
const WebhookTypeInfo* FindWebhookType(std::string_view type);

}  // namespace revento::emulator
