#include "emulator/http/reactor.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace revento::emulator::http {

namespace {

constexpr uint64_t kWakeId = 0;
constexpr uint64_t kStopId = 1;

bool Register(int epoll_fd, int fd, uint32_t events, uint64_t id, bool modify) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = id;
  return ::epoll_ctl(epoll_fd, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) == 0;
}

}  // namespace

Reactor::Reactor(int wake_fd, size_t threads, std::chrono::milliseconds idle_timeout, Serve serve)
    : threads_(std::max<size_t>(1, threads)),
      idle_timeout_(idle_timeout),
      serve_(std::move(serve)),
      epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)),
      stop_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      pool_(0, 1024, std::chrono::seconds(10)) {
  if (epoll_fd_ < 0) return;
  // Level-triggered: once readable, every poller sees them and ends.
  if (wake_fd >= 0) Register(epoll_fd_, wake_fd, EPOLLIN, kWakeId, false);
  if (stop_fd_ >= 0) Register(epoll_fd_, stop_fd_, EPOLLIN, kStopId, false);
}

Reactor::~Reactor() {
  Stop();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
}

void Reactor::Stop() {
  std::vector<std::unique_ptr<OpenConnection>> closing;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [time, id] : deadlines_) {
      auto parked = registered_.find(id);
      closing.push_back(std::move(parked->second.open));
      registered_.erase(parked);
    }
    deadlines_.clear();
  }
  uint64_t one = 1;
  if (stop_fd_ >= 0) [[maybe_unused]] ssize_t written = ::write(stop_fd_, &one, sizeof one);
  closing.clear();
  pool_.shutdown();
}

size_t Reactor::parked() const {
  std::lock_guard lock(mutex_);
  return deadlines_.size();
}

size_t Reactor::pollers() const {
  std::lock_guard lock(mutex_);
  return pollers_;
}

void Reactor::Park(std::unique_ptr<OpenConnection> open) {
  std::unique_lock lock(mutex_);
  uint64_t id = next_id_++;
  if (stopping_ || epoll_fd_ < 0 ||
      !Register(epoll_fd_, open->connection.socket(), EPOLLIN | EPOLLRDHUP | EPOLLET, id, false)) {
    lock.unlock();
    open.reset();  // closes it, outside the lock
    return;
  }
  open->id = id;
  ParkLocked(registered_[id], std::move(open));
}

void Reactor::ParkLocked(Entry& entry, std::unique_ptr<OpenConnection> open) {
  open->connection.MarkIdle();
  entry.deadline = deadlines_.emplace(Clock::now() + idle_timeout_, open->id);
  entry.open = std::move(open);
  if (pollers_ < threads_) StartPollerLocked();
}

std::unique_ptr<OpenConnection> Reactor::ParkAgain(std::unique_ptr<OpenConnection> open) {
  std::unique_lock lock(mutex_);
  if (stopping_) {
    registered_.erase(open->id);
    lock.unlock();
    open.reset();
    return nullptr;
  }
  Entry& entry = registered_.at(open->id);
  if (entry.edge_while_served || open->connection.MayHaveUnreadBytes()) {
    entry.edge_while_served = false;
    return open;
  }
  ParkLocked(entry, std::move(open));
  return nullptr;
}

void Reactor::Forget(uint64_t id) {
  std::lock_guard lock(mutex_);
  registered_.erase(id);
}

void Reactor::StartPollerLocked() {
  ++pollers_;
  pool_.enqueue([this] { Poll(); });
}

void Reactor::Replace() {
  std::lock_guard lock(mutex_);
  if (!stopping_ && waiting_ == 0) StartPollerLocked();
}

int Reactor::WaitMillisLocked() const {
  // With nothing parked, a connection parked later expires after
  // idle_timeout_ from then: waking once per idle_timeout_ finds it in time.
  auto until = deadlines_.empty() ? Clock::now() + idle_timeout_ : deadlines_.begin()->first;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, 1 << 30));
}

std::unique_ptr<OpenConnection> Reactor::TakeLocked(uint64_t id,
                                                    std::vector<std::unique_ptr<OpenConnection>>& closing) {
  auto now = Clock::now();
  while (!deadlines_.empty() && (stopping_ || deadlines_.begin()->first <= now)) {
    auto expired = registered_.find(deadlines_.begin()->second);
    closing.push_back(std::move(expired->second.open));
    registered_.erase(expired);
    deadlines_.erase(deadlines_.begin());
  }
  auto found = registered_.find(id);
  if (found == registered_.end()) return nullptr;
  Entry& entry = found->second;
  if (!entry.open) {
    entry.edge_while_served = true;  // its poller looks again before parking it
    return nullptr;
  }
  deadlines_.erase(entry.deadline);
  return std::move(entry.open);
}

void Reactor::Poll() {
  for (;;) {
    int wait_ms;
    {
      std::lock_guard lock(mutex_);
      wait_ms = WaitMillisLocked();
      ++waiting_;
    }
    epoll_event ev{};
    int n = ::epoll_wait(epoll_fd_, &ev, 1, wait_ms);
    std::vector<std::unique_ptr<OpenConnection>> closing;
    std::unique_ptr<OpenConnection> taken;
    {
      std::lock_guard lock(mutex_);
      --waiting_;
      if (n < 0 && errno != EINTR) stopping_ = true;
      if (n == 1 && (ev.data.u64 == kWakeId || ev.data.u64 == kStopId)) stopping_ = true;
      taken = TakeLocked(n == 1 ? ev.data.u64 : kWakeId, closing);
      if (stopping_) {
        if (taken) registered_.erase(taken->id);
        --pollers_;
        closing.push_back(std::move(taken));
        break;  // `closing` closes below, outside the lock
      }
    }
    closing.clear();
    if (taken) ServeTaken(std::move(taken));
    std::lock_guard lock(mutex_);
    if (waiting_ >= threads_) {
      --pollers_;  // enough others wait: this thread goes back to the pool
      return;
    }
  }
}

void Reactor::ServeTaken(std::unique_ptr<OpenConnection> open) {
  bool replaced = false;
  auto replace_once = [this, &replaced] {
    if (!std::exchange(replaced, true)) Replace();
  };
  while (open) {
    open->connection.SetBeforeWaiting(replace_once);
    open->connection.MarkReadable();
    bool keep = true;
    do {
      keep = serve_(*open);
    } while (keep && open->connection.HasRequestBytes());
    if (!keep) {
      Forget(open->id);
      open.reset();  // closing may wait for the peer to read: the hook still applies
      return;
    }
    open->connection.SetBeforeWaiting(nullptr);
    // Handed back when bytes may be left unread; served again only if so.
    do {
      open = ParkAgain(std::move(open));
    } while (open && !open->connection.Readable());
  }
}

}  // namespace revento::emulator::http
