// --data / --set become one JSON merge patch.
#include "client/webhooks/overrides.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace revento::client::webhooks {
namespace {

TEST(OverridesTest, RefusesDataThatIsNotAnObject) {
  EXPECT_FALSE(BuildOverrides("[1]", {}));
  EXPECT_FALSE(BuildOverrides("{", {}));
  EXPECT_FALSE(BuildOverrides("\"x\"", {}));
  auto missing = BuildOverrides("@/nonexistent/patch.json", {});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nonexistent/patch.json"), std::string::npos);
}

TEST(OverridesTest, DataFromADeviceOrADirectoryIsRefusedBeforeAnyRead) {
  auto device = BuildOverrides("@/dev/zero", {});
  ASSERT_FALSE(device);
  EXPECT_EQ(device.error().message, "--data /dev/zero: is not a regular file (a device, pipe or socket); pass a file");
  auto directory = BuildOverrides("@/tmp", {});
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().message, "--data /tmp: is a directory; pass a file");
}

TEST(OverridesTest, RefusesASetWithoutAnEqualsSignOrWithAnEmptySegment) {
  EXPECT_FALSE(BuildOverrides("", {"first_name"}));
  EXPECT_FALSE(BuildOverrides("", {"=x"}));
  EXPECT_FALSE(BuildOverrides("", {"applicant..name=x"}));
  EXPECT_FALSE(BuildOverrides("", {"applicant.=x"}));
}

TEST(OverridesTest, SetValuesAreJsonWhenTheyParseAndStringsOtherwise) {
  auto patch = BuildOverrides("", {"first_name=Zoë", "capacity=42", "flag=true", "gone=null", "quoted=\"42\"",
                                   "applicant.name=Ada Lovelace", "eq=a=b"});
  ASSERT_TRUE(patch);
  EXPECT_EQ(
      patch->dump(),
      R"({"first_name":"Zoë","capacity":42,"flag":true,"gone":null,"quoted":"42","applicant":{"name":"Ada Lovelace"},"eq":"a=b"})");
}

TEST(OverridesTest, SetAppliesOnTopOfDataFromAFile) {
  auto file = std::filesystem::temp_directory_path() / ("revento_patch_" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << R"({"first_name":"Ada","applicant":{"email":"a@example.com"}})";
  auto patch = BuildOverrides("@" + file.string(), {"first_name=Zoë", "applicant.name=Z"});
  ASSERT_TRUE(patch) << patch.error().message;
  EXPECT_EQ(patch->dump(), R"({"first_name":"Zoë","applicant":{"email":"a@example.com","name":"Z"}})");
  std::filesystem::remove(file);
  EXPECT_EQ(BuildOverrides("", {})->dump(), "{}");
}

}  // namespace
}  // namespace revento::client::webhooks
