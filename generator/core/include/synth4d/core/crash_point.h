#pragma once
// Crash points: named places where a test may kill the process, to prove that a crash at any
// instant costs only the work in flight (in the manner of RocksDB's kill points).
//
// Off unless the environment asks: SYNTH4D_CRASH_AT=N raises SIGKILL at the N-th crossing (1-based,
// counted over all points of the process); SYNTH4D_CRASH_LOG=FILE appends one line "N name" per
// crossing, so a test can list the crossings of an uninterrupted run and pick where to kill.
#include <string_view>

namespace synth4d::core {

// Marks a crossing of the point `name`; kills the process (SIGKILL) when the environment says so.
void CrashPoint(std::string_view name);

}  // namespace synth4d::core
