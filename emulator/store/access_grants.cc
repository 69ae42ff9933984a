#include "emulator/store/access_grants.h"

namespace revento::emulator {

std::optional<AccessGrant> AccessGrants::FindByTokenHash(std::string_view token_hash) {
  static const std::string kSql =
      "SELECT t.installation_id, i.event_id, i.organization_id, t.scope, t.expires_at, t.revoked_at, "
      "i.revoked_at FROM access_tokens t JOIN installations i ON i.id = t.installation_id "
      "WHERE t.token_hash = ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, token_hash);
  std::optional<AccessGrant> out;
  if (s.Step()) {
    out = AccessGrant{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), s.OptionalInt(5), s.OptionalInt(6)};
  }
  s.Reset();
  return out;
}

}  // namespace revento::emulator
