// The request journal: redaction of every credential kind, filters, the
// bounded ring (RSS printed), and what is and is not recorded.
#include "emulator/sandbox/journal.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "emulator/ids.h"
#include "emulator/sandbox/redaction.h"
#include "tests/emulator/oauth/oauth_flow.h"
#include "tests/support/fake_clock.h"

#if defined(REVENTO_SANITIZE_ADDRESS) || defined(REVENTO_SANITIZE_THREAD)
extern "C" size_t __sanitizer_get_current_allocated_bytes();  // the sanitizer runtime's allocator statistics
#endif

namespace revento::testing {
namespace {

using emulator::Sha256Hex;
using emulator::sandbox::Journal;
using emulator::sandbox::JournalQuery;
using emulator::sandbox::MakeJournalEntry;
using emulator::sandbox::RedactSecret;
using nlohmann::json;
using namespace revento::testing::oauth;

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string DigestTail(const std::string& secret) { return "sha256:" + Sha256Hex(secret).substr(0, 12); }

json Requests(httplib::Client& client, const std::string& query = "") {
  auto res = client.Get(("/_sandbox/requests" + query).c_str());
  EXPECT_TRUE(res);
  if (!res) return json();
  EXPECT_EQ(res->status, 200) << res->body;
  return json::parse(res->body);
}

TEST(RedactionTest, KeepsAShortPrefixAndADigestNeverTheSecret) {
  std::string token = "rev_install_0123456789abcdefghij";
  EXPECT_EQ(RedactSecret(token), "rev_inst\u2026 " + DigestTail(token));
  // A short value shows only its first half.
  EXPECT_EQ(RedactSecret("abcdefgh"), "abcd\u2026 " + DigestTail("abcdefgh"));
  EXPECT_EQ(RedactSecret(""), "\u2026 " + DigestTail(""));
  EXPECT_NE(RedactSecret(token), RedactSecret(token + "x"));
}

class JournalHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_ = std::make_unique<InProcessEmulator>(AutoConsent());
    client_ = RawClient(*sandbox_);
    ASSERT_EQ(client_->Get("/_sandbox/health")->status, 200);
  }
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(JournalHttpTest, EveryCredentialKindIsRedactedAndNeverAppears) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  ASSERT_FALSE(code.empty());
  auto exchange = PostForm(*client_, "/oauth/token", CodeExchangeBody(code));
  ASSERT_EQ(exchange->status, 200) << exchange->body;
  json tokens = json::parse(exchange->body);
  std::string access = tokens["access_token"], refresh = tokens["refresh_token"];
  // Bearer header, a token in the query, the admin token header, a cookie.
  ASSERT_TRUE(client_->Get(("/api/v1/events/" + std::string(kEventId)).c_str(),
                           httplib::Headers{{"Authorization", "Bearer " + access},
                            {"X-Revento-Admin-Token", "admin-secret-value-123"},
                            {"Cookie", "revento_admin=cookie-secret-value-456"}}));
  ASSERT_TRUE(client_->Get(("/api/v1/events/evt_abc123?access_token=" + access).c_str()));
  // HTTP Basic client authentication, a refresh, a revoke.
  std::string basic = Base64(std::string(kClientId) + ":" + kClientSecret);
  auto refreshed = PostForm(*client_, "/oauth/token", "grant_type=refresh_token&refresh_token=" + refresh,
                            {{"Authorization", "Basic " + basic}});
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  std::string access2 = json::parse(refreshed->body)["access_token"];
  ASSERT_TRUE(PostForm(*client_, "/oauth/revoke",
                       "token=" + access2 + "&client_id=" + kClientId + "&client_secret=" + kClientSecret));

