#include "emulator/webhooks/webhook_events.h"

#include "emulator/webhooks/publisher.h"

namespace revento::emulator::webhooks {

std::vector<std::string> WebhookEvents::Published(Transaction&, const Occurrence& occurrence, int64_t now) {
  return Publisher(db_, ids_).Publish(occurrence, now);
}

std::vector<std::string> WebhookEvents::InstallationRevoked(Transaction&, std::string_view installation_id,
                                                            std::string_view reason, int64_t now) {
  auto id = Publisher(db_, ids_).PublishInstallationRevoked(installation_id, reason, now);
  if (!id) return {};
  return {std::move(*id)};
}

void WebhookEvents::AfterCommit() { dispatcher_.Wake(); }

void WebhookEvents::Reset() {
  dispatcher_.DropQueued();
  dispatcher_.Wake();
}

}  // namespace revento::emulator::webhooks
