#include "internal_validate.h"

#include <cmath>
#include <string>
#include <vector>

namespace synth4d::sim::internal {
namespace {

class Checker {
 public:
  explicit Checker(std::string where) : where_(std::move(where)) {}
  void Require(bool ok, const std::string& field, const std::string& message) {
    if (!ok) {
      issues_.push_back({where_, field, message});
    }
  }
  core::Status Done() const {
    if (issues_.empty()) {
      return core::Ok();
    }
    core::Error e = core::MakeError(core::ErrorCode::kInvalidArgument, "scene cannot be simulated");
    e.issues = issues_;
    return e;
  }

 private:
  std::string where_;
  std::vector<core::Issue> issues_;
};

bool Positive(double x) { return std::isfinite(x) && x > 0.0; }
bool Positive(const glm::dvec3& v) { return Positive(v.x) && Positive(v.y) && Positive(v.z); }
bool Finite(const glm::dvec3& v) {
  return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}
bool Distinct(const glm::dvec3& a, const glm::dvec3& b) {
  return Finite(a) && Finite(b) && glm::length(a - b) > 1e-9;
}

void CheckSegment(Checker& c, const spec::Segment& s, const std::string& f) {
  c.Require(std::isfinite(s.duration_s) && s.duration_s >= 0.0, f + ".duration_s", "must be >= 0");
  c.Require(std::isfinite(s.speed) && s.speed >= 0.0, f + ".speed", "must be >= 0");
  c.Require(Finite(s.direction) && (!s.target || Finite(*s.target)), f + ".direction",
            "must be finite");
  c.Require(Finite(s.axis) && std::isfinite(s.angular_speed) && std::isfinite(s.turn_angle),
            f + ".axis", "rotation numbers must be finite");
  for (const glm::dvec3& w : s.waypoints) {
    c.Require(Finite(w), f + ".waypoints", "must be finite");
  }
}

void CheckObject(Checker& c, const spec::ObjectSpec& o, const std::string& f) {
  c.Require(Positive(o.size), f + ".size", "every extent must be > 0");
  c.Require(o.shape != spec::Shape::kMesh || !o.asset.empty(), f + ".asset", "mesh needs an asset");
  const double qn =
      glm::length(glm::dvec4(o.orientation.w, o.orientation.x, o.orientation.y, o.orientation.z));
  c.Require(!std::isfinite(qn) || std::abs(qn - 1.0) < 1e-6, f + ".orientation",
            "must be a unit quaternion");
  c.Require(!o.front || glm::length(*o.front) > 1e-9, f + ".front", "must be non-zero");
  if (o.motion == spec::MotionType::kDynamic) {
    c.Require(Positive(o.mass_kg), f + ".mass_kg", "must be > 0");
  }
  c.Require(std::isfinite(o.friction) && o.friction >= 0.0, f + ".friction", "must be >= 0");
  c.Require(std::isfinite(o.restitution) && o.restitution >= 0.0, f + ".restitution",
            "must be >= 0");
  c.Require(o.linear_damping >= 0.0 && o.linear_damping <= 1.0, f + ".linear_damping",
            "must be in [0, 1]");
  c.Require(o.angular_damping >= 0.0 && o.angular_damping <= 1.0, f + ".angular_damping",
            "must be in [0, 1]");
  for (size_t k = 0; k < o.dynamic.pushes.size(); ++k) {
    const spec::Push& p = o.dynamic.pushes[k];
    const std::string pf = f + ".dynamic.pushes[" + std::to_string(k) + "]";
    c.Require(!(p.t_s < 0.0), pf + ".t_s", "must be >= 0");
    c.Require(!(p.duration_s < 0.0), pf + ".duration_s", "must be >= 0");
  }
  if (o.motion == spec::MotionType::kScripted) {
    for (size_t k = 0; k < o.segments.size(); ++k) {
      CheckSegment(c, o.segments[k], f + ".segments[" + std::to_string(k) + "]");
    }
  }
}

void CheckCamera(Checker& c, const spec::ResolvedScene& scene, const spec::CameraSpec& cam,
                 const std::string& f) {
  using Kind = spec::CameraPath::Kind;
  const spec::CameraPath& p = cam.path;
  c.Require(Positive(cam.vfov_rad) && cam.vfov_rad < 3.1, f + ".vfov_rad", "must be in (0, pi)");
  if (p.kind == Kind::kFollow) {
    c.Require(FindObject(scene, p.follow_target) >= 0, f + ".path.follow_target",
              "no object named '" + p.follow_target + "'");
    c.Require(Distinct(p.follow_offset, glm::dvec3(0.0)), f + ".path.follow_offset",
              "must be non-zero");
  } else if (p.kind == Kind::kKeyframes) {
    c.Require(!p.keyframes.empty(), f + ".path.keyframes", "needs at least one keyframe");
    for (size_t k = 0; k < p.keyframes.size(); ++k) {
      const auto& kf = p.keyframes[k];
      const std::string kf_field = f + ".path.keyframes[" + std::to_string(k) + "]";
      c.Require(Distinct(kf.position, kf.look_at), kf_field, "position must differ from look_at");
      c.Require(std::isfinite(kf.t_s) && (k == 0 || kf.t_s >= p.keyframes[k - 1].t_s),
                kf_field + ".t_s", "keyframes must be sorted by time");
    }
  } else {
    c.Require(Distinct(cam.position, cam.look_at), f + ".look_at", "must differ from position");
  }
  c.Require(std::isfinite(p.pan_rate) && std::isfinite(p.tilt_rate) &&
                std::isfinite(p.orbit_rate) && std::isfinite(p.speed) && Finite(p.orbit_center),
            f + ".path", "rates must be finite");
}

}  // namespace

int FindObject(const spec::ResolvedScene& scene, const std::string& name) {
  for (size_t i = 0; i < scene.objects.size(); ++i) {
    if (scene.objects[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

core::Status Validate(const spec::ResolvedScene& scene, const SimOptions& options) {
  Checker c(scene.source);
  c.Require(Positive(scene.clip.fps), "clip.fps", "must be > 0");
  c.Require(Positive(scene.clip.duration_s) && spec::FrameCount(scene.clip) >= 1, "clip.duration_s",
            "must give at least one frame");
  c.Require(scene.clip.width > 0 && scene.clip.height > 0, "clip.width", "size must be > 0");
  c.Require(Positive(scene.environment.ground_size_m), "environment.ground_size_m", "must be > 0");
  c.Require(std::isfinite(scene.environment.gravity_mps2), "environment.gravity_mps2",
            "must be finite");
  c.Require(Positive(options.step_hz), "options.step_hz", "must be > 0");
  c.Require(std::isfinite(options.extra_s) && options.extra_s >= 0.0, "options.extra_s",
            "must be >= 0");
  c.Require(options.solver_iterations >= 1, "options.solver_iterations", "must be >= 1");
  c.Require(options.glitch.penetration_steps >= 1, "options.glitch.penetration_steps",
            "must be >= 1");
  for (size_t i = 0; i < scene.objects.size(); ++i) {
    CheckObject(c, scene.objects[i], "objects[" + std::to_string(i) + "]");
  }
  c.Require(!scene.cameras.empty(), "cameras", "needs at least one camera");
  for (size_t i = 0; i < scene.cameras.size(); ++i) {
    CheckCamera(c, scene, scene.cameras[i], "cameras[" + std::to_string(i) + "]");
  }
  return c.Done();
}

}  // namespace synth4d::sim::internal
