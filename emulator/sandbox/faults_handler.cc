#include "emulator/sandbox/faults_handler.h"

#include "emulator/http/errors.h"
#include "emulator/sandbox/json_body.h"

namespace revento::emulator::sandbox {

void HandleAddFault(FaultTable& faults, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  bool full = false;
  auto fault = faults.Add(*body, &full);
  if (!fault) {
    return http::SendReventoError(ctx.res, full ? 409 : 400, full ? "too_many_faults" : "invalid_request",
                                  fault.error().message, ctx.request_id);
  }
  http::SendJson(ctx.res, 201, FaultJson(*fault));
}

void HandleListFaults(FaultTable& faults, http::RequestContext& ctx) {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& fault : faults.List()) data.push_back(FaultJson(fault));
  http::SendJson(ctx.res, 200, {{"data", std::move(data)}});
}

void HandleClearFaults(FaultTable& faults, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  http::SendJson(ctx.res, 200, {{"deleted", faults.Clear()}});
}

void HandleDeleteFault(FaultTable& faults, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  std::string id(ctx.Param("fault_id"));
  if (!faults.Remove(id)) {
    return http::SendReventoError(
        ctx.res, 404, "not_found",
        "No fault " + id + " (it may have used up its times); GET /_sandbox/faults lists them.", ctx.request_id);
  }
  http::SendJson(ctx.res, 200, {{"deleted", 1}});
}

}  // namespace revento::emulator::sandbox
