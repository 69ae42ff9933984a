// The emulator's one route table: every path it serves, its method and its
// handler. A newcomer finds any endpoint here first. Which error body a path
// answers with follows from its prefix (http/area.h), not from the route.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator {

class Emulator;

// Fills `router` with every route. Handlers capture `emulator`, which must
// outlive the router.
void BuildRoutes(Emulator& emulator, http::Router& router);

}  // namespace revento::emulator
