#pragma once
// Scripted timelines: the analytic pose and velocity of a scripted body at any time.
// Semantics of every segment kind: spec/scene.h (Segment) and docs/scene-spec.md.
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim {

// Pose (bounding-box centre, world), linear and angular velocity (world) of a scripted body.
using ScriptedState = BodyState;

// State of `object` at time t_s (seconds) under its segments; before 0 the state at 0, after the
// last segment the final pose at rest. Pure and deterministic; Simulate records exactly these
// values.
ScriptedState EvaluateTimeline(const spec::ObjectSpec& object, double t_s);

// Total duration (s) of the object's segments (a segment's effective duration: see scene.h).
double TimelineDuration(const spec::ObjectSpec& object);

}  // namespace synth4d::sim
