#pragma once
// Helpers for renderer tests: a validated renderer, one-frame renders and image measurements.
#include <cstdint>
#include <glm/glm.hpp>
#include <memory>

#include "synth4d/core/image.h"
#include "synth4d/core/result.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::test {

// The Vulkan renderer with validation on. The device comes from SYNTH4D_TEST_DEVICE
// (auto|cpu|gpu, default auto) unless `device` is given. Any failure is a test failure.
core::Result<std::unique_ptr<renderer::Renderer>> CreateTestRenderer();
core::Result<std::unique_ptr<renderer::Renderer>> CreateTestRenderer(renderer::DeviceChoice device);

// Renders one frame.
core::Result<renderer::FrameOutput> RenderOne(renderer::Renderer& r,
                                              const renderer::RenderScene& scene,
                                              const renderer::FrameInput& frame,
                                              const renderer::RenderOptions& options = {});

// A scene of `width` x `height` with no ground, the given meshes as objects 1..n (ids i + 1).
renderer::RenderScene SceneWith(int width, int height, std::vector<core::Mesh> meshes);

// Number of pixels with id `id`.
int CountId(const core::ImageId& ids, uint32_t id);
// Mean pixel position (x + 0.5, y + 0.5) of pixels with id `id` (NaN when none).
glm::dvec2 CentroidOfId(const core::ImageId& ids, uint32_t id);

}  // namespace synth4d::test
