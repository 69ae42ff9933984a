// The emulator's URL as --emulator gives it: an origin, IPv6 literals included.
#include "client/sandbox/sandbox_client.h"

#include <gtest/gtest.h>

namespace revento::client::sandbox {
namespace {

TEST(SandboxClientTest, TakesAnyOriginIncludingAnIpv6Literal) {
  for (const char* origin : {"http://localhost:8787", "http://127.0.0.1:8787/", "http://[::1]:8787", "http://[::1]"}) {
    auto client = SandboxClient::Connect(origin, "", nullptr);
    EXPECT_TRUE(client) << origin << ": " << client.error().message;
  }
}

TEST(SandboxClientTest, RefusesAUrlWithAPath) {
  for (const char* bad : {"http://localhost:8787/_sandbox", "http://[::1]:8787/x", "localhost:8787"}) {
    auto client = SandboxClient::Connect(bad, "", nullptr);
    ASSERT_FALSE(client) << bad;
    EXPECT_NE(client.error().message.find("--emulator http://localhost:8787"), std::string::npos);
  }
}

}  // namespace
}  // namespace revento::client::sandbox
