#pragma once
// Renderer math without Vulkan types: the camera and sun projections, depth decoding, sRGB
// encoding and the clip arguments check shared by every renderer implementation.
#include <cstdint>
#include <glm/glm.hpp>
#include <span>
#include <vector>

#include "synth4d/core/geometry.h"
#include "synth4d/core/result.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::renderer::internal {

// Near plane of the camera projection (metres along camera z); nothing nearer is drawn.
inline constexpr double kNearM = 0.01;

// World -> Vulkan clip matrix of the OpenCV camera (K, X_WC): x_ndc = 2 u / W - 1 and
// y_ndc = 2 v / H - 1 for pixel coordinates (u, v) of core::Project (Vulkan NDC y points down
// like OpenCV's y), and reverse-Z with an infinite far plane: depth = kNearM / z_C.
glm::dmat4 CameraViewProj(const core::Intrinsics& K, const core::Pose& X_WC);

// Metres along the camera z axis from a depth-buffer value of CameraViewProj (0 -> +inf).
float DepthMetresFromBuffer(float d);

// The sun's orthographic shadow frustum fitted around `points_W` (world, metres).
struct SunFrustum {
  glm::dmat4 light_view_proj{1.0};  // world -> Vulkan clip (x, y in [-1, 1], depth in [0, 1])
  double texel_m = 0.0;             // world size of one shadow-map texel (largest axis)
  bool valid = false;               // false when there is nothing to fit or the sun is zero
};

// Fits the sun frustum (light travelling along `sun_dir_W`) to the points and their shadows.
SunFrustum FitSunFrustum(const glm::dvec3& sun_dir_W, std::span<const glm::dvec3> points_W,
                         int map_size);

// Points the shadow frustum must cover: the ground square's corners and each object's world AABB.
std::vector<glm::dvec3> ShadowFitPoints(const RenderScene& scene, const FrameInput& frame);

// Linear [0, 1] -> 8-bit sRGB (IEC 61966-2-1), clamped.
uint8_t LinearToSrgb8(float linear);

// Checks a clip's arguments: sizes, indices, mesh arrays, options. kInvalidArgument on failure.
core::Status ValidateClip(const RenderScene& scene, std::span<const FrameInput> frames,
                          const RenderOptions& options);

}  // namespace synth4d::renderer::internal
