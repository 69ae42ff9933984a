#include "emulator/http/thread_pool.h"

namespace revento::emulator::http {

ElasticThreadPool::ElasticThreadPool(size_t min_threads, size_t max_threads, std::chrono::milliseconds idle_retire)
    : min_threads_(min_threads), max_threads_(std::max(min_threads, max_threads)), idle_retire_(idle_retire) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < min_threads; ++i) SpawnLocked();
}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

// A new worker counts as idle from the moment it is spawned, so that a burst
// of tasks does not spawn one thread per task while workers are starting.
// The worker learns its own position in threads_ only once it holds the
// lock, after the emplace below has finished.
void ElasticThreadPool::SpawnLocked() {
  ++idle_;
  threads_.emplace_back();
  auto self = std::prev(threads_.end());
  *self = std::thread([this, self] { Work(self); });
}

portable::TaskQueueResult ElasticThreadPool::enqueue(std::function<void()> fn) {
  JoinRetired();
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(fn));
    // Idle workers are those waiting; each queued job will take one of them.
    if (idle_ < jobs_.size() && threads_.size() < max_threads_) SpawnLocked();
  }
  ready_.notify_one();
  return portable::TaskQueueAccepted();
}

void ElasticThreadPool::JoinRetired() {
  std::vector<std::thread> retired;
  {
    std::lock_guard lock(mutex_);
    retired.swap(retired_);
  }
  for (auto& t : retired) t.join();
}

void ElasticThreadPool::shutdown() {
  std::list<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    shutdown_ = true;
    threads.swap(threads_);
  }
  ready_.notify_all();
  for (auto& t : threads) t.join();
  JoinRetired();
}

size_t ElasticThreadPool::thread_count() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void ElasticThreadPool::Work(std::list<std::thread>::iterator self) {
  std::unique_lock lock(mutex_);
  for (;;) {
    bool woken = ready_.wait_for(lock, idle_retire_, [this] { return shutdown_ || !jobs_.empty(); });
    if (!woken) {
      // Idle for idle_retire_: retire unless the pool is at its minimum.
      // After shutdown() took threads_ over, it joins this thread instead.
      if (shutdown_ || threads_.size() <= min_threads_) continue;
      --idle_;
      retired_.push_back(std::move(*self));
      threads_.erase(self);
      return;
    }
    --idle_;
    if (jobs_.empty()) return;  // shutting down, nothing left
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
    ++idle_;
  }
}

}  // namespace revento::emulator::http
