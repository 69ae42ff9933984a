// The Revento catalog: the scopes an integration may declare and the webhook
// types it may subscribe to, with the scope each type's data needs.
//
// HoldsScope is the one scope-membership rule (token checks at the Read API,
// webhook fan-out, OAuth scope lists, manifests): a list holds a scope when
// one of its names equals it exactly, byte for byte (no prefix, case folding
// or wildcard: "event.read" does not hold "event", nor "event.readx"). A
// stored list is space-separated, as a token's scope is; an empty name in it
// holds nothing. Every list holds the empty scope (a webhook type that needs
// none).
// Thread safety: immutable data and pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
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

bool HoldsScope(std::string_view space_separated, std::string_view scope);
bool HoldsScope(std::span<const std::string> scopes, std::string_view scope);

}  // namespace revento::emulator
