// Admission: which connections the server serves at once, and which of them
// serves a given request.
//
// At most `max_connections` are admitted. Past that, Admit() makes room by
// evicting the oldest admitted connection that has no request in flight
// (idle, or still sending its head: Connection::idle()), so that a flood of
// idle or slow connections cannot lock others out; only when every
// admitted connection has a request in flight is the newcomer refused
// (Admit() returns no Admission, and the caller answers 503). An evicted
// connection stays listed, without counting against the cap, until its own
// thread releases it.
//
// An Admission lives as long as its connection (with it, while the
// connection is parked between requests: http/reactor.h); destroying it
// releases the place. While a request is being answered
// the thread binds it (Serve()), so that the request pipeline can drop the
// connection a request arrived on (DropConnectionOf) without knowing it.
//
// Errors: none; a refused admission is the empty optional.
// Thread safety: every member may be called from any thread; an Admission
// is used by one thread.
#pragma once

#include <httplib.h>

#include <atomic>
#include <list>
#include <mutex>
#include <optional>

#include "emulator/http/connection.h"

namespace revento::emulator::http {

class ConnectionRegistry {
  struct Entry {
    explicit Entry(Connection* c) : connection(c) {}
    Connection* connection;
    bool evicted = false;  // guarded by mutex_
    std::atomic<const httplib::Request*> serving{nullptr};
  };

 public:
  explicit ConnectionRegistry(size_t max_connections) : max_connections_(max_connections) {}
  ConnectionRegistry(const ConnectionRegistry&) = delete;
  ConnectionRegistry& operator=(const ConnectionRegistry&) = delete;

  class Admission {
   public:
    Admission(Admission&& other) noexcept;
    Admission& operator=(Admission&&) = delete;
    ~Admission();
    // Binds the request the connection is answering now, until Served().
    void Serve(const httplib::Request& req) { entry_->serving = &req; }
    void Served() { entry_->serving = nullptr; }

   private:
    friend class ConnectionRegistry;
    Admission(ConnectionRegistry* registry, std::list<Entry>::iterator entry) : registry_(registry), entry_(entry) {}
    ConnectionRegistry* registry_;
    std::list<Entry>::iterator entry_;
  };

  // Counts `connection` in (it must outlive the Admission), evicting the
  // oldest idle one if the cap is reached; empty when none can be evicted.
  std::optional<Admission> Admit(Connection& connection);
  // Drops (Connection::Drop) the connection answering `req`, from the
  // thread answering it. False when no admitted connection is bound to it.
  bool DropConnectionOf(const httplib::Request& req);
  // Runs the before-waiting hook (Connection::BeforeWaiting) of the
  // connection answering `req`, from the thread answering it: it is about to
  // wait (a fault's delay).
  void BeforeWaitingOn(const httplib::Request& req);
  size_t max_connections() const { return max_connections_; }

 private:
  void Release(std::list<Entry>::iterator entry);
  // The connection answering `req`, or null; with mutex_ held.
  Connection* AnsweringLocked(const httplib::Request& req);

  const size_t max_connections_;
  std::mutex mutex_;
  std::list<Entry> listed_;  // oldest first
  size_t evicted_ = 0;
};

}  // namespace revento::emulator::http
