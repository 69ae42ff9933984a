// `revento trigger` and `revento deliveries tail` against the real emulator,
// with the quickstart integration installed (auto-consent) and its webhooks
// pointed at a loopback receiver.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "client/sandbox/sandbox_client.h"
#include "client/webhooks/delivery_tailer.h"
#include "client/webhooks/signature_verifier.h"
#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class TriggerCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = EmulatorProcess::Start({"--auto-consent", "--webhook-url", receiver_.url()});
    ASSERT_TRUE(emulator_);
  }
  void TearDown() override { std::filesystem::remove_all(token_dir_); }
  // Into a temporary token file: a test never writes ~/.config/revento/tokens.json.
  void Install() {
    auto r = RunCommand(REVENTO_CLIENT_BINARY, {"connect", "--auth-base", emulator_->base_url(), "--scope",
                                                "event.read participants.read applications.read attendance.read",
                                                "--token-file", token_dir_ + "/tokens.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  CommandResult Revento(std::vector<std::string> args) {
    args.insert(args.begin(), {"--emulator", emulator_->base_url()});
    return RunCommand(REVENTO_CLIENT_BINARY, args);
  }

  WebhookReceiver receiver_;
  std::unique_ptr<EmulatorProcess> emulator_;
  std::string token_dir_ = [] {
    std::string pattern = "/tmp/revento-trigger-test-XXXXXX";
    return std::string(mkdtemp(pattern.data()));
  }();
};

TEST_F(TriggerCommandTest, AnUnknownTypeIsAUsageErrorListingTheCatalog) {
  auto r = Revento({"trigger", "participant.deleted"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("participant.checked_in"), std::string::npos);
  EXPECT_EQ(Lines(r.err).size(), 1u);
}

TEST_F(TriggerCommandTest, ABadSetOrDataIsAUsageError) {
  EXPECT_EQ(Revento({"trigger", "participant.updated", "--set", "first_name"}).exit_code, 2);
  EXPECT_EQ(Revento({"trigger", "participant.updated", "--data", "[1]"}).exit_code, 2);
  EXPECT_EQ(Revento({"trigger", "participant.updated", "--data", "@/nonexistent.json"}).exit_code, 2);
  EXPECT_EQ(Revento({"trigger"}).exit_code, 2);
}

TEST_F(TriggerCommandTest, AnUnreachableEmulatorFailsWithOneLineSayingWhatToDo) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"--emulator", "http://127.0.0.1:1", "trigger", "event.updated"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err).size(), 1u);
  EXPECT_NE(r.err.find("--emulator"), std::string::npos);
  EXPECT_EQ(RunCommand(REVENTO_CLIENT_BINARY, {"--emulator", "localhost:8787", "trigger", "event.updated"}).exit_code,
            2);
}

