#include "internal_math.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace synth4d::renderer::internal {

glm::dmat4 CameraViewProj(const core::Intrinsics& K, const core::Pose& X_WC) {
  const double w = K.width, h = K.height;
  glm::dmat4 P(0.0);  // column-major: P[col][row]
  P[0][0] = 2.0 * K.fx / w;
  P[2][0] = 2.0 * K.cx / w - 1.0;
  P[1][1] = 2.0 * K.fy / h;
  P[2][1] = 2.0 * K.cy / h - 1.0;
  P[3][2] = kNearM;  // clip z = near, clip w = z_C -> depth = near / z_C
  P[2][3] = 1.0;
  return P * core::ToMatrix(core::Inverse(X_WC));
}

float DepthMetresFromBuffer(float d) {
  if (!(d > 0.0f)) return std::numeric_limits<float>::infinity();
  return static_cast<float>(kNearM / static_cast<double>(d));
}

SunFrustum FitSunFrustum(const glm::dvec3& sun_dir_W, std::span<const glm::dvec3> points_W,
                         int map_size) {
  SunFrustum out;
  if (points_W.empty() || glm::length(sun_dir_W) < 1e-9 || map_size <= 0) return out;
  const glm::dvec3 f = glm::normalize(sun_dir_W);
  const glm::dvec3 up = std::abs(f.z) > 0.99 ? glm::dvec3(0, 1, 0) : glm::dvec3(0, 0, 1);
  const glm::dvec3 r = glm::normalize(glm::cross(f, up));
  const glm::dvec3 u = glm::cross(f, r);
  glm::dvec3 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
  auto add = [&](const glm::dvec3& p) {
    const glm::dvec3 l(glm::dot(r, p), glm::dot(u, p), glm::dot(f, p));
    lo = glm::min(lo, l);
    hi = glm::max(hi, l);
  };
  for (const glm::dvec3& p : points_W) {
    add(p);
    // Where the point's shadow lands on the ground plane z = 0 (at most 100 m away).
    if (f.z < -1e-3 && p.z > 0.0) add(p + f * std::min(p.z / -f.z, 100.0));
  }
  // Pad by 2% (at least 5 cm) so PCF taps at the border stay inside.
  const glm::dvec3 pad = glm::max(0.02 * (hi - lo), glm::dvec3(0.05));
  lo -= pad;
  hi += pad;
  glm::dmat4 L(1.0);  // rows r, u, f
  for (int c = 0; c < 3; ++c) {
    L[c][0] = r[c];
    L[c][1] = u[c];
    L[c][2] = f[c];
  }
  glm::dmat4 O(1.0);
  O[0][0] = 2.0 / (hi.x - lo.x);
  O[3][0] = -(hi.x + lo.x) / (hi.x - lo.x);
  O[1][1] = 2.0 / (hi.y - lo.y);
  O[3][1] = -(hi.y + lo.y) / (hi.y - lo.y);
  O[2][2] = 1.0 / (hi.z - lo.z);
  O[3][2] = -lo.z / (hi.z - lo.z);
  out.light_view_proj = O * L;
  out.texel_m = std::max(hi.x - lo.x, hi.y - lo.y) / map_size;
  out.valid = true;
  return out;
}

std::vector<glm::dvec3> ShadowFitPoints(const RenderScene& scene, const FrameInput& frame) {
  std::vector<glm::dvec3> points;
  const double g = 0.5 * scene.environment.ground_size_m;
  if (g > 0.0) {
    for (double sx : {-g, g}) {
      for (double sy : {-g, g}) points.emplace_back(sx, sy, 0.0);
    }
  }
  for (size_t i = 0; i < scene.objects.size(); ++i) {
    const core::Aabb box = core::Bounds(scene.meshes[scene.objects[i].mesh_index]);
    for (int c = 0; c < 8; ++c) {
      const glm::dvec3 p_O((c & 1) ? box.max.x : box.min.x, (c & 2) ? box.max.y : box.min.y,
                           (c & 4) ? box.max.z : box.min.z);
      points.push_back(core::Apply(frame.X_WO[i], p_O));
    }
  }
  return points;
}

