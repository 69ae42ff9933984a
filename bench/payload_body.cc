// bench_payload_body: the time to build one webhook body, as the emulator
// writes it (webhooks::PayloadBody, with the JSON text helpers) beside the
// same envelope built as an nlohmann::ordered_json and dumped, which
// tests/emulator/webhooks/signer_test.cc uses as the reference for the bytes.
// The body is built under the database lock (webhooks/publisher.h), so its
// cost is paid by every request that publishes. Interleaved rounds; prints
// nanoseconds per body and the ratio. Asserts nothing.
//
//   build/bench/bench_payload_body [bodies_per_round=300000] [rounds=5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/clock.h"
#include "emulator/webhooks/payloads.h"

namespace {

using revento::emulator::IsoTimestampFromUnix;

std::string OrderedJsonBody(std::string_view id, std::string_view type, int64_t created_at, std::string_view event_id,
                            std::string_view organization_id, const nlohmann::json& data) {
  nlohmann::ordered_json envelope;
  envelope["id"] = id;
  envelope["type"] = type;
  envelope["created_at"] = IsoTimestampFromUnix(created_at);
  envelope["event_id"] = event_id;
  envelope["organization_id"] = organization_id;
  envelope["data"] = data;
  return envelope.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

int main(int argc, char** argv) {
  const int bodies = argc > 1 ? std::atoi(argv[1]) : 300000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  // A participant as the Read API represents it (docs/api.md).
  const nlohmann::json data = {{"checked_in_at", nullptr},       {"email", "ada@example.com"},
                               {"event_id", "evt_abc123"},       {"first_name", "Ada"},
                               {"id", "par_001"},                {"last_name", "Lovelace"},
                               {"object", "participant"},        {"registered_at", "2026-11-27T10:00:00Z"},
                               {"status", "registered"},         {"updated_at", "2026-11-27T10:00:00Z"}};
  std::vector<double> written, ordered;
  size_t checksum = 0;
  for (int round = 0; round < rounds; ++round) {
    for (int which = 0; which < 2; ++which) {
      auto started = std::chrono::steady_clock::now();
      for (int i = 0; i < bodies; ++i) {
        std::string body =
            which == 0 ? revento::emulator::webhooks::PayloadBody("whe_0123456789abcdef", "participant.updated",
                                                                  1795773600 + i, "evt_abc123", "org_xyz789", data)
                       : OrderedJsonBody("whe_0123456789abcdef", "participant.updated", 1795773600 + i, "evt_abc123",
                                         "org_xyz789", data);
        checksum += body.size();
      }
      double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started).count() / bodies;
      (which == 0 ? written : ordered).push_back(ns);
    }
  }
  std::sort(written.begin(), written.end());
  std::sort(ordered.begin(), ordered.end());
  double written_median = written[written.size() / 2], ordered_median = ordered[ordered.size() / 2];
  std::printf("PayloadBody (JSON text helpers): %.0f ns/body (median of %d rounds of %d)\n", written_median, rounds,
              bodies);
  std::printf("nlohmann::ordered_json envelope:  %.0f ns/body; ordered_json / PayloadBody = %.2f\n", ordered_median,
              ordered_median / written_median);
  std::printf("(checksum %zu)\n", checksum);
  return 0;
}
