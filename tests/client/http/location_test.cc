#include "client/http/location.h"

#include <gtest/gtest.h>

namespace revento::client::http {
namespace {

TEST(ReencodeHeaderUrlTest, EncodesWhatAUrlCannotHoldIncludingABarePercent) {
  EXPECT_EQ(ReencodeHeaderUrl("/callback?error_description=The user denied"),
            "/callback?error_description=The%20user%20denied");
  EXPECT_EQ(ReencodeHeaderUrl("/x?v=100%"), "/x?v=100%25");
  EXPECT_EQ(ReencodeHeaderUrl("/x?n=Zo\xc3\xab&q=\"<>\\^`{|}\t"), "/x?n=Zo%C3%AB&q=%22%3C%3E%5C%5E%60%7B%7C%7D%09");
}

TEST(ReencodeHeaderUrlTest, LeavesEveryOtherByteAsItIs) {
  const std::string plain = "http://localhost:3000/callback?code=abc-._~&state=x/y:z@!$'()*+,;=";
  EXPECT_EQ(ReencodeHeaderUrl(plain), plain);
}

TEST(ResolveReferenceTest, AbsoluteRootedAndRelativeTargets) {
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787/oauth/authorize?x=1", "http://localhost:3000/callback?code=c"),
            "http://localhost:3000/callback?code=c");
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787/oauth/authorize?x=1", "/oauth/consent"),
            "http://127.0.0.1:8787/oauth/consent");
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787/oauth/authorize?next=/a/b", "consent?id=1"),
            "http://127.0.0.1:8787/oauth/consent?id=1");
  EXPECT_EQ(ResolveReference("http://127.0.0.1:8787", "consent"), "http://127.0.0.1:8787/consent");
}

TEST(ResolveReferenceTest, ABaseThatIsNotAUrlLeavesTheTarget) {
  EXPECT_EQ(ResolveReference("not a url", "consent"), "consent");
}

}  // namespace
}  // namespace revento::client::http