uint8_t LinearToSrgb8(float linear) {
  const double c = std::clamp(static_cast<double>(linear), 0.0, 1.0);
  const double s = c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
  return static_cast<uint8_t>(std::lround(s * 255.0));
}

namespace {

core::Error Invalid(const std::string& field, const std::string& message) {
  core::Error e = core::MakeError(core::ErrorCode::kInvalidArgument, "invalid render clip");
  e.issues.push_back({"", field, message});
  return e;
}

core::Status ValidateMesh(const core::Mesh& m, const std::string& field) {
  const size_t n = m.positions.size();
  if (n == 0 || m.indices.empty()) return Invalid(field, "empty mesh");
  if (m.normals.size() != n) return Invalid(field + ".normals", "one normal per position needed");
  if (!m.uvs.empty() && m.uvs.size() != n) return Invalid(field + ".uvs", "size != positions");
  if (!m.colors.empty() && m.colors.size() != n) {
    return Invalid(field + ".colors", "size != positions");
  }
  if (m.indices.size() % 3 != 0) return Invalid(field + ".indices", "not a multiple of 3");
  for (uint32_t i : m.indices) {
    if (i >= n) return Invalid(field + ".indices", "index " + std::to_string(i) + " out of range");
  }
  return core::Ok();
}

}  // namespace

core::Status ValidateClip(const RenderScene& scene, std::span<const FrameInput> frames,
                          const RenderOptions& options) {
  constexpr int kMaxSize = 8192;
  if (scene.width <= 0 || scene.height <= 0 || scene.width > kMaxSize || scene.height > kMaxSize) {
    return Invalid("scene.width/height", "must be in [1, 8192]");
  }
  for (size_t i = 0; i < scene.meshes.size(); ++i) {
    SYNTH4D_RETURN_IF_ERROR(
        ValidateMesh(scene.meshes[i], "scene.meshes[" + std::to_string(i) + "]"));
  }
  for (size_t i = 0; i < scene.objects.size(); ++i) {
    const int m = scene.objects[i].mesh_index;
    if (m < 0 || m >= static_cast<int>(scene.meshes.size())) {
      return Invalid("scene.objects[" + std::to_string(i) + "].mesh_index", "out of range");
    }
  }
  const RenderEnvironment& env = scene.environment;
  if (!(env.ground_size_m >= 0.0f)) return Invalid("environment.ground_size_m", "must be >= 0");
  if (env.ground_size_m > 0.0f && !(env.ground_tile_m > 0.0f)) {
    return Invalid("environment.ground_tile_m", "must be > 0");
  }
  if (options.msaa_samples != 1 && options.msaa_samples != 4) {
    return Invalid("options.msaa_samples", "must be 1 or 4");
  }
  if (options.shadow_map_size < 16 || options.shadow_map_size > 8192) {
    return Invalid("options.shadow_map_size", "must be in [16, 8192]");
  }
  if (options.frames_in_flight < 1 || options.frames_in_flight > 16) {
    return Invalid("options.frames_in_flight", "must be in [1, 16]");
  }
  for (size_t f = 0; f < frames.size(); ++f) {
    const FrameInput& in = frames[f];
    const std::string field = "frames[" + std::to_string(f) + "]";
    if (in.K.width != scene.width || in.K.height != scene.height) {
      return Invalid(field + ".K", "size differs from the scene's width x height");
    }
    if (!(in.K.fx > 0.0) || !(in.K.fy > 0.0)) return Invalid(field + ".K", "fx, fy must be > 0");
    if (in.X_WO.size() != scene.objects.size()) {
      return Invalid(field + ".X_WO", "one pose per scene object needed");
    }
  }
  return core::Ok();
}

}  // namespace synth4d::renderer::internal
