#include "emulator/http/listener.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "emulator/http/carried_refusal.h"
#include "emulator/http/error_translation.h"
#include "emulator/http/thread_pool.h"

namespace revento::emulator::http {

namespace {

void SetListenerSocketOptions(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  // httplib applies these options to the listening socket only; accepted
  // sockets inherit TCP_NODELAY from it on Linux.
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
}

}  // namespace

Listener::Listener(IdSource& ids, ConnectionRegistry& connections, const ListenerOptions& options)
    : ids_(ids), connections_(connections), limits_(options.limits) {
  if (::pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
  size_t pollers = options.reactor_threads ? options.reactor_threads
                                           : 2 * std::max<size_t>(2, std::thread::hardware_concurrency());
  reactor_ = std::make_unique<Reactor>(wake_pipe_[0], pollers, options.limits.idle_timeout,
                                       [this](OpenConnection& open) { return ServeOne(open.connection, *open.admission); });
  set_socket_options(SetListenerSocketOptions);
  set_tcp_nodelay(true);
  set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  set_keep_alive_max_count(100000);
  set_payload_max_length(options.payload_max_bytes);
  new_task_queue = [min = options.min_threads, max = options.max_threads, retire = options.idle_thread_retire] {
    return new ElasticThreadPool(min, max, retire);
  };
}

Listener::~Listener() {
  reactor_.reset();
  for (int fd : wake_pipe_)
    if (fd >= 0) ::close(fd);
}

void Listener::WakeConnections() {
  char byte = 1;
  if (wake_pipe_[1] >= 0) {
    [[maybe_unused]] ssize_t written = ::write(wake_pipe_[1], &byte, 1);
  }
}

bool Listener::Relisten(int backlog) {
  socket_t sock = svr_sock_;
  return sock != INVALID_SOCKET && ::listen(sock, backlog) == 0;
}

void Listener::CloseListener() {
  socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
  if (sock != INVALID_SOCKET) ::close(sock);
}

int Listener::BoundPort() {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(svr_sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
}

void Listener::StopReactor() { reactor_->Stop(); }

// The first request is served on the accepting pool's thread (it usually
// follows the connect at once); the connection then waits in the reactor.
bool Listener::process_and_close_socket(socket_t sock) {
  auto open = std::make_unique<OpenConnection>(sock, wake_pipe_[0], limits_);
  if (auto admission = connections_.Admit(open->connection)) open->admission.emplace(std::move(*admission));
  if (!open->admission) {
    open->connection.WriteRaw(OverCapResponse(connections_.max_connections(), ids_.NewId("req_", 10)));
    open->connection.Linger();
    return true;
  }
  while (ServeOne(open->connection, *open->admission)) {
    if (!open->connection.HasRequestBytes()) {
      reactor_->Park(std::move(open));
      return true;
    }
  }
  return true;
}

bool Listener::ServeOne(Connection& connection, ConnectionRegistry::Admission& admission) {
  Connection::Next next = connection.ReadNext();
  if (next.kind == Connection::Kind::kClosed) return false;
  std::optional<Refusal> refusal;
  if (next.kind == Connection::Kind::kRefused) refusal = Refusal{next.status, std::move(next.reason)};
  bool connection_closed = false;
  bool ok = ProcessRequest(connection, refusal || Stopping(), connection_closed, [&](httplib::Request& req) {
    Carry(req, refusal);
    admission.Serve(req);
  });
  admission.Served();
  if (!connection.dropped() && !connection.Flush()) return false;
  if (refusal) {
    connection.Linger();
    return false;
  }
  return ok && !connection_closed && !connection.dropped() && !Stopping();
}

}  // namespace revento::emulator::http
