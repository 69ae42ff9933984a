#include "client/tokens/token_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace revento::client {
namespace {

class FileTokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "revento-tokens-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = dir_ + "/nested/dir/tokens.json";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& text, mode_t mode) {
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    std::ofstream(path_) << text;
    chmod(path_.c_str(), mode);
  }

  static StoredTokens Tokens(const std::string& event, const std::string& refresh) {
    StoredTokens t;
    t.key = {"http://127.0.0.1:8787", "rev_client_quickstart", event};
    t.client_secret = "rev_secret_sandbox_quickstart";
    t.organization_id = "org_xyz789";
    t.scope = "event.read";
    t.access_token = "rev_install_a";
    t.refresh_token = refresh;
    t.expires_at = 1795777200;
    return t;
  }

  std::string dir_, path_;
};

TEST_F(FileTokenStoreTest, RefusesAFileOthersCanReadNamingTheFix) {
  Write(R"({"version":1,"installations":[]})", 0644);
  FileTokenStore store(path_);
  auto listed = store.List();
  ASSERT_FALSE(listed);
  EXPECT_NE(listed.error().message.find("chmod 600 " + path_), std::string::npos) << listed.error().message;
  EXPECT_NE(listed.error().message.find("644"), std::string::npos);
  // Saving must not overwrite a file it refused to read.
  EXPECT_FALSE(store.Save(Tokens("evt_abc123", "rev_refresh_1")));
}

TEST_F(FileTokenStoreTest, RefusesAFileThatIsNotJsonAndLeavesItAlone) {
  Write("{\"version\":1,\"installa", 0600);
  FileTokenStore store(path_);
  auto listed = store.List();
  ASSERT_FALSE(listed);
  EXPECT_NE(listed.error().message.find("is not JSON"), std::string::npos);
  EXPECT_NE(listed.error().message.find("delete it"), std::string::npos);
  EXPECT_EQ(listed.error().message.find('\n'), std::string::npos);
  EXPECT_FALSE(store.Save(Tokens("evt_abc123", "rev_refresh_1")));
  std::ifstream in(path_);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "{\"version\":1,\"installa");
}

TEST_F(FileTokenStoreTest, RefusesAFileOverTheCapWithoutReadingIt) {
  // One byte over 1 MiB, valid JSON apart from its size: the size alone refuses it.
  std::string padded = R"({"version":1,"installations":[],"pad":")";
  padded += std::string(kMaxTokenFileBytes + 1 - padded.size() - 2, 'x') + "\"}";
  ASSERT_EQ(padded.size(), kMaxTokenFileBytes + 1);
  Write(padded, 0600);
  FileTokenStore store(path_);
  auto listed = store.List();
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code, kInvalidArgument);
  EXPECT_NE(listed.error().message.find("larger than the 1 MiB a token file may hold"), std::string::npos)
      << listed.error().message;
  EXPECT_NE(listed.error().message.find(path_), std::string::npos);
  EXPECT_FALSE(store.Save(Tokens("evt_abc123", "rev_refresh_1")));
  EXPECT_EQ(std::filesystem::file_size(path_), kMaxTokenFileBytes + 1) << "a refused file is left alone";
  // At the cap exactly, the same document is read.
  padded.erase(padded.size() - 3, 1);
  Write(padded, 0600);
  EXPECT_TRUE(FileTokenStore(path_).List()) << "a file of exactly 1 MiB is accepted";
}

TEST_F(FileTokenStoreTest, RefusesJsonOfAnotherShape) {
  for (const char* text : {"[]", R"({"version":2,"installations":[]})", R"({"version":1,"installations":[{"x":1}]})"}) {
    Write(text, 0600);
    FileTokenStore store(path_);
    ASSERT_FALSE(store.List()) << text;
  }
}

TEST_F(FileTokenStoreTest, AMissingFileIsAnEmptyStore) {
  FileTokenStore store(path_);
  auto listed = store.List();
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_TRUE(listed->empty());
  auto loaded = store.Load({"http://127.0.0.1:8787", "rev_client_quickstart", "evt_abc123"});
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(FileTokenStoreTest, WritesMode0600AtomicallyAndReplacesByKey) {
  FileTokenStore store(path_);
  ASSERT_TRUE(store.Save(Tokens("evt_abc123", "rev_refresh_1")));
  ASSERT_TRUE(store.Save(Tokens("evt_other", "rev_refresh_9")));
  ASSERT_TRUE(store.Save(Tokens("evt_abc123", "rev_refresh_2")));
  struct stat st {};
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  struct stat dir {};
  ASSERT_EQ(stat(std::filesystem::path(path_).parent_path().c_str(), &dir), 0);
  EXPECT_EQ(dir.st_mode & 0777, 0700u);
  // No temporary file is left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(path_).parent_path()))
    ++files;
  EXPECT_EQ(files, 1);
  FileTokenStore again(path_);
  auto loaded = again.Load({"http://127.0.0.1:8787", "rev_client_quickstart", "evt_abc123"});
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->refresh_token, "rev_refresh_2");
  EXPECT_EQ((*loaded)->expires_at, 1795777200);
  EXPECT_EQ(again.List()->size(), 2u);
  ASSERT_TRUE(again.Remove({"http://127.0.0.1:8787", "rev_client_quickstart", "evt_other"}));
  EXPECT_EQ(again.List()->size(), 1u);
}

TEST(DefaultTokenFilePathTest, EnvironmentOverridesHome) {
  setenv("REVENTO_TOKEN_FILE", "/tmp/x/tokens.json", 1);
  EXPECT_EQ(DefaultTokenFilePath(), "/tmp/x/tokens.json");
  unsetenv("REVENTO_TOKEN_FILE");
  const char* home = std::getenv("HOME");
  std::string saved = home ? home : "";
  setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(DefaultTokenFilePath(), "/home/someone/.config/revento/tokens.json");
  setenv("HOME", saved.c_str(), 1);
}

TEST(MemoryTokenStoreTest, SavesLoadsAndRemoves) {
  MemoryTokenStore store;
  StoredTokens t;
  t.key = {"a", "b", "c"};
  t.refresh_token = "r1";
  ASSERT_TRUE(store.Save(t));
  t.refresh_token = "r2";
  ASSERT_TRUE(store.Save(t));
  EXPECT_EQ(store.List()->size(), 1u);
  EXPECT_EQ((*store.Load({"a", "b", "c"}))->refresh_token, "r2");
  ASSERT_TRUE(store.Remove({"a", "b", "c"}));
  EXPECT_FALSE(store.Load({"a", "b", "c"})->has_value());
}

}  // namespace
}  // namespace revento::client
