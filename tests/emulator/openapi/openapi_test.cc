// docs/openapi.yaml: the YAML-to-JSON conversion, the compiled-in document,
// and that it describes every route of the route table (and nothing else).
#include "emulator/openapi/openapi.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "emulator/http/router.h"
#include "emulator/routes.h"
#include "tests/support/emulator_process.h"

namespace revento::emulator::openapi {
namespace {

TEST(YamlToJson, RefusesMalformedYamlNamingTheLine) {
  auto bad = YamlToJson("a: 1\nb: [unclosed\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line"), std::string::npos) << bad.error().message;
  auto complex_key = YamlToJson("? [a, b]\n: 1\n");
  ASSERT_FALSE(complex_key);
  EXPECT_NE(complex_key.error().message.find("key must be a scalar"), std::string::npos);
}

TEST(YamlToJson, PlainScalarsFollowTheCoreSchemaQuotedOnesStayStrings) {
  auto json = YamlToJson(
      "int: 42\nneg: -7\nfloat: 1.5\nexp: 1e3\nyes: true\nno: false\nnothing: null\ntilde: ~\nempty:\n"
      "quoted: '200'\ndouble: \"true\"\nversion: 3.1.0\nword: event.read participants.read\n"
      "list: [a, 1, {k: v}]\nblock: |\n  line one\n  line two\n");
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ((*json)["int"], 42);
  EXPECT_EQ((*json)["neg"], -7);
  EXPECT_EQ((*json)["float"], 1.5);
  EXPECT_EQ((*json)["exp"], 1000.0);
  EXPECT_EQ((*json)["yes"], true);
  EXPECT_EQ((*json)["no"], false);
  EXPECT_TRUE((*json)["nothing"].is_null());
  EXPECT_TRUE((*json)["tilde"].is_null());
  EXPECT_TRUE((*json)["empty"].is_null());
  EXPECT_EQ((*json)["quoted"], "200");
  EXPECT_EQ((*json)["double"], "true");
  EXPECT_EQ((*json)["version"], "3.1.0");
  EXPECT_EQ((*json)["word"], "event.read participants.read");
  EXPECT_EQ((*json)["list"], nlohmann::json::parse(R"(["a", 1, {"k": "v"}])"));
  EXPECT_EQ((*json)["block"], "line one\nline two\n");
}

TEST(OpenApiDocument, TheCompiledInDocumentConverts) {
  auto text = OpenApiJsonText();
  ASSERT_TRUE(text) << text.error().message;
  auto document = nlohmann::json::parse(*text);
  EXPECT_EQ(document["openapi"], "3.1.0");
  EXPECT_TRUE(document["paths"].is_object());
  EXPECT_TRUE(document["paths"]["/api/v1/events/{event_id}"]["get"]["responses"].contains("200"));
}

TEST(OpenApiDocument, DescribesEveryRouteAndNoOther) {
  testing::InProcessEmulator emu;
  http::Router router;
  BuildRoutes(emu.emulator(), router);
  auto document = nlohmann::json::parse(*OpenApiJsonText());
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& [method, pattern] : router.Table()) {
    served.emplace(method, pattern);
    std::string lower = method;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(document["paths"].contains(pattern) && document["paths"][pattern].contains(lower))
        << method << " " << pattern << " is served but docs/openapi.yaml does not describe it";
  }
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      // A refusal-only operation (405) documents a method the server turns
      // away, whether or not a route exists for it.
      if (operation["responses"].size() == 1 && operation["responses"].contains("405")) continue;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_TRUE(served.contains({upper, path})) << upper << " " << path << " is described but not served";
    }
  }
}

}  // namespace
}  // namespace revento::emulator::openapi