TEST_F(TriggerCommandTest, TheEmulatorsRefusalIsPrintedAndExits1) {
  auto r = Revento({"trigger", "participant.updated", "--participant", "par_nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("participant_id"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("; check TYPE, --event, --application, --participant"), std::string::npos) << r.err;
  EXPECT_EQ(Lines(r.err).size(), 1u);
}

TEST_F(TriggerCommandTest, WithNobodyInstalledItSucceedsAndSaysSo) {
  auto r = Revento({"trigger", "event.updated"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("no integration receives event.updated"), std::string::npos);
}

TEST_F(TriggerCommandTest, PrintsTheDeliveryIdsAndTheReceiverGetsTheOverriddenSignedData) {
  Install();
  // The env var is read when --emulator is absent.
  setenv("REVENTO_EMULATOR", emulator_->base_url().c_str(), 1);
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"trigger", "participant.updated", "--participant", "par_002", "--set",
                                              "first_name=Zoë", "--set", "ticket_type=null", "--flush"});
  unsetenv("REVENTO_EMULATOR");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto ids = Lines(r.out);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_TRUE(ids[0].starts_with("dlv_"));
  ASSERT_EQ(receiver_.Count(), 1u);
  auto got = receiver_.Received()[0];
  EXPECT_EQ(got.Header("X-Revento-Delivery-Id"), ids[0]);
  auto data = nlohmann::json::parse(got.body)["data"];
  EXPECT_EQ(data["id"], "par_002");
  EXPECT_EQ(data["first_name"], "Zoë");
  EXPECT_FALSE(data.contains("ticket_type"));
  EXPECT_TRUE(client::webhooks::VerifySignature("whsec_sandbox_quickstart", got.Header("X-Revento-Timestamp"),
                                                got.Header("X-Revento-Signature"), got.body,
                                                client::webhooks::SystemUnixSeconds()));
}

TEST_F(TriggerCommandTest, JsonPrintsTheEmulatorsAnswer) {
  Install();
  auto r = Revento({"trigger", "application.submitted", "--data", R"({"applicant":{"name":"Ada"}})", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto answer = nlohmann::json::parse(r.out);
  EXPECT_EQ(answer["type"], "application.submitted");
  EXPECT_EQ(answer["data"]["applicant"]["name"], "Ada");
  EXPECT_EQ(answer["delivery_ids"].size(), 1u);
}

TEST_F(TriggerCommandTest, TailWithoutHistoryShowsNothingFromBeforeItStarted) {
  Install();
  ASSERT_EQ(Revento({"trigger", "event.updated", "--flush"}).exit_code, 0);
  auto r = Revento({"deliveries", "tail", "--once"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(TriggerCommandTest, TailPrintsOneLinePerAttemptWithTimeTypeIdUrlStatusAndDuration) {
  Install();
  receiver_.Script({{500, "boom", {}, false}});
  auto first = Revento({"trigger", "event.updated", "--flush"});
  auto second = Revento({"trigger", "participant.registered", "--flush"});
  ASSERT_EQ(first.exit_code, 0);
  ASSERT_EQ(second.exit_code, 0);
  auto r = Revento({"deliveries", "tail", "--history", "--once"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  std::string failed = lines[0].find("[500]") != std::string::npos ? lines[0] : lines[1];
  std::string ok = lines[0].find("[200]") != std::string::npos ? lines[0] : lines[1];
  EXPECT_NE(failed.find("event.updated"), std::string::npos);
  EXPECT_NE(failed.find(Lines(first.out)[0]), std::string::npos);
  EXPECT_NE(failed.find(receiver_.url()), std::string::npos);
  EXPECT_NE(failed.find(" ms"), std::string::npos);
  EXPECT_NE(ok.find("participant.registered"), std::string::npos);
  EXPECT_NE(ok.find(Lines(second.out)[0]), std::string::npos);

  auto json = Revento({"deliveries", "tail", "--history", "--json", "--max-lines", "1"});
  ASSERT_EQ(json.exit_code, 0);
  auto json_lines = Lines(json.out);
  ASSERT_EQ(json_lines.size(), 1u);
  auto line = nlohmann::json::parse(json_lines[0]);
  for (const char* key : {"time", "type", "delivery_id", "attempt", "url", "status", "duration_ms", "error"}) {
    EXPECT_TRUE(line.contains(key)) << key;
  }
}

TEST_F(TriggerCommandTest, TheTailerReportsOnlyNewAttemptsOnEachPoll) {
  Install();
  auto sandbox = client::sandbox::SandboxClient::Connect(emulator_->base_url());
  ASSERT_TRUE(sandbox);
  ASSERT_EQ(Revento({"trigger", "event.updated", "--flush"}).exit_code, 0);
  client::webhooks::DeliveryTailer tailer(*sandbox, false);
  ASSERT_TRUE(tailer.Poll());  // the snapshot
  auto nothing = tailer.Poll();
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty());
  auto trig = Revento({"trigger", "participant.cancelled", "--flush"});
  ASSERT_EQ(trig.exit_code, 0);
  auto lines = tailer.Poll();
  ASSERT_TRUE(lines) << lines.error().message;
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].type, "participant.cancelled");
  EXPECT_EQ((*lines)[0].delivery_id, Lines(trig.out)[0]);
  EXPECT_EQ((*lines)[0].status, 200);
  EXPECT_TRUE(tailer.Poll()->empty());
}

TEST(DeliveriesTailCommandTest, AnUnreachableEmulatorExits1WithOneLine) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"--emulator", "http://127.0.0.1:1", "deliveries", "tail", "--once"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err).size(), 1u);
}

// A server that is not the emulator (here a webhook receiver answering 500
// with a multi-line HTML page): one line that asks for the emulator's URL.
TEST(SandboxCommandsTest, AServerThatIsNotTheEmulatorIsOneLineAskingForTheEmulator) {
  WebhookReceiver not_emulator;
  not_emulator.SetDefault({500, "<html>\n<p>Internal\nError</p>\n</html>", {}, false});
  std::string base = not_emulator.url("");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--emulator", base, "trigger", "event.updated"},
        std::vector<std::string>{"--emulator", base, "deliveries", "tail", "--once"}}) {
    auto r = RunCommand(REVENTO_CLIENT_BINARY, args);
    EXPECT_EQ(r.exit_code, 1) << args[2];
    EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("is " + base + " a revento-emulator? Pass its URL with --emulator"), std::string::npos)
        << r.err;
  }
}

TEST(SandboxAdminTokenTest, TriggerAndTailSendTheAdminTokenFromTheFlagOrTheEnvironment) {
  auto emulator = EmulatorProcess::Start({"--admin-token", "sesame-admin-token"});
  ASSERT_TRUE(emulator);
  auto revento = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--emulator", emulator->base_url()});
    return RunCommand(REVENTO_CLIENT_BINARY, args);
  };
  auto refused = revento({"trigger", "event.updated"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(Lines(refused.err).size(), 1u) << refused.err;
  EXPECT_NE(refused.err.find("X-Revento-Admin-Token"), std::string::npos) << refused.err;
  EXPECT_EQ(revento({"trigger", "event.updated", "--admin-token", "wrong"}).exit_code, 1);
  EXPECT_EQ(revento({"deliveries", "tail", "--once"}).exit_code, 1);

  auto triggered = revento({"trigger", "event.updated", "--admin-token", "sesame-admin-token"});
  EXPECT_EQ(triggered.exit_code, 0) << triggered.err;
  auto tailed = revento({"deliveries", "tail", "--once", "--admin-token", "sesame-admin-token"});
  EXPECT_EQ(tailed.exit_code, 0) << tailed.err;

  ASSERT_EQ(setenv("REVENTO_ADMIN_TOKEN", "sesame-admin-token", 1), 0);
  auto from_environment = revento({"trigger", "event.updated"});
  auto tail_from_environment = revento({"deliveries", "tail", "--once"});
  unsetenv("REVENTO_ADMIN_TOKEN");
  EXPECT_EQ(from_environment.exit_code, 0) << from_environment.err;
  EXPECT_EQ(tail_from_environment.exit_code, 0) << tail_from_environment.err;
}

}  // namespace
}  // namespace revento::testing
