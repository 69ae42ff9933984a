#include "client/tokens/token_manager.h"

namespace revento::client {

TokenManager::TokenManager(TokenClient& client, TokenStore& store, InstallationKey key, Clock& clock,
                           TokenManagerOptions options)
    : client_(client), store_(store), key_(std::move(key)), clock_(clock), options_(options) {}

Status TokenManager::Adopt(const TokenResponse& tokens) {
  std::lock_guard lock(mutex_);
  dead_ = false;
  return KeepLocked(tokens);
}

Result<std::string> TokenManager::AccessToken() {
  std::lock_guard lock(mutex_);
  if (auto loaded = LoadLocked(); !loaded) return portable::unexpected(loaded.error());
  auto deadline = UnixSeconds(clock_.Now()) + options_.refresh_ahead.count();
  if (deadline < current_->expires_at) return current_->access_token;
  return RefreshLocked(std::nullopt);
}

Result<std::string> TokenManager::AccessTokenAfterExpiry(const std::string& rejected_access_token) {
  std::lock_guard lock(mutex_);
  if (auto loaded = LoadLocked(); !loaded) return portable::unexpected(loaded.error());
  if (current_->access_token != rejected_access_token) return current_->access_token;
  return RefreshLocked(std::nullopt);
}

Result<std::string> TokenManager::Refresh(const std::optional<std::string>& scope) {
  std::lock_guard lock(mutex_);
  if (auto loaded = LoadLocked(); !loaded) return portable::unexpected(loaded.error());
  return RefreshLocked(scope);
}

Status TokenManager::Revoke() {
  std::lock_guard lock(mutex_);
  if (auto loaded = LoadLocked(); !loaded) return loaded;
  if (auto revoked = client_.Revoke(current_->refresh_token, "refresh_token"); !revoked) return revoked;
  dead_ = true;
  return store_.Remove(key_);
}

std::optional<StoredTokens> TokenManager::Current() {
  std::lock_guard lock(mutex_);
  if (!LoadLocked()) return std::nullopt;
  return current_;
}

Status TokenManager::LoadLocked() {
  if (dead_) return portable::unexpected(ReconsentError());
  if (current_) return {};
  auto stored = store_.Load(key_);
  if (!stored) return portable::unexpected(stored.error());
  if (!*stored) {
    return Fail(kInvalidArgument, "no tokens for client " + key_.client_id + " and event " + key_.event_id + " at " +
                                      key_.auth_base + ": run `revento connect` first");
  }
  current_ = std::move(**stored);
  return {};
}

Result<std::string> TokenManager::RefreshLocked(const std::optional<std::string>& scope) {
  // Another process may have rotated the tokens since they were loaded:
  // presenting the old refresh token would be reuse and kill the family.
  if (auto stored = store_.Load(key_); stored && *stored && (*stored)->refresh_token != current_->refresh_token) {
    current_ = std::move(**stored);
    if (!scope && UnixSeconds(clock_.Now()) + options_.refresh_ahead.count() < current_->expires_at) {
      return current_->access_token;
    }
  }
  auto refreshed = client_.Refresh(current_->refresh_token, scope);
  if (!refreshed) {
    if (refreshed.error().code == "invalid_grant") {
      dead_ = true;
      Error error = ReconsentError();
      error.status = refreshed.error().status;
      error.detail = refreshed.error().detail;
      error.request_id = refreshed.error().request_id;
      return portable::unexpected(std::move(error));
    }
    return portable::unexpected(refreshed.error());
  }
  if (auto kept = KeepLocked(*refreshed); !kept) return portable::unexpected(kept.error());
  return current_->access_token;
}

Status TokenManager::KeepLocked(const TokenResponse& tokens) {
  StoredTokens next;
  next.key = key_;
  next.client_secret = client_.options().client_secret;
  next.organization_id = tokens.organization_id;
  next.scope = tokens.scope;
  next.access_token = tokens.access_token;
  next.refresh_token = tokens.refresh_token;
  next.expires_at = UnixSeconds(clock_.Now()) + tokens.expires_in;
  current_ = next;
  return store_.Save(next);
}

Error TokenManager::ReconsentError() const {
  Error error{"re-consent needed: the installation for event " + key_.event_id +
              " is revoked or its refresh token was used twice; run `revento connect` again"};
  error.code = std::string(kReconsentNeeded);
  return error;
}

}  // namespace revento::client
