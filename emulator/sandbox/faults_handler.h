// /_sandbox/faults: the fault table (fault_table.h) over HTTP.
//   POST   adds a fault (201, the fault); a bad body is 400 naming the field
//   GET    lists the faults, oldest first
//   DELETE removes every fault; DELETE /_sandbox/faults/{fault_id} one (404
//          when unknown)
// Thread safety: as FaultTable.
#pragma once

#include "emulator/http/router.h"
#include "emulator/sandbox/fault_table.h"

namespace revento::emulator::sandbox {

void HandleAddFault(FaultTable& faults, http::RequestContext& ctx);
void HandleListFaults(FaultTable& faults, http::RequestContext& ctx);
void HandleClearFaults(FaultTable& faults, http::RequestContext& ctx);
void HandleDeleteFault(FaultTable& faults, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
