// `revento webhooks verify` says why a captured delivery fails, and
// `webhooks send --variant` sends each broken variant.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

class WebhooksVerifyCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("revento_verify_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Sends one delivery of `variant` and writes what arrived to headers.txt
  // ("Name: value" lines, as a request dump) and body.json.
  void Capture(const std::string& variant) {
    WebhookReceiver receiver;
    auto r =
        RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", receiver.url(), "--secret", "whsec_x", "--type",
                                           "participant.registered", "--variant", variant, "--set", "first_name=Zoë"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(receiver.Count(), 1u);
    auto got = receiver.Received()[0];
    std::ofstream headers(dir_ / "headers.txt", std::ios::binary);
    headers << "POST /webhooks/revento HTTP/1.1\r\n";
    for (const auto& [name, value] : got.headers) headers << name << ": " << value << "\r\n";
    std::ofstream(dir_ / "body.json", std::ios::binary) << got.body;
  }
  CommandResult Verify(const std::string& secret, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"webhooks",  "verify",
                                  "--secret",  secret,
                                  "--headers", (dir_ / "headers.txt").string(),
                                  "--body",    (dir_ / "body.json").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCommand(REVENTO_CLIENT_BINARY, args);
  }
  std::string Reason(const std::string& secret) {
    auto r = Verify(secret, {"--json"});
    auto out = nlohmann::json::parse(r.out);
    EXPECT_EQ(r.exit_code, out["valid"] ? 0 : 1);
    return out["valid"] ? "valid" : out["reason"].get<std::string>();
  }

  std::filesystem::path dir_;
};

TEST_F(WebhooksVerifyCommandTest, AnUnreadableFileIsAUsageError) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "verify", "--secret", "s", "--headers", "/nonexistent/h",
                                              "--body", "/nonexistent/b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/h"), std::string::npos);
}

// /dev/zero used to be read until memory ran out; a directory read as empty.
TEST_F(WebhooksVerifyCommandTest, ADeviceOrADirectoryIsRefusedBeforeAnyRead) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"webhooks", "verify", "--secret", "s", "--headers", "/dev/zero", "--body", "/dev/zero"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--headers /dev/zero: is not a regular file"), std::string::npos) << r.err;
  r = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "verify", "--secret", "s", "--headers", "/tmp", "--body", "/tmp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--headers /tmp: is a directory"), std::string::npos) << r.err;
}

TEST_F(WebhooksVerifyCommandTest, SaysWhyEachBrokenDeliveryFails) {
  Capture("valid");
  EXPECT_EQ(Reason("whsec_other"), "mismatch");
  auto text = Verify("whsec_other");
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_TRUE(text.out.starts_with("invalid (mismatch): ")) << text.out;
  std::ofstream(dir_ / "body.json", std::ios::app) << " ";
  EXPECT_EQ(Reason("whsec_x"), "mismatch");
  Capture("stale-timestamp");
  EXPECT_EQ(Reason("whsec_x"), "stale_timestamp");
  Capture("future-timestamp");
  EXPECT_EQ(Reason("whsec_x"), "future_timestamp");
  Capture("signature-missing");
  EXPECT_EQ(Reason("whsec_x"), "missing_signature");
  Capture("timestamp-missing");
  EXPECT_EQ(Reason("whsec_x"), "missing_timestamp");
  Capture("no-prefix");
  EXPECT_EQ(Reason("whsec_x"), "malformed_signature");
  Capture("uppercase-hex");
  EXPECT_EQ(Reason("whsec_x"), "malformed_signature");
  Capture("body-respaced");
  EXPECT_EQ(Reason("whsec_x"), "mismatch");
  Capture("wrong-secret");
  EXPECT_EQ(Reason("whsec_x"), "mismatch");
}

TEST_F(WebhooksVerifyCommandTest, AcceptsAGoodCaptureFromHeaderLinesOrAJsonObject) {
  Capture("unusual-spacing");
  auto r = Verify("whsec_x");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.out.starts_with("valid")) << r.out;
  Capture("valid");
  EXPECT_EQ(Reason("whsec_x"), "valid");
  std::ifstream in(dir_ / "headers.txt");
  nlohmann::json headers = nlohmann::json::object();
  for (std::string line; std::getline(in, line);) {
    size_t colon = line.find(": ");
    if (colon != std::string::npos && line.starts_with("X-")) {
      headers[line.substr(0, colon)] = line.substr(colon + 2, line.size() - colon - 3);
    }
  }
  std::ofstream(dir_ / "headers.txt", std::ios::trunc) << headers.dump();
  EXPECT_EQ(Reason("whsec_x"), "valid");
}

TEST_F(WebhooksVerifyCommandTest, SendSaveWritesWhatVerifyReads) {
  WebhookReceiver receiver;
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", receiver.url(), "--secret", "whsec_x",
                                              "--save", (dir_ / "saved").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(receiver.Received()[0].body, [&] {
    std::ifstream in(dir_ / "saved" / "body.json", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }());
  auto v = RunCommand(REVENTO_CLIENT_BINARY,
                      {"webhooks", "verify", "--secret", "whsec_x", "--headers",
                       (dir_ / "saved" / "headers.txt").string(), "--body", (dir_ / "saved" / "body.json").string()});
  EXPECT_EQ(v.exit_code, 0) << v.out;
  auto unwritable = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", receiver.url(), "--secret",
                                                       "whsec_x", "--save", "/proc/revento_nope"});
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_EQ(receiver.Count(), 1u);
}

TEST(WebhooksSendVariantTest, AnUnknownVariantOrTypeIsAUsageError) {
  WebhookReceiver receiver;
  for (auto args :
       std::vector<std::vector<std::string>>{{"--variant", "nope"}, {"--type", "nope.nope"}, {"--set", "x"}}) {
    std::vector<std::string> full{"webhooks", "send", "--url", receiver.url(), "--secret", "s"};
    full.insert(full.end(), args.begin(), args.end());
    auto r = RunCommand(REVENTO_CLIENT_BINARY, full);
    EXPECT_EQ(r.exit_code, 2) << args[0];
  }
  EXPECT_EQ(receiver.Count(), 0u);
}

TEST(WebhooksSendVariantTest, AnEmptySecretIsAUsageErrorForSendAndVerify) {
  WebhookReceiver receiver;
  auto send = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", receiver.url(), "--secret", ""});
  EXPECT_EQ(send.exit_code, 2);
  EXPECT_EQ(receiver.Count(), 0u);
  auto verify = RunCommand(REVENTO_CLIENT_BINARY,
                           {"webhooks", "verify", "--secret", "", "--headers", "/dev/null", "--body", "/dev/null"});
  EXPECT_EQ(verify.exit_code, 2);
  for (const auto& r : {send, verify}) {
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("--secret is empty: pass your integration's webhook secret"), std::string::npos) << r.err;
  }
}

TEST(WebhooksSendVariantTest, AnUnreachableReceiverExits1WithOneLine) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"webhooks", "send", "--url", "http://127.0.0.1:1/x", "--secret", "s"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace revento::testing