  json journal = Requests(*client_);
  std::string text = journal.dump();
  for (const std::string& secret :
       {code, access, refresh, access2, std::string(kClientSecret), std::string(kVerifier), basic,
        std::string("admin-secret-value-123"), std::string("revento_admin=cookie-secret-value-456")}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "journal shows a secret: " << secret;
  }
  // Newest first: revoke, refresh, two API calls, code exchange, authorize.
  const json& data = journal["data"];
  ASSERT_EQ(data.size(), 6u) << text;
  EXPECT_EQ(data[0]["path"], "/oauth/revoke");
  EXPECT_EQ(data[0]["form"]["token"], RedactSecret(access2));
  EXPECT_EQ(data[0]["form"]["client_secret"], RedactSecret(kClientSecret));
  EXPECT_EQ(data[1]["headers"]["Authorization"], "Basic " + RedactSecret(basic));
  EXPECT_EQ(data[1]["form"]["refresh_token"], RedactSecret(refresh));
  EXPECT_EQ(data[1]["form"]["grant_type"], "refresh_token");
  EXPECT_EQ(data[2]["query"]["access_token"], RedactSecret(access));
  EXPECT_EQ(data[3]["headers"]["Authorization"], "Bearer " + RedactSecret(access));
  EXPECT_EQ(data[3]["headers"]["X-Revento-Admin-Token"], RedactSecret("admin-secret-value-123"));
  EXPECT_EQ(data[3]["status"], 200);
  EXPECT_EQ(data[4]["form"]["code"], RedactSecret(code));
  EXPECT_EQ(data[4]["form"]["code_verifier"], RedactSecret(kVerifier));
  EXPECT_EQ(data[4]["form"]["redirect_uri"], kRedirectUri);
  EXPECT_EQ(data[5]["method"], "GET");
  EXPECT_EQ(data[5]["path"], "/oauth/authorize");
  EXPECT_EQ(data[5]["query"]["state"], "demo-state-123");
  EXPECT_EQ(data[5]["status"], 302);
  // Two different tokens are told apart by their digests.
  EXPECT_NE(data[0]["form"]["token"], data[2]["query"]["access_token"]);
  for (const auto& entry : data) {
    EXPECT_TRUE(entry["request_id"].get<std::string>().starts_with("req_"));
    EXPECT_EQ(entry["remote_addr"], "127.0.0.1");
    EXPECT_GT(entry["remote_port"].get<int>(), 0);
    EXPECT_GE(entry["duration_ms"].get<double>(), 0);
    EXPECT_TRUE(entry["fault"].is_null());
    EXPECT_EQ(entry["at"], "2026-11-27T10:00:00Z");
  }
  EXPECT_GT(data[0]["seq"].get<int>(), data[1]["seq"].get<int>());
}

TEST_F(JournalHttpTest, ConsentIdIsRedacted) {
  auto with_page = std::make_unique<InProcessEmulator>(WithConsentPage());
  auto client = RawClient(*with_page);
  auto page = client->Get(AuthorizePath().c_str());
  ASSERT_EQ(page->status, 200);
  std::string marker = "name=\"consent_id\" value=\"";
  size_t at = page->body.find(marker);
  ASSERT_NE(at, std::string::npos) << page->body;
  std::string consent_id =
      page->body.substr(at + marker.size(), page->body.find('"', at + marker.size()) - at - marker.size());
  ASSERT_TRUE(PostForm(*client, "/oauth/consent", "consent_id=" + consent_id + "&decision=deny"));
  json journal = Requests(*client);
  EXPECT_EQ(journal.dump().find(consent_id), std::string::npos);
  EXPECT_EQ(journal["data"][0]["form"]["consent_id"], RedactSecret(consent_id));
}

TEST_F(JournalHttpTest, SandboxRequestsAreNotJournaled) {
  ASSERT_EQ(client_->Post("/_sandbox/reset", "", "application/json")->status, 200);
  ASSERT_EQ(client_->Get("/_sandbox/clock")->status, 200);
  ASSERT_EQ(client_->Get("/.well-known/oauth-authorization-server")->status, 200);
  json journal = Requests(*client_);
  ASSERT_EQ(journal["data"].size(), 1u);
  EXPECT_EQ(journal["data"][0]["path"], "/.well-known/oauth-authorization-server");
  EXPECT_EQ(journal["capacity"], 10000);
  EXPECT_EQ(journal["size"], 1);
  EXPECT_EQ(journal["recorded"], 1);
}

TEST_F(JournalHttpTest, FiltersAndLimit) {
  client_->Get("/api/v1/events/evt_abc123");                  // 401
  client_->Get("/.well-known/oauth-authorization-server");    // 200
  PostForm(*client_, "/oauth/token", "grant_type=password");  // 400 or 401
  client_->Get("/api/v1/nowhere");                            // 404
  sandbox_->base_clock().Advance(std::chrono::hours(1));
  client_->Get("/api/v1/events/evt_abc123/participants");  // 401

  EXPECT_EQ(Requests(*client_)["data"].size(), 5u);
  json api = Requests(*client_, "?path_prefix=/api/v1/events")["data"];
  ASSERT_EQ(api.size(), 2u);
  EXPECT_EQ(api[0]["path"], "/api/v1/events/evt_abc123/participants");
  EXPECT_EQ(Requests(*client_, "?method=post")["data"].size(), 1u);
  size_t unauthorized = 0;
  json all = Requests(*client_);
  for (const auto& entry : all["data"]) unauthorized += entry["status"] == 401 ? 1 : 0;
  EXPECT_GE(unauthorized, 2u);
  EXPECT_EQ(Requests(*client_, "?status=401")["data"].size(), unauthorized);
  EXPECT_EQ(Requests(*client_, "?status=2xx")["data"].size(), 1u);
  EXPECT_EQ(Requests(*client_, "?status=404")["data"].size(), 1u);
  json later = Requests(*client_, "?since=2026-11-27T10:30:00Z")["data"];
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["at"], "2026-11-27T11:00:00Z");
  EXPECT_EQ(Requests(*client_, "?since=1795777200")["data"].size(), 1u);
  json one = Requests(*client_, "?limit=1")["data"];
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["path"], "/api/v1/events/evt_abc123/participants");
}

