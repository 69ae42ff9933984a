#include "client/tokens/token_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace revento::client {

namespace {

nlohmann::json ToJson(const StoredTokens& t) {
  return {{"auth_base", t.key.auth_base},   {"client_id", t.key.client_id},         {"client_secret", t.client_secret},
          {"event_id", t.key.event_id},     {"organization_id", t.organization_id}, {"scope", t.scope},
          {"access_token", t.access_token}, {"refresh_token", t.refresh_token},     {"expires_at", t.expires_at}};
}

bool FromJson(const nlohmann::json& j, StoredTokens* t) {
  if (!j.is_object()) return false;
  auto text = [&j](const char* name, std::string* out) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
  };
  auto expires = j.find("expires_at");
  if (expires == j.end() || !expires->is_number_integer()) return false;
  t->expires_at = expires->get<int64_t>();
  return text("auth_base", &t->key.auth_base) && text("client_id", &t->key.client_id) &&
         text("client_secret", &t->client_secret) && text("event_id", &t->key.event_id) &&
         text("organization_id", &t->organization_id) && text("scope", &t->scope) &&
         text("access_token", &t->access_token) && text("refresh_token", &t->refresh_token);
}

std::string Errno() { return std::strerror(errno); }

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// mkdir -p with mode 0700 for the directories it creates.
bool MakeDirectories(const std::string& dir) {
  struct stat st {};
  if (stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  if (dir != "/" && dir != "." && !MakeDirectories(DirectoryOf(dir))) return false;
  return mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST;
}

}  // namespace

Result<std::optional<StoredTokens>> TokenStore::Load(const InstallationKey& key) {
  auto all = List();
  if (!all) return portable::unexpected(all.error());
  for (auto& t : *all) {
    if (t.key == key) return std::optional<StoredTokens>(std::move(t));
  }
  return std::optional<StoredTokens>();
}

Result<std::vector<StoredTokens>> MemoryTokenStore::List() {
  std::lock_guard lock(mutex_);
  return records_;
}

Status MemoryTokenStore::Save(const StoredTokens& tokens) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(records_.begin(), records_.end(), [&](const auto& r) { return r.key == tokens.key; });
  if (it == records_.end()) {
    records_.push_back(tokens);
  } else {
    *it = tokens;
  }
  return {};
}

Status MemoryTokenStore::Remove(const InstallationKey& key) {
  std::lock_guard lock(mutex_);
  std::erase_if(records_, [&](const auto& r) { return r.key == key; });
  return {};
}

FileTokenStore::FileTokenStore(std::string path) : path_(std::move(path)) {}

Result<std::vector<StoredTokens>> FileTokenStore::List() {
  std::lock_guard lock(mutex_);
  return ReadLocked();
}

Status FileTokenStore::Save(const StoredTokens& tokens) {
  std::lock_guard lock(mutex_);
  auto records = ReadLocked();
  if (!records) return portable::unexpected(records.error());
  auto it = std::find_if(records->begin(), records->end(), [&](const auto& r) { return r.key == tokens.key; });
  if (it == records->end()) {
    records->push_back(tokens);
  } else {
    *it = tokens;
  }
  return WriteLocked(*records);
}

Status FileTokenStore::Remove(const InstallationKey& key) {
  std::lock_guard lock(mutex_);
  auto records = ReadLocked();
  if (!records) return portable::unexpected(records.error());
  std::erase_if(*records, [&](const auto& r) { return r.key == key; });
  return WriteLocked(*records);
}

Result<std::vector<StoredTokens>> FileTokenStore::ReadLocked() {
  struct stat st {};
  if (stat(path_.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::vector<StoredTokens>();
    return Fail(kInvalidArgument, "cannot read the token file " + path_ + ": " + Errno() +
                                      " (fix the path or set --token-file / REVENTO_TOKEN_FILE)");
  }
  if (!S_ISREG(st.st_mode)) {
    return Fail(kInvalidArgument, "the token file " + path_ + " is not a regular file: point --token-file at a file");
  }
  if ((st.st_mode & 077) != 0) {
    return Fail(
        kInvalidArgument, "the token file " + path_ + " can be read by others (mode " +
                              [&] {
                                char mode[8];
                                std::snprintf(mode, sizeof mode, "%03o", st.st_mode & 0777);
                                return std::string(mode);
                              }() +
                              "): run `chmod 600 " + path_ + "` and retry");
  }
  auto not_ours = [this](const std::string& why) {
    return Fail(kInvalidArgument, "the token file " + path_ + " " + why + ": delete it (or move it away) and run " +
                                      "`revento connect` again");
  };
  const std::string too_large = "is larger than the " + std::to_string(kMaxTokenFileBytes >> 20) +
                                " MiB a token file may hold (it is not one revento wrote)";
  if (static_cast<uintmax_t>(st.st_size) > kMaxTokenFileBytes) return not_ours(too_large);
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Fail(kInvalidArgument, "cannot open the token file " + path_ + ": " + Errno());
  // At most one byte past the cap: the file may have grown since stat().
  std::string text(static_cast<size_t>(st.st_size) + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxTokenFileBytes) return not_ours(too_large);
  if (text.size() > static_cast<size_t>(st.st_size)) {
    return Fail(kInvalidArgument, "the token file " + path_ + " grew while it was read: retry");
  }
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return not_ours("is not JSON");
  if (!json.is_object() || json.value("version", 0) != 1 || !json.contains("installations") ||
      !json["installations"].is_array()) {
    return not_ours("is not a revento token file (version 1)");
  }
  std::vector<StoredTokens> out;
  for (const auto& entry : json["installations"]) {
    StoredTokens t;
    if (!FromJson(entry, &t)) return not_ours("has an installation with a missing or mistyped field");
    out.push_back(std::move(t));
  }
  return out;
}

Status FileTokenStore::WriteLocked(const std::vector<StoredTokens>& records) {
  std::string dir = DirectoryOf(path_);
  if (!MakeDirectories(dir)) {
    return Fail(kInvalidArgument, "cannot create the directory " + dir + " for the token file: " + Errno());
  }
  nlohmann::json json = {{"version", 1}, {"installations", nlohmann::json::array()}};
  for (const auto& r : records) json["installations"].push_back(ToJson(r));
  std::string text = json.dump(2) + "\n";
  std::string temp = path_ + ".tmp-XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) return Fail("cannot create a temporary file next to " + path_ + ": " + Errno());
  auto abandon = [&](const std::string& what) {
    std::string why = Errno();
    close(fd);
    unlink(temp.c_str());
    return Fail("cannot write the token file " + path_ + " (" + what + ": " + why + "); the old file is unchanged");
  };
  if (fchmod(fd, 0600) != 0) return abandon("chmod");
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return abandon("write");
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) return abandon("fsync");
  if (close(fd) != 0) {
    unlink(temp.c_str());
    return Fail("cannot write the token file " + path_ + " (close: " + Errno() + "); the old file is unchanged");
  }
  if (rename(temp.c_str(), path_.c_str()) != 0) {
    std::string why = Errno();
    unlink(temp.c_str());
    return Fail("cannot replace the token file " + path_ + " (" + why + "); the old file is unchanged");
  }
  if (int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY); dir_fd >= 0) {
    fsync(dir_fd);
    close(dir_fd);
  }
  return {};
}

std::string DefaultTokenFilePath() {
  if (const char* env = std::getenv("REVENTO_TOKEN_FILE"); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.config/revento/tokens.json";
}

}  // namespace revento::client
