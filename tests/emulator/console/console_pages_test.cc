// The console served by an in-process emulator: every page renders and
// escapes fixture values, buttons make the control plane's change and come
// back with a flash, refusals and bad input answer pages that name the
// problem, and --admin-token puts the console behind a login.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "emulator/fixtures/fixtures.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

constexpr const char* kScript = "<script>alert(1)</script>";

// The default sandbox with `<script>` in every name a page shows.
std::string HostileFixtures() {
  auto fixtures = nlohmann::json::parse(emulator::DefaultFixturesText());
  fixtures["events"][0]["name"] = std::string("Summit ") + kScript;
  fixtures["events"][0]["venue"] = kScript;
  fixtures["participants"][0]["first_name"] = kScript;
  fixtures["applications"][0]["applicant_name"] = std::string("Eve ") + kScript;
  fixtures["integrations"][0]["name"] = std::string("App ") + kScript;
  auto path =
      std::filesystem::temp_directory_path() / ("revento-console-fixtures-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << fixtures.dump();
  return path.string();
}

emulator::Options WithFixtures(const std::string& path, const std::string& admin_token = "") {
  emulator::Options options;
  options.fixtures_path = path;
  options.admin_token = admin_token;
  options.log_level = emulator::LogLevel::kWarn;
  return options;
}

httplib::Result PostForm(httplib::Client& client, const std::string& path, const std::string& body,
                         httplib::Headers headers = {}) {
  return client.Post(path.c_str(), headers, body, "application/x-www-form-urlencoded");
}

std::string CookieOf(const httplib::Result& res) {
  std::string set = res->get_header_value("Set-Cookie");
  return set.substr(0, set.find(';'));
}

class ConsolePagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fixtures_path_ = new std::string(HostileFixtures()); }
  static void TearDownTestSuite() {
    std::filesystem::remove(*fixtures_path_);
    delete fixtures_path_;
  }
  static std::string* fixtures_path_;

  InProcessEmulator emu_{WithFixtures(*fixtures_path_)};
  std::unique_ptr<httplib::Client> client_ = emu_.Client();
};
std::string* ConsolePagesTest::fixtures_path_ = nullptr;

TEST_F(ConsolePagesTest, EveryPageRendersAndEscapesFixtureValues) {
  for (const char* path : {"/_sandbox/console", "/_sandbox/console/events", "/_sandbox/console/applications",
                           "/_sandbox/console/participants", "/_sandbox/console/deliveries",
                           "/_sandbox/console/installations", "/_sandbox/console/clock", "/_sandbox/console/requests",
                           "/_sandbox/console/applications?event_id=evt_def456"}) {
    auto res = client_->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(res->body.find("<script"), std::string::npos) << path;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store") << path;
  }
  auto events = client_->Get("/_sandbox/console/events");
  EXPECT_NE(events->body.find("Summit &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  auto participants = client_->Get("/_sandbox/console/participants");
  EXPECT_NE(participants->body.find("&lt;script&gt;alert(1)&lt;/script&gt; Lovelace"), std::string::npos);
  auto applications = client_->Get("/_sandbox/console/applications");
  EXPECT_NE(applications->body.find("Eve &lt;script&gt;"), std::string::npos);
}

TEST_F(ConsolePagesTest, TheIntegrationPageShowsACopyReadyEnvBlock) {
  auto res = client_->Get("/_sandbox/console");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("REVENTO_CLIENT_ID=rev_client_quickstart\n"
                           "REVENTO_CLIENT_SECRET=rev_secret_sandbox_quickstart\n"
                           "REVENTO_WEBHOOK_SECRET=whsec_sandbox_quickstart\n"
                           "SANDBOX_EVENT_ID=evt_abc123\n"),
            std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("App &lt;script&gt;"), std::string::npos);
}

TEST_F(ConsolePagesTest, ApproveMakesTheControlPlaneChangeAndReturnsWithAFlash) {
  auto res = PostForm(*client_, "/_sandbox/console/events/evt_abc123/applications/app_001/approve",
                      "return_to=%2F_sandbox%2Fconsole%2Fapplications");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), "/_sandbox/console/applications");
  std::string flash = CookieOf(res);
  ASSERT_TRUE(flash.starts_with("revento_console_flash=k.")) << flash;

  auto page = client_->Get("/_sandbox/console/applications", httplib::Headers{{"Cookie", flash}});
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("id=\"flash\""), std::string::npos);
  EXPECT_NE(page->body.find("Application app_001 approved."), std::string::npos) << page->body;
  EXPECT_NE(page->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos) << "the flash shows once";

  EXPECT_NE(page->body.find("No webhook delivery"), std::string::npos) << "nothing is installed";
  size_t row = page->body.find("<tr data-id=\"app_001\">");
  ASSERT_NE(row, std::string::npos);
  EXPECT_NE(page->body.find("<span class=\"badge approved\">", row), std::string::npos);
}

