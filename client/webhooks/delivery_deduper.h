// Remembering which webhook deliveries a receiver has already processed, keyed
// by X-Revento-Delivery-Id (the id Revento keeps on every retry), so that a
// retried delivery is acknowledged (2xx) without doing the work twice.
//
// Use: after verifying the signature, `if (!deduper.FirstTime(id)) return 200;`
// process; if processing fails, `Forget(id)` and answer 5xx so the retry is
// processed. Memory is bounded: at most `capacity` ids are kept, the oldest
// forgotten first (Revento retries for about 28 hours, so size it for the
// deliveries of that window). An empty id is never remembered (FirstTime
// answers true).
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace revento::client::webhooks {

class DeliveryDeduper {
 public:
  explicit DeliveryDeduper(size_t capacity = 100'000);

  // True the first time `delivery_id` is seen (and remembers it), false for a
  // repeat. Atomic: of concurrent calls with one id, exactly one gets true.
  bool FirstTime(std::string_view delivery_id);
  // Forgets `delivery_id`, so that its next arrival counts as the first.
  void Forget(std::string_view delivery_id);
  size_t size() const;

 private:
  size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> seen_;
  std::deque<std::string> order_;  // oldest first; may hold ids already forgotten
};

}  // namespace revento::client::webhooks
