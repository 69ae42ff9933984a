#include "emulator/store/schema.h"

#include <string>

#include "emulator/store/sql_functions.h"

namespace revento::emulator {

namespace {

constexpr const char* kTables[] = {
    // Deleted in this order by ClearAllTables (children first).
    "delivery_attempts", "deliveries",      "refresh_tokens", "access_tokens",
    "authorization_codes", "consents",      "installations",  "integrations",
    "check_ins",         "applications",    "participants",   "events",
    "users",             "organizations",
};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS organizations (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  name            TEXT NOT NULL,
  email           TEXT NOT NULL,
  role            TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  name            TEXT NOT NULL,
  status          TEXT NOT NULL,          -- draft | published | cancelled
  starts_at       INTEGER NOT NULL,
  ends_at         INTEGER NOT NULL,
  timezone        TEXT NOT NULL,
  venue           TEXT NOT NULL,
  capacity        INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

-- seq is the keyset for pagination: it only grows, so a cursor stays stable
-- while records are added. Participants are clustered by (event_id, seq),
-- so that a page is one range scan of the table: seq counts per event, from
-- 1, assigned as the event's largest seq + 1 (participants are never
-- deleted, so a seq is never reused).
CREATE TABLE IF NOT EXISTS participants (
  event_id      TEXT NOT NULL REFERENCES events(id),
  seq           INTEGER NOT NULL,
  id            TEXT NOT NULL UNIQUE,
  first_name    TEXT NOT NULL,
  last_name     TEXT NOT NULL,
  email         TEXT NOT NULL,
  ticket_type   TEXT NOT NULL,
  status        TEXT NOT NULL,            -- registered | cancelled
  registered_at INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  checked_in_at INTEGER,
  -- The Read API representation, kept by SQLite on every write
  -- (store/sql_functions.h).
  representation TEXT GENERATED ALWAYS AS (revento_participant_json(
    id, event_id, first_name, last_name, email, ticket_type, status, registered_at, updated_at,
    checked_in_at)) STORED,
  PRIMARY KEY (event_id, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS applications (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  event_id        TEXT NOT NULL REFERENCES events(id),
  applicant_name  TEXT NOT NULL,
  applicant_email TEXT NOT NULL,
  answers         TEXT NOT NULL,          -- JSON object
  status          TEXT NOT NULL,          -- pending | approved | rejected
  submitted_at    INTEGER NOT NULL,
  decided_at      INTEGER,
  participant_id  TEXT
);
CREATE INDEX IF NOT EXISTS applications_by_event ON applications(event_id, seq);
CREATE INDEX IF NOT EXISTS applications_by_status ON applications(event_id, status, seq);

CREATE TABLE IF NOT EXISTS check_ins (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT NOT NULL UNIQUE,
  event_id       TEXT NOT NULL REFERENCES events(id),
  participant_id TEXT NOT NULL,
  checked_in_at  INTEGER NOT NULL,
  method         TEXT NOT NULL           -- qr | manual
);
CREATE INDEX IF NOT EXISTS check_ins_by_event ON check_ins(event_id, seq);

CREATE TABLE IF NOT EXISTS integrations (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  client_id      TEXT NOT NULL UNIQUE,
  client_secret  TEXT NOT NULL,
  redirect_uris  TEXT NOT NULL,           -- JSON array of strings
  scopes         TEXT NOT NULL,           -- JSON array of strings
  webhook_url    TEXT,
  webhook_events TEXT NOT NULL,           -- JSON array of catalog types
  webhook_secret TEXT,
  created_at     INTEGER NOT NULL
);

-- A consent request shown on the consent page; id_hash is the SHA-256 of
-- the one-time consent id posted back by Authorize / Deny.
CREATE TABLE IF NOT EXISTS consents (
  id_hash        TEXT PRIMARY KEY,
  integration_id TEXT NOT NULL REFERENCES integrations(id),
  event_id       TEXT NOT NULL,
  redirect_uri   TEXT NOT NULL,
  scope          TEXT NOT NULL,
  state          TEXT,
  code_challenge TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  decided_at     INTEGER
);
CREATE INDEX IF NOT EXISTS consents_by_expiry ON consents(expires_at);

-- One row per consent: the installation of an integration on one
-- (event, organization) pair, and the token family of that consent.
CREATE TABLE IF NOT EXISTS installations (
  id              TEXT PRIMARY KEY,
  integration_id  TEXT NOT NULL REFERENCES integrations(id),
  event_id        TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  scope           TEXT NOT NULL,          -- granted at consent
  created_at      INTEGER NOT NULL,
  revoked_at      INTEGER,
  revoked_reason  TEXT
);
CREATE INDEX IF NOT EXISTS installations_by_event ON installations(event_id);
-- Fan-out: an integration's oldest live installation on an event.
CREATE INDEX IF NOT EXISTS live_installations_by_event
  ON installations(event_id, integration_id, created_at, id) WHERE revoked_at IS NULL;

-- installation_id is set when the code is exchanged: the exchange creates
-- the installation (token family); a second use revokes it.
CREATE TABLE IF NOT EXISTS authorization_codes (
  code_hash       TEXT PRIMARY KEY,
  integration_id  TEXT NOT NULL REFERENCES integrations(id),
  event_id        TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  installation_id TEXT REFERENCES installations(id),
  redirect_uri    TEXT NOT NULL,
  scope           TEXT NOT NULL,
  code_challenge  TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  used_at         INTEGER
);
CREATE INDEX IF NOT EXISTS unused_codes_by_expiry ON authorization_codes(expires_at) WHERE used_at IS NULL;

CREATE TABLE IF NOT EXISTS access_tokens (
  token_hash      TEXT PRIMARY KEY,
  installation_id TEXT NOT NULL REFERENCES installations(id),
  scope           TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  revoked_at      INTEGER
);
CREATE INDEX IF NOT EXISTS access_tokens_by_installation ON access_tokens(installation_id);

CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash      TEXT PRIMARY KEY,
  installation_id TEXT NOT NULL REFERENCES installations(id),
  scope           TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  used_at         INTEGER,                -- rotated: presenting it again is reuse
  revoked_at      INTEGER
);
CREATE INDEX IF NOT EXISTS refresh_tokens_by_installation ON refresh_tokens(installation_id);

-- A webhook delivery to one integration. payload holds the exact body bytes
-- that every attempt sends.
CREATE TABLE IF NOT EXISTS deliveries (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  integration_id  TEXT NOT NULL REFERENCES integrations(id),
  installation_id TEXT,
  type            TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  webhook_url     TEXT NOT NULL,
  payload         TEXT NOT NULL,
  status          TEXT NOT NULL,          -- pending | in_flight | succeeded | failed
  attempt_count   INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,                -- sandbox time of the next attempt
  created_at      INTEGER NOT NULL,
  completed_at    INTEGER,
  replay_of       TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(status, next_attempt_at);

CREATE TABLE IF NOT EXISTS delivery_attempts (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id      TEXT NOT NULL REFERENCES deliveries(id),
  attempt          INTEGER NOT NULL,      -- 1-based
  started_at       INTEGER NOT NULL,      -- sandbox time
  timestamp_header INTEGER NOT NULL,      -- X-Revento-Timestamp sent (real time)
  status_code      INTEGER,               -- null when no response
  duration_ms      INTEGER NOT NULL,
  response_excerpt TEXT,                  -- first KiB of the response body
  error            TEXT
);
CREATE INDEX IF NOT EXISTS delivery_attempts_by_delivery ON delivery_attempts(delivery_id, attempt);
)sql";

}  // namespace

Status ApplySchema(Database& db) {
  if (auto st = RegisterRepresentationFunctions(db); !st) return st;
  if (auto st = db.Exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"); !st)
    return st;
  auto& read = db.Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (read.Step()) {
    std::string found = read.Text(0);
    read.Reset();
    if (found != std::to_string(kSchemaVersion)) {
      return Fail("database schema version " + found + " does not match this build's version " +
                  std::to_string(kSchemaVersion) + "; delete the data directory or use a matching build");
    }
  }
  read.Reset();
  if (auto st = db.Exec(kSchema); !st) return st;
  return db.Exec("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '" +
                 std::to_string(kSchemaVersion) + "')");
}

bool FixturesLoaded(Database& db) {
  auto& s = db.Prepare("SELECT 1 FROM meta WHERE key = 'fixtures_loaded'");
  bool loaded = s.Step();
  s.Reset();
  return loaded;
}

void MarkFixturesLoaded(Database& db) {
  db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('fixtures_loaded', '1')").Run();
}

void ClearAllTables(Database& db) {
  for (const char* table : kTables) {
    if (auto st = db.Exec(std::string("DELETE FROM ") + table); !st) throw StoreError(st.error().message);
  }
  // Restart the AUTOINCREMENT keysets too, so that a reset is a true reset.
  (void)db.Exec("DELETE FROM sqlite_sequence");
}

}  // namespace revento::emulator
