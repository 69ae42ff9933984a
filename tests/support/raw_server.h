// A loopback HTTP server that misbehaves on purpose, for tests of the two
// sides' outbound HTTP (the client's transport, the emulator's webhook
// sender): for each connection it reads the request head (and a
// Content-Length body, so that closing does not reset the connection), runs
// `behaviour` on the socket, then closes it.
//
// It accepts one connection (Accepts::kOne) or one after another until it is
// destroyed (Accepts::kMany). url() is http://127.0.0.1:PORT followed by the
// given path. Thread safety: one thread serves; `behaviour` runs there.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <thread>

namespace revento::testing {

class RawServer {
 public:
  enum class Accepts { kOne, kMany };

  RawServer(std::function<void(int fd)> behaviour, Accepts accepts, std::string path)
      : path_(std::move(path)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(listen_fd_, 8);
    thread_ = std::thread([this, accepts, behaviour = std::move(behaviour)] {
      do {
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        ReadRequest(fd);
        behaviour(fd);
        ::close(fd);
      } while (accepts == Accepts::kMany);
    });
  }
  ~RawServer() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
    ::close(listen_fd_);
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + path_; }

 private:
  static void ReadRequest(int fd) {
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) head.push_back(c);
    size_t at = head.find("Content-Length: ");
    size_t length = at == std::string::npos ? 0 : std::stoul(head.substr(at + 16));
    for (size_t read = 0; read < length && ::recv(fd, &c, 1, 0) == 1; ++read) {
    }
  }

  std::string path_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace revento::testing
