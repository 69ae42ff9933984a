// A thread pool for the HTTP server that grows with demand and shrinks back.
//
// cpp-httplib hands each accepted connection to the task queue, and a
// keep-alive connection holds its thread until the client closes it or the
// keep-alive timeout passes. A fixed pool of a few threads therefore stalls
// every other client behind idle keep-alive connections. This pool starts
// `min_threads` workers and adds one whenever a task arrives and no worker
// is idle, up to `max_threads`; past that, tasks wait in FIFO order. A worker
// beyond the first `min_threads` that has waited `idle_retire` for a task
// exits, so a burst of connections does not leave a thousand threads behind.
//
// Thread safety: enqueue and shutdown may be called from any thread;
// shutdown runs the queued tasks to completion and joins every worker.
#pragma once

#include "portable/httplib_compat.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace revento::emulator::http {

class ElasticThreadPool final : public httplib::TaskQueue {
 public:
  ElasticThreadPool(size_t min_threads, size_t max_threads,
                    std::chrono::milliseconds idle_retire = std::chrono::seconds(10));
  ~ElasticThreadPool() override;

  // Always accepts the task (it waits in the queue past max_threads).
  portable::TaskQueueResult enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // Live workers (retired ones excluded).
  size_t thread_count() const;

 private:
  void Work(std::list<std::thread>::iterator self);
  void SpawnLocked();
  void JoinRetired();

  const size_t min_threads_;
  const size_t max_threads_;
  const std::chrono::milliseconds idle_retire_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::list<std::thread> threads_;
  std::vector<std::thread> retired_;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace revento::emulator::http
