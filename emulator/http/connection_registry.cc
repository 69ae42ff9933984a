#include "emulator/http/connection_registry.h"

#include <algorithm>

namespace revento::emulator::http {

ConnectionRegistry::Admission::Admission(Admission&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), entry_(other.entry_) {}

ConnectionRegistry::Admission::~Admission() {
  if (registry_) registry_->Release(entry_);
}

std::optional<ConnectionRegistry::Admission> ConnectionRegistry::Admit(Connection& connection) {
  std::lock_guard lock(mutex_);
  if (listed_.size() - evicted_ >= max_connections_) {
    auto victim = std::ranges::find_if(listed_, [](const Entry& e) { return !e.evicted && e.connection->idle(); });
    if (victim == listed_.end()) return std::nullopt;
    victim->evicted = true;
    ++evicted_;
    victim->connection->Evict();
  }
  listed_.emplace_back(&connection);
  return Admission(this, std::prev(listed_.end()));
}

Connection* ConnectionRegistry::AnsweringLocked(const httplib::Request& req) {
  auto bound = std::ranges::find_if(listed_, [&req](const Entry& e) { return e.serving == &req; });
  return bound == listed_.end() ? nullptr : bound->connection;
}

bool ConnectionRegistry::DropConnectionOf(const httplib::Request& req) {
  std::lock_guard lock(mutex_);
  Connection* connection = AnsweringLocked(req);
  if (connection) connection->Drop();
  return connection != nullptr;
}

void ConnectionRegistry::BeforeWaitingOn(const httplib::Request& req) {
  Connection* connection;
  {
    std::lock_guard lock(mutex_);
    connection = AnsweringLocked(req);
  }
  // The connection is this thread's until the request is answered.
  if (connection) connection->BeforeWaiting();
}

void ConnectionRegistry::Release(std::list<Entry>::iterator entry) {
  std::lock_guard lock(mutex_);
  if (entry->evicted) --evicted_;
  listed_.erase(entry);
}

}  // namespace revento::emulator::http
