// The client library (TokenManager, ApiClient) against the real emulator binary.
// What the server saw is asserted from the server: /_sandbox/installations and
// the emulator's access log, never from the client's own counters.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "client/api/api_client.h"
#include "tests/e2e/client_e2e_support.h"

namespace revento::testing {
namespace {

using client::api::ApiClient;
using client::api::ApiClientOptions;

client::TokenClient QuickstartTokens(const EmulatorProcess& emu) {
  return client::TokenClient(
      client::TokenClientOptions{emu.base_url(), "rev_client_quickstart", "rev_secret_sandbox_quickstart"});
}

client::InstallationKey QuickstartKey(const EmulatorProcess& emu) {
  return {emu.base_url(), "rev_client_quickstart", "evt_abc123"};
}

ApiClientOptions ApiOptions(const EmulatorProcess& emu) {
  ApiClientOptions options;
  options.api_base = emu.base_url() + "/api/v1";
  return options;
}

// A clock whose waiting moves the emulator's sandbox clock instead of sleeping.
class SandboxSleeper final : public client::Clock {
 public:
  explicit SandboxSleeper(const EmulatorProcess& emu) : emu_(emu) {}
  client::TimePoint Now() override { return std::chrono::system_clock::now(); }
  void SleepFor(std::chrono::milliseconds duration) override {
    std::lock_guard lock(mutex_);
    slept_.push_back(duration);
    AdvanceSandboxClock(emu_, (duration.count() + 999) / 1000);
  }
  std::vector<std::chrono::milliseconds> slept() {
    std::lock_guard lock(mutex_);
    return slept_;
  }

 private:
  const EmulatorProcess& emu_;
  std::mutex mutex_;
  std::vector<std::chrono::milliseconds> slept_;
};

// A client clock set by hand.
class SetClock final : public client::Clock {
 public:
  client::TimePoint Now() override { return now_.load(); }
  void SleepFor(std::chrono::milliseconds) override {}
  void Set(client::TimePoint t) { now_ = t; }

 private:
  std::atomic<client::TimePoint> now_{std::chrono::system_clock::now()};
};

TEST(ClientLibraryE2eTest, ADeadFamilyIsReconsentNeededAndNotRetried) {
  auto emu = EmulatorProcess::Start({"--auto-consent"});
  ASSERT_TRUE(emu);
  auto tokens = QuickstartTokens(*emu);
  client::MemoryTokenStore store;
  SetClock clock;
  client::TokenManager manager(tokens, store, QuickstartKey(*emu), clock);
  ASSERT_TRUE(ConnectWithLibrary(*emu, tokens, manager));
  // The family dies: its refresh token is revoked (RFC 7009).
  ASSERT_TRUE(tokens.Revoke((*store.Load(QuickstartKey(*emu)))->refresh_token, "refresh_token"));
  clock.Set(std::chrono::system_clock::now() + std::chrono::seconds(3600));
  int before = CountRequests(*emu, "POST /oauth/token");
  for (int i = 0; i < 3; ++i) {
    auto token = manager.AccessToken();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, client::kReconsentNeeded);
  }
  EXPECT_EQ(CountRequests(*emu, "POST /oauth/token"), before + 1);
  EXPECT_EQ(Installations(*emu)[0]["revoked_reason"], "revoked via /oauth/revoke");
}

TEST(ClientLibraryE2eTest, ApiErrorsAreValuesWithTheServersRequestId) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  auto tokens = QuickstartTokens(*emu);
  client::MemoryTokenStore store;
  client::TokenManager manager(tokens, store, QuickstartKey(*emu));
  ASSERT_TRUE(ConnectWithLibrary(*emu, tokens, manager, "event.read"));
  ApiClient api(ApiOptions(*emu), manager);
  auto missing = api.GetParticipant("evt_abc123", "par_001");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status, 403);
  EXPECT_EQ(missing.error().code, "insufficient_scope");
  EXPECT_EQ(missing.error().request_id.size(), 36u);  // the client's UUID, echoed
  auto other = api.GetEvent("evt_other");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "event_not_authorized");
}

