#include "client/webhooks/delivery_deduper.h"

#include <algorithm>

namespace revento::client::webhooks {

DeliveryDeduper::DeliveryDeduper(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

bool DeliveryDeduper::FirstTime(std::string_view delivery_id) {
  if (delivery_id.empty()) return true;
  std::lock_guard lock(mutex_);
  std::string id(delivery_id);
  if (seen_.contains(id)) return false;
  seen_.insert(id);
  order_.push_back(std::move(id));
  while (seen_.size() > capacity_ && !order_.empty()) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
  // Forgotten ids leave stale entries in order_; keep it bounded too.
  if (order_.size() > 2 * capacity_) {
    std::deque<std::string> live;
    for (auto& entry : order_) {
      if (seen_.contains(entry)) live.push_back(std::move(entry));
    }
    order_ = std::move(live);
  }
  return true;
}

void DeliveryDeduper::Forget(std::string_view delivery_id) {
  std::lock_guard lock(mutex_);
  seen_.erase(std::string(delivery_id));
}

size_t DeliveryDeduper::size() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

}  // namespace revento::client::webhooks
