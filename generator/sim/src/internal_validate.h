#pragma once
// internal: checks that a scene and options can be simulated (all problems, with field paths).
#include "synth4d/core/result.h"
#include "synth4d/sim/simulate.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim::internal {

// kInvalidArgument listing every problem; non-finite initial states and pushes are left to the
// glitch check.
core::Status Validate(const spec::ResolvedScene& scene, const SimOptions& options);

// Index of the object named `name`, or -1.
int FindObject(const spec::ResolvedScene& scene, const std::string& name);

}  // namespace synth4d::sim::internal
