#include "synth4d/sim/camera_path.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "synth4d/spec/timeline.h"

namespace synth4d::sim {
namespace {

using Kind = spec::CameraPath::Kind;

// Tilt stops this short of straight up or down, where the view's roll would be undefined.
constexpr double kMaxElevation = 0.5 * std::numbers::pi - 1e-3;

core::Pose PanTilt(const spec::CameraSpec& c, double t) {
  const glm::dvec3 d = c.look_at - c.position;
  const double azimuth = std::atan2(d.y, d.x) + c.path.pan_rate * t;
  const double elevation = std::clamp(std::atan2(d.z, std::hypot(d.x, d.y)) + c.path.tilt_rate * t,
                                      -kMaxElevation, kMaxElevation);
  const glm::dvec3 view(std::cos(elevation) * std::cos(azimuth),
                        std::cos(elevation) * std::sin(azimuth), std::sin(elevation));
  return core::LookAt(c.position, c.position + glm::length(d) * view);
}

core::Pose Keyframes(const spec::CameraPath& path, double t) {
  const auto& kf = path.keyframes;
  if (t <= kf.front().t_s) {
    return core::LookAt(kf.front().position, kf.front().look_at);
  }
  if (t >= kf.back().t_s) {
    return core::LookAt(kf.back().position, kf.back().look_at);
  }
  auto next =
      std::upper_bound(kf.begin(), kf.end(), t,
                       [](double x, const spec::CameraPath::Keyframe& k) { return x < k.t_s; });
  const auto& a = *std::prev(next);
  const auto& b = *next;
  const double e = spec::Ease(path.interpolation, (t - a.t_s) / (b.t_s - a.t_s));
  return core::LookAt(glm::mix(a.position, b.position, e), glm::mix(a.look_at, b.look_at, e));
}

// Pose at time t of a camera whose orientation stays that of t = 0 while it translates by `d`.
core::Pose Translated(const spec::CameraSpec& c, const glm::dvec3& d) {
  core::Pose X = core::LookAt(c.position, c.look_at);
  X.p += d;
  return X;
}

}  // namespace

CameraState CameraAt(const spec::CameraSpec& camera, const spec::ClipSettings& clip, double t_s,
                     const glm::dvec3& follow_target_W) {
  const spec::CameraPath& path = camera.path;
  CameraState out;
  out.K = core::FromVerticalFov(clip.width, clip.height, camera.vfov_rad);
  switch (path.kind) {
    case Kind::kStatic:
      out.X_WC = core::LookAt(camera.position, camera.look_at);
      break;
    case Kind::kPanTilt:
      out.X_WC = PanTilt(camera, t_s);
      break;
    case Kind::kOrbit: {
      const glm::dquat R = glm::angleAxis(path.orbit_rate * t_s, glm::dvec3(0, 0, 1));
      const glm::dvec3& c = path.orbit_center;
      out.X_WC = core::LookAt(c + R * (camera.position - c), c + R * (camera.look_at - c));
      break;
    }
    case Kind::kDolly:
      out.X_WC =
          Translated(camera, path.speed * t_s * glm::normalize(camera.look_at - camera.position));
      break;
    case Kind::kTruck: {
      const glm::dvec3 right =
          core::LookAt(camera.position, camera.look_at).q * glm::dvec3(1, 0, 0);
      out.X_WC = Translated(camera, path.speed * t_s * right);
      break;
    }
    case Kind::kPedestal:
      out.X_WC = Translated(camera, glm::dvec3(0.0, 0.0, path.speed * t_s));
      break;
    case Kind::kFollow:
      out.X_WC = core::LookAt(follow_target_W + path.follow_offset, follow_target_W);
      break;
    case Kind::kKeyframes:
      out.X_WC = Keyframes(path, t_s);
      break;
  }
  return out;
}

}  // namespace synth4d::sim
