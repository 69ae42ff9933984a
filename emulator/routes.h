// The emulator's one route table: every path it serves, its method, its
// error area and its handler. A newcomer finds any endpoint here first.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator {

class Emulator;

// Fills `router` with every route. Handlers capture `emulator`, which must
// outlive the router.
void BuildRoutes(Emulator& emulator, http::Router& router);

}  // namespace revento::emulator
