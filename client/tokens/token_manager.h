// Holds one installation's tokens and hands out a usable access token.
//
// The tokens live in a TokenStore under an InstallationKey. AccessToken()
// returns the current access token, refreshing first (through TokenClient,
// with rotation, and saving the new pair) when it expires within
// `refresh_ahead` (60 s) on the injected Clock. AccessTokenAfterExpiry(t) is
// for a request answered 401 `token_expired` with access token t: it
// refreshes once, unless another caller already replaced t, and returns the
// newer token.
//
// Single flight: one refresh at a time. Callers that need a refresh while
// one is running wait for it and use its result, so any number of threads
// hitting the expiry together cause exactly one refresh request (and the
// refresh token is never presented twice, which would revoke the family).
// Before refreshing, the manager re-reads the store: if another process
// already rotated the tokens, it takes them instead of refreshing.
//
// Errors: no stored tokens for the key is kInvalidArgument ("run revento
// connect"). A refresh answered `invalid_grant` means the family is dead
// (revoked, or a refresh token was reused): the manager returns an Error
// with code kReconsentNeeded, remembers it and never sends that refresh
// again; the only way on is a new consent (Adopt()). Other refresh failures
// (network, 5xx) are returned as they are and may be retried by calling
// again.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "client/clock.h"
#include "client/oauth/token_client.h"
#include "client/status.h"
#include "client/tokens/token_store.h"

namespace revento::client {

struct TokenManagerOptions {
  std::chrono::seconds refresh_ahead{60};
};

class TokenManager {
 public:
  TokenManager(TokenClient& client, TokenStore& store, InstallationKey key, Clock& clock = DefaultClock(),
               TokenManagerOptions options = {});

  // Keeps the tokens of a fresh exchange (or refresh) and saves them.
  Status Adopt(const TokenResponse& tokens);
  Result<std::string> AccessToken();
  Result<std::string> AccessTokenAfterExpiry(const std::string& rejected_access_token);
  // Refreshes now, optionally narrowing the new access token's scope.
  Result<std::string> Refresh(const std::optional<std::string>& scope = {});
  // Revokes the refresh token (the whole family, RFC 7009) and forgets the installation.
  Status Revoke();

  const InstallationKey& key() const { return key_; }
  std::optional<StoredTokens> Current();

 private:
  Status LoadLocked();
  Result<std::string> RefreshLocked(const std::optional<std::string>& scope);
  Status KeepLocked(const TokenResponse& tokens);
  Error ReconsentError() const;

  TokenClient& client_;
  TokenStore& store_;
  InstallationKey key_;
  Clock& clock_;
  TokenManagerOptions options_;
  std::mutex mutex_;
  std::optional<StoredTokens> current_;
  bool dead_ = false;
};

}  // namespace revento::client