TEST_F(ConsolePagesTest, ARefusalIsTheControlPlanesOwnMessage) {
  std::string path = "/_sandbox/console/events/evt_abc123/applications/app_001/approve";
  ASSERT_EQ(PostForm(*client_, path, "")->status, 303);
  auto again = PostForm(*client_, path, "");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 303);
  EXPECT_EQ(again->get_header_value("Location"), "/_sandbox/console/applications?event_id=evt_abc123");
  auto page = client_->Get("/_sandbox/console/applications", httplib::Headers{{"Cookie", CookieOf(again)}});
  EXPECT_NE(page->body.find("class=\"flash error\""), std::string::npos);
  EXPECT_NE(page->body.find("409 invalid_transition: Application app_001 is already approved"), std::string::npos)
      << page->body;
}

TEST_F(ConsolePagesTest, ClockButtonsMoveTheSandboxClock) {
  auto before = nlohmann::json::parse(client_->Get("/_sandbox/clock")->body)["offset_seconds"].get<int64_t>();
  auto res =
      PostForm(*client_, "/_sandbox/console/clock", "advance_seconds=86400&return_to=%2F_sandbox%2Fconsole%2Fclock");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  auto after = nlohmann::json::parse(client_->Get("/_sandbox/clock")->body)["offset_seconds"].get<int64_t>();
  EXPECT_GE(after - before, 86400);
}

