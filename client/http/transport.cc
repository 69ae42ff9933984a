#include "client/http/transport.h"

#include <httplib.h>

#include <charconv>
#include <map>
#include <mutex>

#include "portable/httplib_compat.h"

namespace revento::client::http {

namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// Keep-alive clients per origin; each Send borrows one and gives it back.
class HttplibTransport final : public Transport {
 public:
  Result<Response> Send(const Request& request) override {
    auto url = ParseUrl(request.url);
    if (!url) return std::unexpected(url.error());
    auto client = Borrow(*url);
    client->set_connection_timeout(request.timeout);
    client->set_read_timeout(request.timeout);
    client->set_write_timeout(request.timeout);
    httplib::Request req;
    req.method = request.method;
    req.path = url->target;
    for (const auto& [name, value] : request.headers) {
      req.headers.emplace(name, value);
    }
    req.body = request.body;
    auto result = client->send(req);
    if (!result) {
      // The query is left out: it can be long, and may carry state or cursors.
      std::string target = url->target.substr(0, url->target.find('?'));
      return Fail(kTransportFailed, request.method + " " + url->Origin() + target + " failed (" +
                                        httplib::to_string(result.error()) + "): check that the server is running at " +
                                        url->Origin() + " and the URL is right");
    }
    Response response;
    response.status = result->status;
    for (const auto& [name, value] : result->headers) response.headers.emplace_back(name, value);
    response.body = std::move(result->body);
    GiveBack(url->Origin(), std::move(client));
    return response;
  }

 private:
  std::unique_ptr<httplib::Client> Borrow(const Url& url) {
    {
      std::lock_guard lock(mutex_);
      auto& free = idle_[url.Origin()];
      if (!free.empty()) {
        auto client = std::move(free.back());
        free.pop_back();
        return client;
      }
    }
    auto client = std::make_unique<httplib::Client>(url.Origin());
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    client->set_follow_location(false);
    portable::SetPathEncode(*client, false);
    return client;
  }

  void GiveBack(const std::string& origin, std::unique_ptr<httplib::Client> client) {
    std::lock_guard lock(mutex_);
    auto& free = idle_[origin];
    if (free.size() < kMaxIdlePerOrigin) free.push_back(std::move(client));
  }

  static constexpr size_t kMaxIdlePerOrigin = 16;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle_;
};

}  // namespace

std::string Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoringCase(key, name)) return value;
  }
  return "";
}

std::shared_ptr<Transport> MakeHttplibTransport() { return std::make_shared<HttplibTransport>(); }

}  // namespace revento::client::http
