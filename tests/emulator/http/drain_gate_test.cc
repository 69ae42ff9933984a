#include "emulator/http/drain_gate.h"

#include <gtest/gtest.h>

#include <thread>

namespace revento::emulator::http {
namespace {

using std::chrono::milliseconds;

TEST(DrainGateTest, CountsRequestsInFlight) {
  DrainGate gate;
  EXPECT_TRUE(gate.AwaitIdle(milliseconds(0)));
  ASSERT_TRUE(gate.Enter());
  {
    DrainGate::Pass pass(gate);
    EXPECT_FALSE(gate.AwaitIdle(milliseconds(0)));
  }
  EXPECT_TRUE(gate.AwaitIdle(milliseconds(0)));
}

TEST(DrainGateTest, RefusesOnceDrainingAndReturnsWhenTheLastLeaves) {
  DrainGate gate;
  ASSERT_TRUE(gate.Enter());
  gate.StartDraining();
  EXPECT_FALSE(gate.Enter());
  std::thread last([&] { gate.Leave(); });
  EXPECT_TRUE(gate.AwaitIdle(milliseconds(60000)));
  last.join();
}

}  // namespace
}  // namespace revento::emulator::http
