// Webhook receivers written for the tests of `revento check webhooks`: a
// correct one (timestamp within 300 s either way, "sha256=" + lowercase hex
// HMAC over the raw bytes compared in constant time, 2xx for a repeated
// delivery id) and the same with one flaw switched on. Real HTTP servers on
// 127.0.0.1, port 0. Thread safety: the server's threads share `seen_` under
// a mutex.
#pragma once

#include <httplib.h>
#include <openssl/crypto.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "client/webhooks/signature_verifier.h"

namespace revento::testing {

struct Flaws {
  bool no_timestamp_check = false;  // never looks at X-Revento-Timestamp's age
  bool reserialise_body = false;    // verifies JSON.parse + JSON.stringify of the body, not the raw bytes
  bool always_200 = false;          // answers 200 without verifying anything
  bool no_prefix_check = false;     // strips an optional "sha256=" and compares the hex
  bool case_insensitive = false;    // compares the digest ignoring case
  bool reject_repeats = false;      // answers 409 to a delivery id it has seen
  int delay_ms = 0;                 // deliberately slow before answering an accepted delivery
};

class FlawedReceiver {
 public:
  FlawedReceiver(std::string secret, Flaws flaws) : secret_(std::move(secret)), flaws_(flaws) {
    server_.Post("/webhooks/revento",
                 [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~FlawedReceiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/webhooks/revento"; }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    auto answer = [&res](int status, const std::string& text) {
      res.status = status, res.set_content(text, "text/plain");
    };
    if (flaws_.always_200) return answer(200, "ok");
    std::string ts = req.get_header_value("X-Revento-Timestamp");
    std::string sig = req.get_header_value("X-Revento-Signature");
    if (!flaws_.no_timestamp_check) {
      int64_t t = 0;
      auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), t);
      if (ts.empty() || ec != std::errc() || end != ts.data() + ts.size()) return answer(401, "Bad timestamp");
      double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
      if (std::abs(now - static_cast<double>(t)) > 300) return answer(401, "Stale timestamp");
    }
    std::string body = req.body;
    if (flaws_.reserialise_body) {
      auto parsed = nlohmann::ordered_json::parse(body, nullptr, false);
      if (parsed.is_discarded()) return answer(400, "Bad JSON");
      body = parsed.dump();
    }
    std::string expected = client::webhooks::ComputeSignature(secret_, ts, body);
    bool match = false;
    if (flaws_.no_prefix_check) {
      std::string hex = sig.starts_with("sha256=") ? sig.substr(7) : sig;
      match = hex == expected.substr(7);
    } else if (flaws_.case_insensitive) {
      std::string lower = sig;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      match = lower == expected;
    } else {
      match = sig.size() == expected.size() && CRYPTO_memcmp(sig.data(), expected.data(), sig.size()) == 0;
    }
    if (!match) return answer(401, "Bad signature");
    if (flaws_.reject_repeats) {
      std::lock_guard lock(mutex_);
      if (!seen_.insert(req.get_header_value("X-Revento-Delivery-Id")).second) return answer(409, "Duplicate");
    }
    if (flaws_.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(flaws_.delay_ms));
    answer(200, "ok");
  }

  std::string secret_;
  Flaws flaws_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::set<std::string> seen_;
};

}  // namespace revento::testing
