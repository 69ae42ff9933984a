// bench_webhooks: deliveries per second from trigger to a local receiver
// answering 200, and trigger-to-receipt latency (p50, p99).
//
// Runs the emulator in-process with its production defaults (system clock,
// HttpTransport, --webhook-workers 8), installs the fixture integration on
// the default event, points it at a loopback receiver answering 200 (the
// emulator's own HTTP server), and fires
// POST /_sandbox/webhooks/trigger from client threads over keep-alive
// connections. Latency runs from just before the trigger request is sent to
// the receiver's handler seeing the delivery.
//
// Two phases: a flood of `deliveries` triggers from `client_threads` threads
// (throughput, and latency including the queue it builds), then
// `latency_samples` triggers one at a time (latency without a backlog).
//
//   bench_webhooks [deliveries=10000] [client_threads=4] [latency_samples=2000]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/support/webhook_receiver.h"
#include "emulator/emulator.h"

namespace {

using Steady = std::chrono::steady_clock;

struct Receipts {
  std::mutex mutex;
  std::unordered_map<std::string, Steady::time_point> at;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace revento::emulator;
  const int total = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 4;
  const int latency_samples = argc > 3 ? std::atoi(argv[3]) : 2000;

  Receipts receipts;
  std::atomic<int> received{0};
  revento::bench::WebhookReceiver receiver([&](const httplib::Request& req) {
    auto now = Steady::now();
    {
      std::lock_guard lock(receipts.mutex);
      receipts.at[req.get_header_value("X-Revento-Delivery-Id")] = now;
    }
    ++received;
  });
  if (receiver.port() == 0) return 1;

  Options options;
  options.port = 0;
  options.log_level = LogLevel::kWarn;
  options.webhook_url = receiver.url();
  auto created = Emulator::Create(options);
  if (!created) {
    std::fprintf(stderr, "%s\n", created.error().message.c_str());
    return 1;
  }
  auto& emulator = **created;
  {
    auto lock = emulator.db().Lock();
    emulator.db()
        .Prepare(
            "INSERT INTO installations(id, integration_id, event_id, organization_id, scope, created_at) VALUES "
            "('ins_bench', 'int_quickstart', 'evt_abc123', 'org_xyz789', 'event.read participants.read', 0)")
        .Run();
  }
  auto port = emulator.Start();
  if (!port) return 1;
  emulator.ServeInBackground();

  std::mutex sent_mutex;
  std::unordered_map<std::string, Steady::time_point> sent_at;
  std::atomic<int> next{0};
  auto started = Steady::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", *port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      const std::string body = R"({"type":"event.updated","event_id":"evt_abc123"})";
      while (next.fetch_add(1) < total) {
        auto before = Steady::now();
        auto res = client.Post("/_sandbox/webhooks/trigger", body, "application/json");
        if (!res || res->status != 200) {
          std::fprintf(stderr, "trigger failed\n");
          continue;
        }
        auto ids = nlohmann::json::parse(res->body)["delivery_ids"];
        std::lock_guard lock(sent_mutex);
        for (const auto& id : ids) sent_at[id.get<std::string>()] = before;
      }
    });
  }
  for (auto& c : clients) c.join();
  auto deadline = Steady::now() + std::chrono::seconds(60);
  while (received.load() < total && Steady::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto finished = Steady::now();
  Steady::time_point last_receipt = started;
  std::vector<double> latencies;
  {
    std::lock_guard lock(receipts.mutex);
    for (const auto& [id, at] : receipts.at) {
      last_receipt = std::max(last_receipt, at);
      auto it = sent_at.find(id);
      if (it != sent_at.end()) latencies.push_back(std::chrono::duration<double, std::milli>(at - it->second).count());
    }
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [](const std::vector<double>& v, double p) {
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(p * v.size()))];
  };
  double seconds = std::chrono::duration<double>(last_receipt - started).count();
  std::printf("deliveries received: %d of %d (%.0f ms to drain)\n", received.load(), total,
              std::chrono::duration<double, std::milli>(finished - started).count());
  std::printf("throughput: %.0f deliveries/s (trigger to receipt, %d client threads, %d senders)\n",
              received.load() / seconds, threads, options.webhook_workers);
  std::printf("latency under that flood (queueing included): p50 %.2f ms, p99 %.2f ms\n", pct(latencies, 0.50),
              pct(latencies, 0.99));

  // Latency without a backlog: one trigger at a time, each waiting for its
  // receipt before the next.
  std::vector<double> single;
  {
    httplib::Client client("127.0.0.1", *port);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    const std::string body = R"({"type":"event.updated","event_id":"evt_abc123"})";
    for (int i = 0; i < latency_samples; ++i) {
      int before_count = received.load();
      auto before = Steady::now();
      auto res = client.Post("/_sandbox/webhooks/trigger", body, "application/json");
      if (!res || res->status != 200) continue;
      std::string id = nlohmann::json::parse(res->body)["delivery_ids"][0];
      auto wait_until = Steady::now() + std::chrono::seconds(10);
      while (received.load() == before_count && Steady::now() < wait_until) std::this_thread::yield();
      std::lock_guard lock(receipts.mutex);
      auto it = receipts.at.find(id);
      if (it != receipts.at.end())
        single.push_back(std::chrono::duration<double, std::milli>(it->second - before).count());
    }
  }
  std::sort(single.begin(), single.end());
  std::printf("latency trigger->receipt, one at a time (%zu samples): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              single.size(), pct(single, 0.50), pct(single, 0.99), single.empty() ? 0.0 : single.back());
  {
    auto lock = emulator.db().Lock();
    auto& s = emulator.db().Prepare(
        "SELECT COUNT(*), COALESCE(MAX(error), '') FROM delivery_attempts WHERE error IS NOT NULL");
    if (s.Step()) std::printf("failed attempts: %lld %s\n", static_cast<long long>(s.Int(0)), s.Text(1).c_str());
    s.Reset();
  }
  emulator.Stop();
  return received.load() >= total ? 0 : 1;
}
