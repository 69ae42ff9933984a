// ReleaseFreedMemory: hand the heap's free pages back to the kernel.
//
// After a large transient allocation (the parsed document of a state import,
// the built document of an export: about 1.7 GB for a million participants)
// glibc's allocator keeps the freed pages mapped, so the emulator's resident
// size stays at the peak for the rest of the session. malloc_trim(0) returns
// every whole free page, in the middle of the heap too (glibc 2.8 and later).
// Other C libraries (musl) return large blocks on free by themselves; there
// this does nothing.
//
// Cost: one walk of the allocator's free lists, under its locks (about a
// millisecond after a large import); call it after rare, large operations
// only, never per request. Thread safety: safe from any thread.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace revento::portable {

inline void ReleaseFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace revento::portable
