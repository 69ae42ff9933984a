#include "emulator/webhooks/hooks.h"

#include "emulator/webhooks/publisher.h"

namespace revento::emulator::webhooks {

void InstallHooks(Services& services, Dispatcher& dispatcher) {
  services.webhooks = &dispatcher;
  services.on_installation_revoked = [&services, &dispatcher](const std::string& installation_id,
                                                              const std::string& reason) {
    std::optional<std::string> id;
    {
      auto lock = services.db.Lock();
      id = Publisher(services.db, services.ids)
               .PublishInstallationRevoked(installation_id, reason, UnixSeconds(services.clock.Now()));
    }
    if (id) dispatcher.Wake();
  };
  services.after_reset.push_back([&dispatcher] {
    dispatcher.DropQueued();
    dispatcher.Wake();
  });
}

}  // namespace revento::emulator::webhooks
