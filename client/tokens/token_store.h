// Where an integration keeps its installations' tokens between runs.
//
// An installation is identified by InstallationKey (the authorization
// server, the client id and the event the consent was given for). A
// StoredTokens record holds the newest token pair, when the access token
// expires (Unix seconds on the client's clock), and what refreshing needs
// (client id and secret, auth base).
//
// FileTokenStore keeps every installation in one JSON file (default
// ~/.config/revento/tokens.json):
//   {"version": 1, "installations": [{"auth_base", "client_id",
//    "client_secret", "event_id", "organization_id", "scope",
//    "access_token", "refresh_token", "expires_at"}, ...]}
// It writes the whole file to a temporary file in the same directory
// (mode 0600), fsyncs it and renames it over the old one, so a crash never
// leaves a truncated file; the directory is created 0700. It refuses to read
// a file that is not this JSON, that the group or others can read, or that
// is larger than kMaxTokenFileBytes (1 MiB; a file of thousands of
// installations takes a few hundred KiB), with a one-line Error (code
// kInvalidArgument: the CLI exits 2) naming the file and the fix
// ("chmod 600 FILE", or "delete FILE and connect again"). Nothing past the
// cap is read. A missing file is an empty store.
// Concurrent processes: the last writer wins (each write is atomic).
//
// MemoryTokenStore keeps them in memory (tests, short-lived programs).
//
// Thread safety: both stores serialize their own calls with a mutex.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/status.h"

namespace revento::client {

inline constexpr uintmax_t kMaxTokenFileBytes = uintmax_t{1} << 20;

struct InstallationKey {
  std::string auth_base;
  std::string client_id;
  std::string event_id;
  bool operator==(const InstallationKey&) const = default;
};

struct StoredTokens {
  InstallationKey key;
  std::string client_secret;
  std::string organization_id;
  std::string scope;
  std::string access_token;
  std::string refresh_token;
  int64_t expires_at = 0;  // Unix seconds
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  virtual Result<std::vector<StoredTokens>> List() = 0;
  virtual Result<std::optional<StoredTokens>> Load(const InstallationKey& key);
  // Inserts or replaces the record with the same key.
  virtual Status Save(const StoredTokens& tokens) = 0;
  virtual Status Remove(const InstallationKey& key) = 0;
};

class MemoryTokenStore final : public TokenStore {
 public:
  Result<std::vector<StoredTokens>> List() override;
  Status Save(const StoredTokens& tokens) override;
  Status Remove(const InstallationKey& key) override;

 private:
  std::mutex mutex_;
  std::vector<StoredTokens> records_;
};

class FileTokenStore final : public TokenStore {
 public:
  explicit FileTokenStore(std::string path);
  const std::string& path() const { return path_; }

  Result<std::vector<StoredTokens>> List() override;
  Status Save(const StoredTokens& tokens) override;
  Status Remove(const InstallationKey& key) override;

 private:
  Result<std::vector<StoredTokens>> ReadLocked();
  Status WriteLocked(const std::vector<StoredTokens>& records);

  std::string path_;
  std::mutex mutex_;
};

// $REVENTO_TOKEN_FILE if set and non-empty, else $HOME/.config/revento/tokens.json.
std::string DefaultTokenFilePath();

}  // namespace revento::client
