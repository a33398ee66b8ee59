#pragma once
// Scripted timelines as simulator body states. The kinematics live in spec/timeline.h
// (spec::Timeline); this is the one-call form that Simulate's recordings equal bit for bit.
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"
#include "synth4d/spec/timeline.h"

namespace synth4d::sim {

// State of `object` at time t_s (seconds) under its segments (spec::Timeline::Evaluate): before 0
// the state at 0, after the last segment the final pose at rest. Plans the whole timeline on every
// call: hold a spec::Timeline to evaluate many times. Pure and deterministic.
inline BodyState EvaluateTimeline(const spec::ObjectSpec& object, double t_s) {
  const spec::KinematicState s = spec::Timeline(object).Evaluate(t_s);
  return {s.X_WB, s.v_W, s.w_W};
}

}  // namespace synth4d::sim
