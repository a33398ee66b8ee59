#pragma once
// internal: motion events (start, stop, reversal, turns, bounce) from recorded velocities.
#include <cstdint>
#include <vector>

#include "synth4d/sim/simulate.h"
#include "synth4d/sim/trace.h"

namespace synth4d::sim::internal {

// Events of every non-static body over `frames` (clip then future frames, in order);
// touching[i][b] says body b touched the ground or another body in frame i. Sorted by
// (frame, body, kind). Rules: EventThresholds in sim/simulate.h.
std::vector<MotionEvent> DetectMotionEvents(const std::vector<FrameRecord>& frames,
                                            const std::vector<std::vector<uint8_t>>& touching,
                                            const std::vector<spec::MotionType>& motions,
                                            double fps, const EventThresholds& thresholds);

}  // namespace synth4d::sim::internal
