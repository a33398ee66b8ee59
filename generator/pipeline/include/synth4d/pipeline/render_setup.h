#pragma once
// From a resolved scene and its simulation to what the renderer draws: meshes, materials, the
// environment and one FrameInput per frame for a camera.
#include <vector>

#include "synth4d/core/mesh.h"
#include "synth4d/core/result.h"
#include "synth4d/renderer/renderer.h"
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"

namespace synth4d::pipeline {

// Linear-light value of an sRGB-encoded channel in [0, 1].
double SrgbToLinear(double c);

// One mesh per object in its body frame, sized to ObjectSpec::size (primitives tessellated,
// assets loaded and fitted). Errors name the object and the asset file.
core::Result<std::vector<core::Mesh>> BuildObjectMeshes(const spec::ResolvedScene& scene);

// The renderer's scene: meshes, objects (id = index + 1, colour, material, surface pattern so
// symmetric primitives show their spin) and environment.
renderer::RenderScene MakeRenderScene(const spec::ResolvedScene& scene,
                                      std::vector<core::Mesh> meshes);

// Camera `camera_index`'s view and every object's pose at each frame of `trace`.
std::vector<renderer::FrameInput> MakeFrameInputs(const sim::SimTrace& trace, int camera_index);

}  // namespace synth4d::pipeline
