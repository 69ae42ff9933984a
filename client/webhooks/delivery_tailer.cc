#include "client/webhooks/delivery_tailer.h"

#include <algorithm>
#include <tuple>

namespace revento::client::webhooks {

std::string AttemptLine::Text() const {
  std::string result = status ? "[" + std::to_string(*status) + "]" : "[ERR]";
  std::string line =
      time + "  " + type + "  " + delivery_id + "  " + url + "  " + result + "  " + std::to_string(duration_ms) + " ms";
  if (attempt > 1) line += "  (attempt " + std::to_string(attempt) + ")";
  if (!error.empty()) line += "  " + error;
  return line;
}

nlohmann::json AttemptLine::Json() const {
  return {{"time", time},
          {"type", type},
          {"delivery_id", delivery_id},
          {"attempt", attempt},
          {"url", url},
          {"status", status ? nlohmann::json(*status) : nlohmann::json(nullptr)},
          {"duration_ms", duration_ms},
          {"error", error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error)}};
}

DeliveryTailer::DeliveryTailer(sandbox::SandboxClient& sandbox, bool history) : sandbox_(sandbox), snapshot_pending_(!history) {}

Result<std::vector<AttemptLine>> DeliveryTailer::Poll() {
  auto list = sandbox_.ListDeliveries();
  if (!list) return portable::unexpected(list.error());
  // Sort keys (attempt time, delivery created_at, attempt, position found), then the line.
  std::vector<std::tuple<std::string, std::string, int, size_t, AttemptLine>> found;
  // The log is newest first; walk it oldest first so that ties keep that order.
  const auto& data = (*list)["data"];
  for (auto it = data.rbegin(); it != data.rend(); ++it) {
    const auto& d = *it;
    std::string id = d.value("id", "");
    int count = d.value("attempt_count", 0);
    int& reported = reported_[id];
    if (count <= reported) continue;
    auto detail = sandbox_.GetDelivery(id);
    if (!detail) return portable::unexpected(detail.error());
    for (const auto& a : (*detail)["attempts"]) {
      int number = a.value("attempt", 0);
      if (number <= reported) continue;
      if (snapshot_pending_) continue;
      AttemptLine line;
      line.time = a.value("started_at", "");
      line.type = detail->value("type", "");
      line.delivery_id = id;
      line.attempt = number;
      line.url = detail->value("webhook_url", "");
      if (a["status_code"].is_number_integer()) line.status = a["status_code"].get<int>();
      line.duration_ms = a["duration_ms"].is_number() ? a["duration_ms"].get<int64_t>() : 0;
      if (a["error"].is_string()) line.error = a["error"].get<std::string>();
      found.emplace_back(line.time, detail->value("created_at", ""), number, found.size(), std::move(line));
    }
    reported = std::max(reported, static_cast<int>((*detail)["attempts"].size()));
  }
  snapshot_pending_ = false;
  // The position as the last key keeps ties in the order found, as a stable
  // sort would (std::stable_sort's buffer is deprecated API under clang).
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a), std::get<3>(a)) <
           std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b), std::get<3>(b));
  });
  std::vector<AttemptLine> lines;
  for (auto& entry : found) lines.push_back(std::move(std::get<4>(entry)));
  return lines;
}

}  // namespace revento::client::webhooks