TEST_F(JournalHttpTest, BadFilterValuesAre400NamingTheParameter) {
  for (const auto& [query, name] : std::vector<std::pair<std::string, std::string>>{{"?limit=0", "limit"},
                                                                                    {"?limit=10001", "limit"},
                                                                                    {"?limit=abc", "limit"},
                                                                                    {"?status=6xx", "status"},
                                                                                    {"?status=abc", "status"},
                                                                                    {"?since=yesterday", "since"},
                                                                                    {"?colour=red", "colour"},
                                                                                    {"?limit=1&limit=2", "limit"}}) {
    auto res = client_->Get(("/_sandbox/requests" + query).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << query;
    json body = json::parse(res->body);
    EXPECT_EQ(body["error"]["code"], "invalid_request");
    EXPECT_NE(body["error"]["message"].get<std::string>().find(name), std::string::npos) << res->body;
  }
}

TEST_F(JournalHttpTest, DeleteEmptiesTheJournal) {
  client_->Get("/api/v1/events/evt_abc123");
  client_->Get("/api/v1/events/evt_abc123");
  auto res = client_->Delete("/_sandbox/requests");
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["deleted"], 2);
  json journal = Requests(*client_);
  EXPECT_TRUE(journal["data"].empty());
  EXPECT_EQ(journal["recorded"], 0);
  client_->Get("/api/v1/events/evt_abc123");
  EXPECT_EQ(Requests(*client_)["data"][0]["seq"], 3);
}

TEST(JournalOffTest, SizeZeroRecordsNothing) {
  auto options = AutoConsent();
  options.journal_size = 0;
  InProcessEmulator sandbox(options);
  auto client = sandbox.Client();
  client->Get("/api/v1/events/evt_abc123");
  json journal = Requests(*client);
  EXPECT_TRUE(journal["data"].empty());
  EXPECT_EQ(journal["capacity"], 0);
}

httplib::Request SampleRequest(size_t header_bytes = 40) {
  httplib::Request req;
  req.method = "POST";
  req.path = "/oauth/token";
  req.target = "/oauth/token?x=1";
  req.remote_addr = "127.0.0.1";
  req.remote_port = 40000;
  req.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  req.headers.emplace("User-Agent", std::string(header_bytes, 'u'));
  req.body = "grant_type=authorization_code&code=abcdefghijklmnopqrstuvwxyz0123456789&client_id=rev_client";
  return req;
}

TEST(JournalTest, AnEntryNeverExceedsItsBudget) {
  httplib::Request req = SampleRequest();
  for (int i = 0; i < 200; ++i) req.headers.emplace("X-Header-" + std::to_string(i), std::string(300, 'v'));
  req.headers.emplace("X-Huge", std::string(100000, 'h'));
  auto entry = MakeJournalEntry(req, 200, "req_1", std::chrono::milliseconds(1), 0, "", "");
  EXPECT_TRUE(entry.truncated);
  EXPECT_LE(entry.Bytes(), emulator::sandbox::kEntryBudgetBytes);
  auto headers = entry.Fields(emulator::sandbox::JournalEntry::Part::kHeader);
  EXPECT_FALSE(headers.empty());
  for (const auto& [name, value] : headers) EXPECT_LE(value.size(), emulator::sandbox::kMaxValueBytes);
}

// Query and form values are decoded leniently: '+' is a space, a valid
// escape its byte, a malformed escape stays as sent.
TEST(JournalTest, FormValuesAreDecodedLeniently) {
  httplib::Request req;
  req.method = "POST";
  req.path = "/oauth/token";
  req.target = "/oauth/token?q=a%2Fb+c";
  req.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  req.body = "a=x%2By+z&b=%zz%4&c=%41&plain=abcdefghijklmnopqrstuvwxyz&empty=&bare";
  auto entry = MakeJournalEntry(req, 200, "req_1", std::chrono::milliseconds(1), 0, "", "");
  json e = emulator::sandbox::JournalEntryJson(entry);
  EXPECT_EQ(e["query"], json({{"q", "a/b c"}}));
  EXPECT_EQ(e["form"], json({{"a", "x+y z"}, {"b", "%zz%4"}, {"c", "A"}, {"plain", "abcdefghijklmnopqrstuvwxyz"},
                             {"empty", ""}, {"bare", ""}}));
}

