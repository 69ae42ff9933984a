// Keep-alive connections between requests, served by a few threads.
//
// Without it, every open connection holds a thread that sleeps in poll()
// until its next request: 32 keep-alive clients make 32 threads, all
// runnable under load on a machine with two cores, contending for the one
// database lock and switching contexts for every request
// (docs/PERFORMANCE.md, "OAuth under concurrency"). The reactor instead
// keeps each connection that waits for its next request in one epoll set
// (Park) and runs `threads` pollers that take whichever connection becomes
// readable, serve what it has sent (`serve`), and park it again. Under load
// a poller finds the next ready connection without sleeping, and the
// requests in flight are as many as the pollers, not as the connections.
//
// A connection is registered once, edge-triggered, so that parking it again
// costs no system call: an edge that comes while a poller serves the
// connection is remembered, and before parking, the poller serves again if
// that edge (or a read that filled its buffer) may have left bytes unread.
//
// A poller that would wait in the middle of a request (a peer that sends its
// head slowly or does not read its answer, a fault's delay) first calls the
// connection's before-waiting hook (Connection::SetBeforeWaiting), and the
// reactor starts another poller when none is left waiting, so that a slow
// connection never holds up the others. A poller beyond `threads` ends once
// enough others wait again.
//
// A parked connection that sends nothing within `idle_timeout` (the
// keep-alive timeout) is closed, as is every parked connection once the
// server's wake descriptor becomes readable or Stop() runs; a connection
// parked after that is closed at once. While parked, a connection counts as
// idle (Connection::idle()), so that the ConnectionRegistry may evict it.
//
// Errors: when epoll is unavailable (Park() cannot register a connection),
// the connection is closed; the server keeps serving new ones.
// Thread safety: Park() and Stop() may be called from any thread; a parked
// connection is touched by no thread until a poller takes it out, and the
// reactor's mutex orders the thread that parked it before the one that takes
// it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "emulator/http/connection.h"
#include "emulator/http/connection_registry.h"
#include "emulator/http/thread_pool.h"

namespace revento::emulator::http {

// A connection with its place among the admitted ones; the admission is
// released before the connection closes.
struct OpenConnection {
  OpenConnection(socket_t sock, int wake_fd, ConnectionLimits limits) : connection(sock, wake_fd, limits) {}
  Connection connection;
  std::optional<ConnectionRegistry::Admission> admission;
  uint64_t id = 0;  // the reactor's name for it once registered (never 0)
};

class Reactor {
 public:
  // Reads and answers the requests the connection has sent; true to keep it
  // open (the reactor parks it again), false to close it.
  using Serve = std::function<bool(OpenConnection&)>;

  // `wake_fd` (the server's; -1 for none) must stay open while the reactor
  // lives.
  Reactor(int wake_fd, size_t threads, std::chrono::milliseconds idle_timeout, Serve serve);
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // Takes a connection that waits for its next request.
  void Park(std::unique_ptr<OpenConnection> open);
  // Closes every parked connection and ends the pollers; returns once they
  // have ended. Idempotent.
  void Stop();

  size_t parked() const;
  // Pollers started and not ended.
  size_t pollers() const;

 private:
  using Clock = std::chrono::steady_clock;
  // A registered connection: parked (`open` set, with a deadline), or being
  // served by a poller (`open` empty).
  struct Entry {
    std::unique_ptr<OpenConnection> open;
    std::multimap<Clock::time_point, uint64_t>::iterator deadline;
    bool edge_while_served = false;
  };

  void Poll();
  // Serves a connection taken out of the set until it has nothing more to
  // read, then parks or closes it.
  void ServeTaken(std::unique_ptr<OpenConnection> open);
  // Parks a registered connection, unless an edge came while it was served:
  // then it is handed back (to be served again if it has bytes to read).
  std::unique_ptr<OpenConnection> ParkAgain(std::unique_ptr<OpenConnection> open);
  void ParkLocked(Entry& entry, std::unique_ptr<OpenConnection> open);
  void Forget(uint64_t id);
  // Starts a poller when none waits (a poller is about to wait mid-request).
  void Replace();
  void StartPollerLocked();
  // Moves out, under the lock, the connections past their deadline (all
  // parked ones when stopping) and the one with `id` if it is parked; marks
  // an edge on it if it is being served.
  std::unique_ptr<OpenConnection> TakeLocked(uint64_t id, std::vector<std::unique_ptr<OpenConnection>>& closing);
  int WaitMillisLocked() const;

  const size_t threads_;
  const std::chrono::milliseconds idle_timeout_;
  const Serve serve_;
  int epoll_fd_ = -1;
  int stop_fd_ = -1;  // an eventfd, readable once Stop() runs

  mutable std::mutex mutex_;
  uint64_t next_id_ = 2;  // 0 and 1 name the wake and stop descriptors
  std::unordered_map<uint64_t, Entry> registered_;
  std::multimap<Clock::time_point, uint64_t> deadlines_;  // one per parked connection
  size_t pollers_ = 0;  // started and not ended
  size_t waiting_ = 0;  // in epoll_wait
  bool stopping_ = false;

  ElasticThreadPool pool_;  // last: its threads end before the members above
};

}  // namespace revento::emulator::http
