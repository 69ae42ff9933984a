#include "emulator/http/carried_refusal.h"

#include <gtest/gtest.h>

namespace revento::emulator::http {
namespace {

TEST(CarriedRefusalTest, TravelsOnTheRequest) {
  httplib::Request req;
  Carry(req, Refusal{413, "The request body is 2000000 bytes; the sandbox accepts at most 1048576."});
  auto refusal = Carried(req);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 413);
  EXPECT_EQ(refusal->reason, "The request body is 2000000 bytes; the sandbox accepts at most 1048576.");
}

TEST(CarriedRefusalTest, AClientCannotForgeOne) {
  httplib::Request req;
  req.set_header("X-Revento-Refused", "400 forged");
  Carry(req, std::nullopt);
  EXPECT_FALSE(Carried(req));
  EXPECT_FALSE(req.has_header("X-Revento-Refused"));
}

TEST(CarriedRefusalTest, ReplacesAForgedValue) {
  httplib::Request req;
  req.set_header("X-Revento-Refused", "400 forged");
  Carry(req, Refusal{408, "Too slow."});
  EXPECT_EQ(req.get_header_value_count("X-Revento-Refused"), 1u);
  EXPECT_EQ(Carried(req)->status, 408);
}

TEST(CarriedRefusalTest, NoneWithoutTheHeader) {
  httplib::Request req;
  EXPECT_FALSE(Carried(req));
}

}  // namespace
}  // namespace revento::emulator::http
