// The participants of the bound event (scope participants.read):
//   GET /api/v1/events/{event_id}/participants[?limit=&cursor=]
//       a page in registration order (ParticipantJson each, docs/api.md);
//   GET /api/v1/events/{event_id}/participants/{participant_id}
//       one participant; 404 not_found if the event has no such participant
//       (including one of another event).
// Thread safety: stateless.
#pragma once

#include "emulator/api/read_api.h"

namespace revento::emulator::api {

void HandleListParticipants(ApiCall& call);
void HandleGetParticipant(ApiCall& call);

}  // namespace revento::emulator::api
