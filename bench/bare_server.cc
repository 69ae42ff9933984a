// bench/bare_server: the baseline for bench/api. A minimal cpp-httplib
// server with the emulator's socket fixes (TCP_NODELAY on the listening
// socket, a 4096 backlog, the ElasticThreadPool) that answers every GET with
// a canned JSON body: the size of an event representation, or, for a path
// containing "/participants", the size of a page of 100 participants.
// Prints its port on stdout, then serves until killed.
//
//   build/bench/bench_bare_server [port]      (default 0: any free port)
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "emulator/http/thread_pool.h"

namespace {

constexpr const char* kBody =
    R"({"id":"evt_abc123","object":"event","organization_id":"org_xyz789","name":"Revento Summit 2026",)"
    R"("status":"draft","starts_at":"2026-12-10T09:00:00Z","ends_at":"2026-12-11T17:00:00Z",)"
    R"("timezone":"Europe/Berlin","venue":"Kulturbrauerei, Berlin","capacity":200,)"
    R"("created_at":"2026-09-01T08:00:00Z","updated_at":"2026-09-01T08:00:00Z"})";

constexpr const char* kParticipant =
    R"({"checked_in_at":null,"email":"ada.lovelace.1234567@synthetic.example","event_id":"evt_abc123",)"
    R"("first_name":"Ada","id":"par_syn_1234567","last_name":"Lovelace","object":"participant",)"
    R"("registered_at":"2026-09-15T06:56:07Z","status":"registered","ticket_type":"general",)"
    R"("updated_at":"2026-09-15T06:56:07Z"})";

std::string CannedPage() {
  std::string page = "{\"data\":[";
  for (int i = 0; i < 100; ++i) page += (i ? "," : "") + std::string(kParticipant);
  return page + "],\"next_cursor\":\"AQAAAAAAD0HhhASnErmsYaheUv0hN1i4dQ\"}";
}

class BareServer : public httplib::Server {
 public:
  bool Relisten(int backlog) { return ::listen(svr_sock_, backlog) == 0; }
};

}  // namespace

int main(int argc, char** argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  BareServer svr;
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(100000);
  svr.new_task_queue = [] { return new revento::emulator::http::ElasticThreadPool(8, 1024); };
  const std::string page = CannedPage();
  svr.Get(".*", [&page](const httplib::Request& req, httplib::Response& res) {
    if (req.path.find("/participants") != std::string::npos)
      res.set_content(page, "application/json");
    else
      res.set_content(kBody, "application/json");
  });
  if (port == 0) {
    port = svr.bind_to_any_port("127.0.0.1");
  } else if (!svr.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port <= 0 || !svr.Relisten(4096)) {
    std::fprintf(stderr, "bench_bare_server: cannot listen\n");
    return 1;
  }
  std::printf("%d\n", port);
  std::fflush(stdout);
  svr.listen_after_bind();
  return 0;
}
