#include "emulator/http/thread_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace revento::emulator::http {
namespace {

// Tasks that block (like idle keep-alive connections) must not stop others:
// the pool grows past its minimum instead of queueing behind them.
TEST(ElasticThreadPoolTest, GrowsWhenEveryWorkerIsBusy) {
  ElasticThreadPool pool(2, 64);
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> started{0};
  for (int i = 0; i < 10; ++i) {
    pool.enqueue([&] {
      started++;
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return release; });
    });
  }
  std::atomic<bool> ran{false};
  pool.enqueue([&] { ran = true; });
  // Every task, blocked or not, gets its own worker: nothing waits in line.
  for (int spins = 0; spins < 1'000'000 && (!ran || started < 10); ++spins) std::this_thread::yield();
  EXPECT_TRUE(ran);
  EXPECT_EQ(started, 10);
  EXPECT_GE(pool.thread_count(), 11u);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  pool.shutdown();
}

// With every worker blocked, a hundred tasks get at most four threads: the
// rest wait in line and all run once the workers are free.
TEST(ElasticThreadPoolTest, NeverExceedsTheMaximumAndRunsEverything) {
  ElasticThreadPool pool(1, 4);
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  int running = 0, most_running = 0, done = 0;
  for (int i = 0; i < 100; ++i) {
    pool.enqueue([&] {
      std::unique_lock lock(mutex);
      most_running = std::max(most_running, ++running);
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
      --running;
      ++done;
    });
  }
  {
    // Four workers take four tasks and block; nothing else can start.
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return running >= 4; });
  }
  EXPECT_EQ(pool.thread_count(), 4u);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  pool.shutdown();
  EXPECT_EQ(done, 100);
  EXPECT_EQ(most_running, 4);
}

// A burst of connections must not leave its threads behind: workers above
// the minimum exit once idle for idle_retire.
TEST(ElasticThreadPoolTest, RetiresIdleWorkersDownToTheMinimum) {
  ElasticThreadPool pool(2, 64, std::chrono::milliseconds(20));
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> started{0};
  for (int i = 0; i < 16; ++i) {
    pool.enqueue([&] {
      started++;
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return release; });
    });
  }
  for (int spins = 0; spins < 10'000'000 && started < 16; ++spins) std::this_thread::yield();
  ASSERT_EQ(started, 16);
  EXPECT_GE(pool.thread_count(), 16u);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  // Waiting for the workers to retire (an event, bounded), not for a time.
  for (int spins = 0; spins < 100'000'000 && pool.thread_count() > 2; ++spins) std::this_thread::yield();
  EXPECT_EQ(pool.thread_count(), 2u);
  // The pool still grows again and runs everything.
  std::atomic<int> done{0};
  for (int i = 0; i < 50; ++i) pool.enqueue([&] { done++; });
  pool.shutdown();
  EXPECT_EQ(done, 50);
}

}  // namespace
}  // namespace revento::emulator::http
