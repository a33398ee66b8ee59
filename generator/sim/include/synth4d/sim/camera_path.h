#pragma once
// Camera paths: the camera's pose and intrinsics at any time (spec/scene.h, CameraPath).
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim {

// Camera at time t_s: pose with OpenCV axes (core::LookAt) and intrinsics from the camera's vfov
// and the clip resolution. `follow_target_W` is the followed object's bounding-box centre at t_s
// (kFollow only; ignored otherwise). The spec must be valid (Simulate checks it).
CameraState CameraAt(const spec::CameraSpec& camera, const spec::ClipSettings& clip, double t_s,
                     const glm::dvec3& follow_target_W = glm::dvec3(0.0));

}  // namespace synth4d::sim