TEST_F(ConsolePagesTest, CrossSitePostsAreRefusedAndChangeNothing) {
  auto res =
      PostForm(*client_, "/_sandbox/console/events/evt_abc123/publish", "", {{"Origin", "http://127.0.0.1:3000"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_NE(res->body.find("cross-site"), std::string::npos);
  auto events = client_->Get("/_sandbox/console/events");
  EXPECT_NE(events->body.find("<span class=\"badge draft\">"), std::string::npos) << "still a draft";
  auto same_origin =
      PostForm(*client_, "/_sandbox/console/events/evt_abc123/publish", "", {{"Origin", emu_.base_url()}});
  EXPECT_EQ(same_origin->status, 303);
}

TEST_F(ConsolePagesTest, BadInputAnswersAPageNamingTheProblem) {
  struct Case {
    const char* what;
    httplib::Result res;
    int status;
    const char* says;
  };
  Case cases[] = {
      {"after", client_->Get("/_sandbox/console/participants?after=abc"), 400, "after: must be"},
      {"event", client_->Get("/_sandbox/console/participants?event_id=evt_nope"), 404, "evt_nope"},
      {"delivery", client_->Get("/_sandbox/console/deliveries/dlv_nope"), 404, "dlv_nope"},
      {"filter", client_->Get("/_sandbox/console/deliveries?status=lost"), 400, "status"},
      {"unknown field", PostForm(*client_, "/_sandbox/console/events/evt_abc123/publish", "colour=red"), 400, "colour"},
      {"integer", PostForm(*client_, "/_sandbox/console/clock", "advance_seconds=soon"), 400, "advance_seconds"},
      {"return_to", PostForm(*client_, "/_sandbox/console/clock", "advance_seconds=1&return_to=https%3A%2F%2Fevil"),
       400, "return_to"},
      {"encoding", PostForm(*client_, "/_sandbox/console/clock", "advance_seconds=%zz"), 400, "form"},
      {"json", client_->Post("/_sandbox/console/clock", "{}", "application/json"), 400, "x-www-form-urlencoded"},
      {"no route", client_->Get("/_sandbox/console/nope"), 404, "/_sandbox/console/nope"},
  };
  for (auto& c : cases) {
    ASSERT_TRUE(c.res) << c.what;
    EXPECT_EQ(c.res->status, c.status) << c.what << c.res->body;
    EXPECT_TRUE(c.res->get_header_value("Content-Type").starts_with("text/html")) << c.what;
    EXPECT_NE(c.res->body.find(c.says), std::string::npos) << c.what << ": " << c.res->body;
  }
}

TEST_F(ConsolePagesTest, ParticipantsArePaginated) {
  auto first = client_->Get("/_sandbox/console/participants");
  ASSERT_TRUE(first);
  size_t rows = 0;
  for (size_t at = first->body.find("<tr data-id="); at != std::string::npos;
       at = first->body.find("<tr data-id=", at + 1))
    ++rows;
  EXPECT_GT(rows, 0u);
  EXPECT_LE(rows, 50u);
}

class ConsoleAdminTokenTest : public ::testing::Test {
 protected:
  InProcessEmulator emu_{[] {
    emulator::Options options;
    options.admin_token = "tok-console-test";
    options.log_level = emulator::LogLevel::kWarn;
    return options;
  }()};
  std::unique_ptr<httplib::Client> client_ = emu_.Client();
};

TEST_F(ConsoleAdminTokenTest, WithoutTheTokenTheConsoleSendsToTheLoginForm) {
  auto res = client_->Get("/_sandbox/console/events");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  // (cpp-httplib's client hands the Location header back percent-decoded.)
  std::string location = res->get_header_value("Location");
  EXPECT_TRUE(location.starts_with("/_sandbox/console/login?next=") && location.ends_with("events")) << location;
  auto post = PostForm(*client_, "/_sandbox/console/events/evt_abc123/publish", "");
  EXPECT_EQ(post->status, 303);
  EXPECT_TRUE(post->get_header_value("Location").starts_with("/_sandbox/console/login"));
  auto login = client_->Get("/_sandbox/console/login");
  EXPECT_EQ(login->status, 200);
  EXPECT_NE(login->body.find("type=\"password\""), std::string::npos);
}

TEST_F(ConsoleAdminTokenTest, AWrongTokenIsRefusedTheRightOneSignsInWithAStrictHttpOnlyCookie) {
  auto wrong = PostForm(*client_, "/_sandbox/console/login", "token=nope&next=%2F_sandbox%2Fconsole%2Fclock");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_FALSE(wrong->has_header("Set-Cookie"));
  EXPECT_NE(wrong->body.find("not the token"), std::string::npos);

  auto right =
      PostForm(*client_, "/_sandbox/console/login", "token=tok-console-test&next=%2F_sandbox%2Fconsole%2Fclock");
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 303);
  EXPECT_EQ(right->get_header_value("Location"), "/_sandbox/console/clock");
  std::string set_cookie = right->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(set_cookie.find("tok-console-test"), std::string::npos);

  auto page = client_->Get("/_sandbox/console/clock", httplib::Headers{{"Cookie", CookieOf(right)}});
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Sign out"), std::string::npos);
  auto action = PostForm(*client_, "/_sandbox/console/clock", "advance_seconds=60", {{"Cookie", CookieOf(right)}});
  EXPECT_EQ(action->status, 303);
  EXPECT_EQ(action->get_header_value("Location"), "/_sandbox/console/clock");

  auto open_redirect = PostForm(*client_, "/_sandbox/console/login", "token=tok-console-test&next=https%3A%2F%2Fevil");
  EXPECT_EQ(open_redirect->get_header_value("Location"), "/_sandbox/console");
}

}  // namespace
}  // namespace revento::testing
