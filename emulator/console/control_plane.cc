#include "emulator/console/control_plane.h"

#include <httplib.h>

namespace revento::emulator::console {

std::string ControlPlaneAnswer::Problem() const {
  std::string out = std::to_string(status);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const auto& error = body["error"];
    if (error.contains("code") && error["code"].is_string()) out += " " + error["code"].get<std::string>();
    if (error.contains("message") && error["message"].is_string()) out += ": " + error["message"].get<std::string>();
  }
  return out;
}

ControlPlaneAnswer ControlPlane::Call(std::string_view method, std::string path,
                                      const std::vector<std::pair<std::string, std::string>>& query,
                                      const nlohmann::json& body, std::string_view request_id) const {
  httplib::Request req;
  req.method = std::string(method);
  req.path = std::move(path);
  for (const auto& [name, value] : query) req.params.emplace(name, value);
  if (!body.is_null()) {
    req.body = body.dump();
    req.set_header("Content-Type", "application/json");
  }
  if (!services_.options.admin_token.empty()) req.set_header("X-Revento-Admin-Token", services_.options.admin_token);
  httplib::Response res;
  http::RequestContext ctx{req, res, std::string(request_id), {}, {}};
  router_.Dispatch(ctx);
  ControlPlaneAnswer answer{res.status, nlohmann::json::parse(res.body, nullptr, false)};
  if (answer.body.is_discarded()) {
    answer.status = 500;
    answer.body = {{"error",
                    {{"code", "internal_error"},
                     {"message", req.method + " " + req.path + " answered a body that is not JSON."},
                     {"request_id", request_id}}}};
  }
  return answer;
}

}  // namespace revento::emulator::console
