#include "emulator/http/thread_pool.h"

namespace revento::emulator::http {

ElasticThreadPool::ElasticThreadPool(size_t min_threads, size_t max_threads)
    : max_threads_(std::max(min_threads, max_threads)) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < min_threads; ++i) SpawnLocked();
}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

// A new worker counts as idle from the moment it is spawned, so that a burst
// of tasks does not spawn one thread per task while workers are starting.
void ElasticThreadPool::SpawnLocked() {
  ++idle_;
  threads_.emplace_back([this] { Work(); });
}

void ElasticThreadPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(fn));
    // Idle workers are those waiting; each queued job will take one of them.
    if (idle_ < jobs_.size() && threads_.size() < max_threads_) SpawnLocked();
  }
  ready_.notify_one();
}

void ElasticThreadPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
    threads.swap(threads_);
  }
  ready_.notify_all();
  for (auto& t : threads) t.join();
}

size_t ElasticThreadPool::thread_count() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void ElasticThreadPool::Work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
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