// The memo answers exactly what RedactHeaderValue answers, for repeated
// values and for values that share a slot.
TEST(JournalTest, HeaderRedactorAnswersLikeRedactHeaderValue) {
  emulator::sandbox::HeaderRedactor redactor;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 200; ++i) {
      std::string value = "Bearer rev_inst_token_" + std::to_string(i);
      std::string out = "prefix:";
      redactor.AppendRedacted(value, out);
      ASSERT_EQ(out, "prefix:" + emulator::sandbox::RedactHeaderValue(value)) << value;
      std::string secret;
      redactor.AppendRedactedSecret(value, secret);
      ASSERT_EQ(secret, RedactSecret(value)) << value;
    }
  }
}

// Entries the full ring drops are reused: a reused entry holds only the new
// request's fields, never the old one's.
TEST(JournalTest, AReusedEntryHoldsOnlyTheNewRequest) {
  FakeClock clock;
  Journal journal(clock, 1);
  httplib::Request first = SampleRequest();
  for (int i = 0; i < 20; ++i) first.headers.emplace("X-First-" + std::to_string(i), "one");
  first.headers.emplace("Authorization", "Bearer rev_inst_first_token_value");
  journal.Record(first, 200, "req_first", std::chrono::milliseconds(1), "flt_1", "status");
  for (int i = 0; i < 3; ++i) {
    httplib::Request next;
    next.method = "GET";
    next.path = "/api/v1/events/evt_" + std::to_string(i);
    next.target = next.path;
    next.headers.emplace("Authorization", "Bearer rev_inst_next_token_value");
    journal.Record(next, 404, "req_next", std::chrono::milliseconds(1), "", "");
    auto entries = journal.Query(JournalQuery{});
    ASSERT_EQ(entries.size(), 1u);
    json entry = emulator::sandbox::JournalEntryJson(entries[0]);
    EXPECT_EQ(entry["path"], next.path);
    EXPECT_EQ(entry["headers"], json({{"Authorization", "Bearer " + RedactSecret("rev_inst_next_token_value")}}));
    EXPECT_EQ(entry["form"], json::object());
    EXPECT_EQ(entry["fault"], nullptr);
    EXPECT_EQ(entry["status"], 404);
    EXPECT_FALSE(entry["truncated"].get<bool>());
  }
}

#if defined(REVENTO_SANITIZE_ADDRESS) || defined(REVENTO_SANITIZE_THREAD)
// Under a sanitizer, RSS counts freed memory the runtime holds back (ASan's
// quarantine) and shadow memory; the heap still in use is what the bound is
// about, and the sanitizer's allocator reports it exactly.
long MemoryKiB() { return static_cast<long>(__sanitizer_get_current_allocated_bytes() / 1024); }
constexpr const char* kMemoryName = "heap in use";
#else
long MemoryKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}
constexpr const char* kMemoryName = "RSS";
#endif

// 100,000 requests through a ring of 10,000: the ring stays at 10,000 and
// memory stops growing once it is full. Memory is printed and bounded, not timed.
TEST(JournalTest, RingStaysBoundedUnder100000Requests) {
  FakeClock clock;
  Journal journal(clock, 10000);
  httplib::Request req = SampleRequest(400);
  long before = MemoryKiB();
  long at_full = 0;
  for (int i = 1; i <= 100000; ++i) {
    journal.Record(req, 200, "req_" + std::to_string(i), std::chrono::microseconds(100), "", "");
    if (i == 10000) at_full = MemoryKiB();
  }
  long after = MemoryKiB();
  auto stats = journal.Stats();
  EXPECT_EQ(stats.size, 10000u);
  EXPECT_EQ(stats.recorded, 100000u);
  JournalQuery newest;
  newest.limit = 1;
  auto front = journal.Query(newest).front();
  EXPECT_EQ(front.View(front.request_id), "req_100000");
  JournalQuery all;
  all.limit = 20000;
  auto entries = journal.Query(all);
  ASSERT_EQ(entries.size(), 10000u);
  EXPECT_EQ(entries.back().View(entries.back().request_id), "req_90001");
  std::printf("[journal] %s before %ld KiB, after 10,000 entries %ld KiB, after 100,000 entries %ld KiB\n", kMemoryName,
              before, at_full, after);
  // Growth after the ring is full is allocator noise, not the journal.
  EXPECT_LT(after - at_full, 8 * 1024);
  EXPECT_LT(at_full - before, 64 * 1024);
}

}  // namespace
}  // namespace revento::testing
