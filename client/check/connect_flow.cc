#include "client/check/connect_flow.h"

#include <strings.h>

#include "client/check/report_text.h"
#include "client/encoding.h"
#include "client/oauth/form_encoding.h"

namespace revento::client::check {

using nlohmann::json;

const std::vector<std::string> kAuthorizeKeys = {"client_id", "redirect_uri",   "scope",
                                                 "state",     "code_challenge", "code_challenge_method"};
const std::vector<std::string> kTokenKeys = {"grant_type",    "code",      "redirect_uri",
                                             "code_verifier", "client_id", "client_secret"};
const std::vector<std::string> kRefreshKeys = {"grant_type", "refresh_token", "client_id", "client_secret"};

namespace {

// Codes that look like the emulator's (43 base64url characters), one per
// forged callback, for when the app's flow never produced a fresh one: each
// check recognises its own in the journal.
constexpr std::string_view kInventedCodeC6a = "rcForgedCodeC6aRandomStateXw3kLm9pQ2vT8yZb4";
constexpr std::string_view kInventedCodeC6b = "rcForgedCodeC6bReplayedStateHj6sDf1gAe5uRn7";
constexpr std::string_view kForgedState = "forged-by-revento-check-0123456789abcdef";

bool CarriesSecret(const json& value, const std::string& secret) {
  std::string digest = RedactedDigest(value);
  return !digest.empty() && !secret.empty() && Sha256Hex(secret).starts_with(digest);
}

bool IsTokenRequest(const json& entry) {
  return entry.value("method", "") == "POST" && entry.value("path", "") == "/oauth/token";
}

// Token requests (any grant) whose `code` is this code.
std::vector<json> TokenRequestsFor(const std::vector<json>& journal, const std::string& code) {
  std::vector<json> out;
  for (const auto& entry : journal) {
    if (IsTokenRequest(entry) && CarriesSecret(entry["form"]["code"], code)) out.push_back(entry);
  }
  return out;
}

// Runs the connect flow once, as a browser: the walk, and the code its callback received.
Result<FlowRun> Walked(Browser& browser, sandbox::SandboxClient& control, const std::string& connect_url,
                       int64_t after) {
  FlowRun run;
  run.first_seq = after;
  run.walk = browser.Get(connect_url);
  auto last = control.LastSeq();
  if (!last) return portable::unexpected(last.error());
  run.last_seq = *last;
  for (const auto& hop : run.walk.hops) {
    auto query = DecodeQueryOf(hop.url);
    if (query.contains("code") && !browser::PathOf(hop.url).starts_with("/oauth/")) {
      run.code = query["code"];
      break;
    }
  }
  return run;
}

// The first GET /oauth/authorize of the run, from the journal.
json AuthorizeOf(const FlowRun& run, const std::vector<json>& journal) {
  for (const auto& entry : journal) {
    int64_t s = entry.value("seq", int64_t{0});
    if (s > run.first_seq && s <= run.last_seq && entry.value("method", "") == "GET" &&
        entry.value("path", "") == "/oauth/authorize") {
      return entry;
    }
  }
  return nullptr;
}

// A callback with a fresh, valid code (a third walk stopped before the
// callback) and `state`, sent with the browser's cookies.
Forgery Forge(const ConnectRecord& record, Browser& browser, std::string state, std::string_view invented) {
  Forgery f;
  f.state = std::move(state);
  const std::string redirect_uri = Str(record.runs[0].Query(), "redirect_uri");
  if (!redirect_uri.empty()) {
    f.walk = browser.Get(record.connect_url, {.stop_before_url_prefix = redirect_uri});
    if (f.walk.stopped_at) f.code = DecodeQueryOf(*f.walk.stopped_at)["code"];
  }
  if (f.code.empty()) {
    f.code = std::string(invented);
    f.invented = true;
  }
  std::string target = redirect_uri.empty() ? record.config.app + "/callback" : redirect_uri;
  target += (target.find('?') == std::string::npos ? "?" : "&");
  target += "code=" + FormEncodeComponent(f.code) + "&state=" + FormEncodeComponent(f.state);
  f.callback = browser.Fetch(target);
  return f;
}

}  // namespace

bool FlowRun::Completed() const {
  if (code.empty() || walk.hops.empty()) return false;
  bool exchanged = std::any_of(tokens.begin(), tokens.end(), [](const json& t) { return StatusOf(t) == 200; });
  int status = walk.Last().status;
  return exchanged && status >= 200 && status < 300;
}

Result<ConnectRecord> RecordConnectFlow(const CheckConnectConfig& config, sandbox::SandboxClient& control,
                                        Browser& browser) {
  ConnectRecord record;
  record.config = config;
  record.connect_url = config.app + config.connect_path;
  auto start = control.LastSeq();
  if (!start) return portable::unexpected(start.error());
  int64_t seq = *start;
  for (int i = 0; i < 2; ++i) {
    auto run = Walked(browser, control, record.connect_url, seq);
    if (!run) return portable::unexpected(run.error());
    seq = run->last_seq;
    record.runs.push_back(std::move(*run));
  }
  // The forgeries need run 1's authorize request (its redirect URI and state) from the journal.
  auto runs_journal = control.JournalAfter(*start);
  if (!runs_journal) return portable::unexpected(runs_journal.error());
  for (auto& run : record.runs) run.authorize = AuthorizeOf(run, *runs_journal);
  record.forged_state = Forge(record, browser, std::string(kForgedState), kInventedCodeC6a);
  record.replayed_state = Forge(record, browser, Str(record.runs[0].Query(), "state"), kInventedCodeC6b);

  auto journal = control.JournalAfter(*start);
  if (!journal) return portable::unexpected(journal.error());
  for (auto& run : record.runs) {
    if (!run.code.empty()) run.tokens = TokenRequestsFor(*journal, run.code);
  }
  for (Forgery* f : {&record.forged_state, &record.replayed_state}) f->tokens = TokenRequestsFor(*journal, f->code);

  record.client_id = Str(record.runs[0].Query(), "client_id");
  if (record.client_id.empty()) record.client_id = Str(record.runs[1].Query(), "client_id");
  auto integrations = control.Integrations();
  if (!integrations) return portable::unexpected(integrations.error());
  record.integration = nullptr;
  for (const auto& integration : *integrations) {
    if (!record.client_id.empty() && integration.value("client_id", "") == record.client_id) {
      record.integration = integration;
    }
  }
  return record;
}

std::string Str(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  const json& v = object[key];
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

bool Has(const json& object, const char* key) { return object.is_object() && object.contains(key); }

std::string AuthorizationOf(const json& entry) {
  if (!entry.contains("headers") || !entry["headers"].is_object()) return "";
  for (const auto& [name, value] : entry["headers"].items()) {
    if (name.size() == 13 && strncasecmp(name.c_str(), "Authorization", 13) == 0 && value.is_string()) {
      return value.get<std::string>();
    }
  }
  return "";
}

int StatusOf(const json& entry) { return entry.value("status", 0); }

std::string RedactedDigest(const json& value) {
  if (!value.is_string()) return "";
  const std::string& text = value.get_ref<const std::string&>();
  size_t at = text.rfind("sha256:");
  return at == std::string::npos ? "" : text.substr(at + 7);
}

std::vector<json> RefreshRequests(const std::vector<json>& journal) {
  std::vector<json> out;
  for (const auto& entry : journal) {
    if (IsTokenRequest(entry) && Str(entry["form"], "grant_type") == "refresh_token") out.push_back(entry);
  }
  return out;
}

std::string RedactCode(const std::string& url) {
  std::string out = url;
  for (size_t at = out.find("code="); at != std::string::npos; at = out.find("code=", at + 5)) {
    if (at == 0 || (out[at - 1] != '?' && out[at - 1] != '&')) continue;
    size_t start = at + 5;
    size_t end = out.find_first_of("&#", start);
    if (end == std::string::npos) end = out.size();
    if (end - start > 12) out.replace(start + 12, end - start - 12, "...");
  }
  return out;
}

std::string RunLabel(size_t i) { return "run " + std::to_string(i + 1) + ": "; }

Exchange FromJournal(const json& entry, const std::vector<std::string>& keys, const std::string& who) {
  const json& params = entry.value("method", "") == "GET" ? entry["query"] : entry["form"];
  std::string line = who + ": " + entry.value("method", "") + " " + entry.value("path", "");
  for (const auto& key : keys) {
    if (!Has(params, key.c_str())) {
      line += " " + key + "=(absent)";
      continue;
    }
    std::string value = Str(params, key.c_str());
    line += " " + key + "=" + (value.size() > 70 ? value.substr(0, 67) + "..." : value);
  }
  if (std::string auth = AuthorizationOf(entry); !auth.empty()) line += " Authorization: " + auth;
  std::string received = "emulator answered " + std::to_string(StatusOf(entry));
  return {line, received, 0, {{"sent", entry}, {"received", {{"status", StatusOf(entry)}}}}};
}

Exchange FromHop(const Hop& hop, const std::string& who) {
  std::string received;
  if (hop.status == 0) {
    received = hop.error;
  } else {
    received = std::to_string(hop.status);
    if (!hop.location.empty()) received += " -> " + Excerpt(RedactCode(hop.location), 120);
    if (hop.location.empty() && !hop.body.empty()) received += " \"" + Excerpt(hop.body) + "\"";
  }
  received += " in " + Millis(hop.duration_ms);
  json detail = {{"sent", {{"method", hop.method}, {"url", RedactCode(hop.url)}}},
                 {"received",
                  {{"status", hop.status == 0 ? json(nullptr) : json(hop.status)},
                   {"location", hop.location.empty() ? json(nullptr) : json(RedactCode(hop.location))},
                   {"body", hop.body.substr(0, 1024)},
                   {"error", hop.error.empty() ? json(nullptr) : json(hop.error)}}}};
  return {who + ": " + hop.method + " " + RedactCode(hop.url), received, hop.duration_ms, std::move(detail)};
}

}  // namespace revento::client::check
