#include "emulator/store/token_families.h"

namespace revento::emulator {

namespace {

constexpr const char* kInstallationColumns =
    "id, integration_id, event_id, organization_id, scope, created_at, revoked_at, revoked_reason";

InstallationRecord ReadInstallation(const Statement& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5), s.OptionalInt(6), s.OptionalText(7)};
}

constexpr const char* kSubscriberColumns =
    "ins.id, ins.integration_id, ins.event_id, ins.organization_id, ins.scope, ins.revoked_at, i.webhook_url, "
    "i.webhook_events FROM installations ins JOIN integrations i ON i.id = ins.integration_id";

WebhookSubscriber ReadSubscriber(const Statement& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.OptionalInt(5), s.OptionalText(6), s.Text(7)};
}

int FamilyChanges(Statement& s) {
  int changed = s.Run();
  s.Reset();
  return changed;
}

}  // namespace

void TokenFamilies::InsertInstallation(const InstallationRecord& i) {
  auto& s =
      db_.Prepare(std::string("INSERT INTO installations(") + kInstallationColumns + ") VALUES (?,?,?,?,?,?,?,?)");
  s.Bind(1, i.id)
      .Bind(2, i.integration_id)
      .Bind(3, i.event_id)
      .Bind(4, i.organization_id)
      .Bind(5, i.scope)
      .Bind(6, i.created_at)
      .Bind(7, i.revoked_at)
      .Bind(8, i.revoked_reason);
  FamilyChanges(s);
}

std::optional<InstallationRecord> TokenFamilies::FindInstallation(std::string_view id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kInstallationColumns + " FROM installations WHERE id = ?");
  s.Bind(1, id);
  std::optional<InstallationRecord> out;
  if (s.Step()) out = ReadInstallation(s);
  s.Reset();
  return out;
}

std::vector<InstallationRecord> TokenFamilies::ListInstallations() {
  auto& s =
      db_.Prepare(std::string("SELECT ") + kInstallationColumns + " FROM installations ORDER BY created_at, rowid");
  std::vector<InstallationRecord> out;
  while (s.Step()) out.push_back(ReadInstallation(s));
  s.Reset();
  return out;
}

FamilyCounts TokenFamilies::CountTokens(std::string_view installation_id) {
  FamilyCounts counts;
  auto& a = db_.Prepare("SELECT COUNT(*) FROM access_tokens WHERE installation_id = ?");
  a.Bind(1, installation_id);
  if (a.Step()) counts.access_tokens = a.Int(0);
  a.Reset();
  auto& r = db_.Prepare("SELECT COUNT(*) FROM refresh_tokens WHERE installation_id = ?");
  r.Bind(1, installation_id);
  if (r.Step()) counts.refresh_tokens = r.Int(0);
  r.Reset();
  return counts;
}

bool TokenFamilies::RevokeFamily(std::string_view installation_id, int64_t now, std::string_view reason) {
  auto& i =
      db_.Prepare("UPDATE installations SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL");
  i.Bind(1, now).Bind(2, reason).Bind(3, installation_id);
  if (FamilyChanges(i) != 1) return false;
  auto& a = db_.Prepare("UPDATE access_tokens SET revoked_at = ? WHERE installation_id = ? AND revoked_at IS NULL");
  a.Bind(1, now).Bind(2, installation_id);
  FamilyChanges(a);
  auto& r = db_.Prepare("UPDATE refresh_tokens SET revoked_at = ? WHERE installation_id = ? AND revoked_at IS NULL");
  r.Bind(1, now).Bind(2, installation_id);
  FamilyChanges(r);
  return true;
}

void TokenFamilies::InsertAccessToken(const AccessTokenRecord& t) {
  auto& s = db_.Prepare(
      "INSERT INTO access_tokens(token_hash, installation_id, scope, created_at, expires_at) VALUES (?,?,?,?,?)");
  s.Bind(1, t.token_hash).Bind(2, t.installation_id).Bind(3, t.scope).Bind(4, t.created_at).Bind(5, t.expires_at);
  FamilyChanges(s);
}

std::optional<AccessTokenRecord> TokenFamilies::FindAccessToken(std::string_view token_hash) {
  auto& s = db_.Prepare(
      "SELECT token_hash, installation_id, scope, created_at, expires_at, revoked_at FROM access_tokens "
      "WHERE token_hash = ?");
  s.Bind(1, token_hash);
  std::optional<AccessTokenRecord> out;
  if (s.Step()) out = AccessTokenRecord{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4), s.OptionalInt(5)};
  s.Reset();
  return out;
}

bool TokenFamilies::RevokeAccessToken(std::string_view token_hash, int64_t now) {
  auto& s = db_.Prepare("UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");
  s.Bind(1, now).Bind(2, token_hash);
  return FamilyChanges(s) == 1;
}

void TokenFamilies::InsertRefreshToken(const RefreshTokenRecord& t) {
  auto& s = db_.Prepare("INSERT INTO refresh_tokens(token_hash, installation_id, scope, created_at) VALUES (?,?,?,?)");
  s.Bind(1, t.token_hash).Bind(2, t.installation_id).Bind(3, t.scope).Bind(4, t.created_at);
  FamilyChanges(s);
}

std::optional<RefreshTokenRecord> TokenFamilies::FindRefreshToken(std::string_view token_hash) {
  auto& s = db_.Prepare(
      "SELECT token_hash, installation_id, scope, created_at, used_at, revoked_at FROM refresh_tokens "
      "WHERE token_hash = ?");
  s.Bind(1, token_hash);
  std::optional<RefreshTokenRecord> out;
  if (s.Step()) out = RefreshTokenRecord{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.OptionalInt(4), s.OptionalInt(5)};
  s.Reset();
  return out;
}

bool TokenFamilies::MarkRefreshTokenUsed(std::string_view token_hash, int64_t now) {
  auto& s = db_.Prepare(
      "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL");
  s.Bind(1, now).Bind(2, token_hash);
  return FamilyChanges(s) == 1;
}

std::vector<WebhookIntegration> TokenFamilies::ListWebhookIntegrations() {
  auto& s = db_.Prepare("SELECT id, webhook_url, webhook_events FROM integrations WHERE webhook_url IS NOT NULL ORDER BY id");
  std::vector<WebhookIntegration> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2)});
  s.Reset();
  return out;
}

std::optional<InstallationRecord> TokenFamilies::FirstLiveInstallation(
    std::string_view event_id, std::string_view integration_id,
    const std::function<bool(const InstallationRecord&)>& accept) {
  // Served by the partial index live_installations_by_event.
  static const std::string kSql = std::string("SELECT ") + kInstallationColumns +
                                  " FROM installations WHERE event_id = ? AND integration_id = ? AND revoked_at IS NULL "
                                  "ORDER BY created_at, id";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, event_id).Bind(2, integration_id);
  std::optional<InstallationRecord> out;
  while (s.Step()) {
    InstallationRecord installation = ReadInstallation(s);
    if (accept(installation)) {
      out = std::move(installation);
      break;
    }
  }
  s.Reset();
  return out;
}

std::optional<WebhookSubscriber> TokenFamilies::FindWebhookSubscriber(std::string_view installation_id) {
  static const std::string kSql = std::string("SELECT ") + kSubscriberColumns + " WHERE ins.id = ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, installation_id);
  std::optional<WebhookSubscriber> out;
  if (s.Step()) out = ReadSubscriber(s);
  s.Reset();
  return out;
}

}  // namespace revento::emulator