TEST(ClientLibraryE2eTest, SixtyFourThreadsAtExpiryRefreshOnceAndTheFamilyStaysLive) {
  auto emu = EmulatorProcess::Start({"--auto-consent"});
  ASSERT_TRUE(emu);
  auto tokens = QuickstartTokens(*emu);
  client::MemoryTokenStore store;
  client::TokenManager manager(tokens, store, QuickstartKey(*emu));
  ASSERT_TRUE(ConnectWithLibrary(*emu, tokens, manager));
  ApiClient api(ApiOptions(*emu), manager);
  ASSERT_TRUE(api.GetEvent("evt_abc123"));
  // The server's clock passes the expiry; the client's does not know it.
  AdvanceSandboxClock(*emu, 3601);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&] {
      if (auto event = api.GetEvent("evt_abc123"); event && event->id == "evt_abc123") ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 64);
  auto installations = Installations(*emu);
  ASSERT_EQ(installations.size(), 1u);
  EXPECT_EQ(installations[0]["revoked"], false);
  EXPECT_EQ(installations[0]["refresh_tokens"], 2);  // the exchange's and exactly one rotation
  EXPECT_EQ(CountRequests(*emu, "POST /oauth/token"), 2);
}

TEST(ClientLibraryE2eTest, RateLimitedCallsWaitRetryAfterOnTheInjectedClock) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn", "--rate-limit", "2"});
  ASSERT_TRUE(emu);
  ASSERT_TRUE(emu->Client()->Post("/_sandbox/clock", R"({"freeze": true})", "application/json"));
  auto tokens = QuickstartTokens(*emu);
  client::MemoryTokenStore store;
  SandboxSleeper sleeper(*emu);
  client::TokenManager manager(tokens, store, QuickstartKey(*emu));
  ASSERT_TRUE(ConnectWithLibrary(*emu, tokens, manager));
  auto options = ApiOptions(*emu);
  options.max_retry_wait = std::chrono::seconds(61);
  ApiClient api(options, manager, client::http::MakeHttpTransport(), sleeper);
  for (int i = 0; i < 3; ++i) {
    auto event = api.GetEvent("evt_abc123");
    ASSERT_TRUE(event) << event.error().message;
  }
  auto slept = sleeper.slept();
  ASSERT_EQ(slept.size(), 1u);
  EXPECT_GT(slept[0].count(), 0);
  EXPECT_LE(slept[0].count(), 60000);
}

TEST(ClientLibraryE2eTest, RangesWalkEveryListToTheEnd) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn", "--participants", "257"});
  ASSERT_TRUE(emu);
  auto tokens = QuickstartTokens(*emu);
  client::MemoryTokenStore store;
  client::TokenManager manager(tokens, store, QuickstartKey(*emu));
  ASSERT_TRUE(
      ConnectWithLibrary(*emu, tokens, manager, "event.read participants.read applications.read attendance.read"));
  auto options = ApiOptions(*emu);
  options.page_size = 10;
  ApiClient api(options, manager);
  std::set<std::string> ids;
  for (auto& p : api.Participants("evt_abc123")) {
    ASSERT_TRUE(p) << p.error().message;
    ids.insert(p->id);
  }
  EXPECT_GE(ids.size(), 257u);
  EXPECT_TRUE(ids.count("par_syn_0000257"));

  size_t all = 0, pending = 0;
  for (auto& a : api.Applications("evt_abc123")) {
    ASSERT_TRUE(a) << a.error().message;
    ++all;
  }
  for (auto& a : api.Applications("evt_abc123", "pending")) {
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->status, "pending");
    ++pending;
  }
  EXPECT_GT(all, 0u);
  EXPECT_LE(pending, all);
  auto first = api.ListApplications("evt_abc123");
  ASSERT_TRUE(first);
  auto one = api.GetApplication("evt_abc123", first->data.at(0).id);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->applicant_email, first->data.at(0).applicant_email);
  for (auto& c : api.CheckIns("evt_abc123")) ASSERT_TRUE(c) << c.error().message;
  auto bad_status = api.ListApplications("evt_abc123", "maybe");
  ASSERT_FALSE(bad_status);
  EXPECT_EQ(bad_status.error().code, "invalid_parameter");
}

}  // namespace
}  // namespace revento::testing
