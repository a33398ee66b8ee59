// Camera ego-motion from X_WC: camera_motion (pan left / right, forward / backward, orbit
// clockwise / counter-clockwise, static). Pan is the heading change of the camera's right axis;
// dolly the displacement along the view direction; orbit the angle of the camera around the point
// its optical axes converge to (least squares in the ground plane).
#include <algorithm>
#include <cmath>

#include "../internal_observe.h"
#include "families.h"

namespace synth4d::qa::internal {
namespace {

struct CameraPathMeasure {
  double pan = 0.0, tilt = 0.0, max_pan_step = 0.0;  // rad
  double path_m = 0.0, forward_m = 0.0, lateral_m = 0.0, vertical_m = 0.0;
  bool has_centre = false;
  glm::dvec2 centre{0.0};
  double orbit = 0.0, radius_m = 0.0, max_orbit_step = 0.0;
};

glm::dvec3 Axis(const core::Pose& X, int k) {
  glm::dvec3 e(0.0);
  e[k] = 1.0;
  return X.q * e;
}

double Elevation(const core::Pose& X) { return std::asin(std::clamp(Axis(X, 2).z, -1.0, 1.0)); }

// Least-squares point of the ground-plane projections of the optical axes; false when they are
// (nearly) parallel or too few look sideways.
bool ConvergencePoint(const std::vector<core::Pose>& X, const std::vector<int>& frames,
                      glm::dvec2* centre) {
  glm::dmat2 A(0.0);
  glm::dvec2 b(0.0);
  int n = 0;
  for (int k : frames) {
    const glm::dvec3 z = Axis(X[k], 2);
    const glm::dvec2 d(z.x, z.y);
    if (glm::length(d) < 0.1) continue;
    const glm::dvec2 u = glm::normalize(d);
    const glm::dmat2 P = glm::dmat2(1.0) - glm::outerProduct(u, u);
    A += P;
    b += P * glm::dvec2(X[k].p.x, X[k].p.y);
    ++n;
  }
  if (n < 2) return false;
  const glm::dmat2 M = A / static_cast<double>(n);
  const double tr = M[0][0] + M[1][1], det = glm::determinant(M);
  const double min_eig = 0.5 * (tr - std::sqrt(std::max(0.0, tr * tr - 4.0 * det)));
  if (min_eig < 1e-3) return false;
  *centre = glm::inverse(A) * b;
  return true;
}

CameraPathMeasure MeasureCamera(const truth::VideoTruth& t, const std::vector<int>& F) {
  CameraPathMeasure m;
  const std::vector<core::Pose>& X = t.X_WC;
  const core::Pose& xa = X[F.front()];
  const core::Pose& xb = X[F.back()];
  for (size_t k = 1; k < F.size(); ++k) {
    const glm::dvec3 ra = Axis(X[F[k - 1]], 0), rb = Axis(X[F[k]], 0);
    const double step = WrapAngle(std::atan2(rb.y, rb.x) - std::atan2(ra.y, ra.x));
    m.pan += step;
    m.max_pan_step = std::max(m.max_pan_step, std::abs(step));
    m.path_m += glm::length(X[F[k]].p - X[F[k - 1]].p);
  }
  m.tilt = Elevation(xb) - Elevation(xa);
  const glm::dvec3 d = xb.p - xa.p;
  const glm::dvec3 view = glm::normalize(Axis(xa, 2) + Axis(xb, 2));
  const glm::dvec3 right = glm::normalize(Axis(xa, 0) + Axis(xb, 0));
  m.forward_m = glm::dot(d, view);
  m.lateral_m = glm::dot(d, right);
  m.vertical_m = glm::length(d - m.forward_m * view - m.lateral_m * right);
  m.has_centre = ConvergencePoint(X, F, &m.centre);
  if (m.has_centre) {
    m.radius_m = glm::length(glm::dvec2(xa.p.x, xa.p.y) - m.centre);
    for (size_t k = 1; k < F.size(); ++k) {
      const glm::dvec2 pa = glm::dvec2(X[F[k - 1]].p.x, X[F[k - 1]].p.y) - m.centre;
      const glm::dvec2 pb = glm::dvec2(X[F[k]].p.x, X[F[k]].p.y) - m.centre;
      const double step = WrapAngle(std::atan2(pb.y, pb.x) - std::atan2(pa.y, pa.x));
      m.orbit += step;
      m.max_orbit_step = std::max(m.max_orbit_step, std::abs(step));
    }
  }
  return m;
}

Outcome CameraMotion(const PredicateContext& ctx) {
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const std::vector<int>& F = ctx.frames;
  if (F.size() < 2) return Refuse("fewer than 2 frames");
  const CameraPathMeasure m = MeasureCamera(t, F);
  const double still = Rad(p.Number("still_deg"));
  const double min_angle = Rad(p.Number("min_angle_deg"));
  const double dominance = p.Number("dominance");
  const double max_step = Rad(p.Number("max_step_deg"));
  const double ta = TimeOf(t, F.front()), tb = TimeOf(t, F.back());
  const bool in_place = m.path_m < p.Number("still_m");
  Answer a;
  if (in_place && std::abs(m.pan) < still && std::abs(m.tilt) < still) {
    a.value = "static";
    a.rationale =
        Fmt("From %.1f s to %.1f s the camera moves %.2f m and turns %.1f deg. So it "
            "is static.",
            ta, tb, m.path_m, Deg(std::abs(m.pan)));
  } else if (in_place) {
    if (std::abs(m.pan) < min_angle || std::abs(m.pan) < dominance * std::abs(m.tilt)) {
      return Refuse(Fmt("unclear rotation: pan %.1f deg, tilt %.1f deg", Deg(m.pan), Deg(m.tilt)));
    }
    if (m.max_pan_step > max_step) {
      return Refuse(Fmt("pan step of %.0f deg between seen frames", Deg(m.max_pan_step)));
    }
    a.value = m.pan > 0.0 ? "pan_left" : "pan_right";
    a.pixel_speed = t.K.fx * std::abs(m.pan) / (tb - ta);
    a.rationale =
        Fmt("From %.1f s to %.1f s the camera stays in place (it moves %.2f m) while "
            "its view turns %.0f deg %s seen from above. So it pans %s.",
            ta, tb, m.path_m, Deg(std::abs(m.pan)), m.pan > 0.0 ? "counter-clockwise" : "clockwise",
            m.pan > 0.0 ? "left" : "right");
  } else if (std::abs(m.pan) < still && std::abs(m.tilt) < still) {
    const double side = std::hypot(m.lateral_m, m.vertical_m);
    if (std::abs(m.forward_m) < p.Number("min_m") || std::abs(m.forward_m) < dominance * side) {
      return Refuse(Fmt("translation not along the view: %.2f m forward, %.2f m sideways",
                        m.forward_m, side));
    }
    a.value = m.forward_m > 0.0 ? "forward" : "backward";
    a.rationale =
        Fmt("From %.1f s to %.1f s the camera moves %.1f m %s along its viewing "
            "direction without turning (%.2f m sideways). So it moves %s.",
            ta, tb, std::abs(m.forward_m), m.forward_m > 0.0 ? "forward" : "backward", side,
            m.forward_m > 0.0 ? "forward" : "backward");
  } else {
    const bool orbit = m.has_centre && m.radius_m >= p.Number("min_radius_m") &&
                       std::abs(m.orbit) >= min_angle &&
                       std::abs(m.pan - m.orbit) <= 0.2 * std::abs(m.orbit) &&
                       std::abs(m.tilt) <= std::max(still, 0.2 * std::abs(m.orbit)) &&
                       m.path_m >= p.Number("min_m");
    if (!orbit) {
      return Refuse(
          Fmt("mixed camera motion: %.2f m travelled, pan %.1f deg, tilt %.1f deg, "
              "orbit %.1f deg",
              m.path_m, Deg(m.pan), Deg(m.tilt), Deg(m.orbit)));
    }
    if (m.max_orbit_step > max_step) {
      return Refuse(Fmt("orbit step of %.0f deg between seen frames", Deg(m.max_orbit_step)));
    }
    a.value = m.orbit > 0.0 ? "orbit_counter_clockwise" : "orbit_clockwise";
    a.pixel_speed = t.K.fx * std::abs(m.orbit) / (tb - ta);
    a.rationale =
        Fmt("From %.1f s to %.1f s the camera circles a point %.1f m away by %.0f deg "
            "%s seen from above, turning to keep it in view. So it orbits %s.",
            ta, tb, m.radius_m, Deg(std::abs(m.orbit)),
            m.orbit > 0.0 ? "counter-clockwise" : "clockwise",
            m.orbit > 0.0 ? "counter-clockwise" : "clockwise");
  }
  a.evidence.frames = {F.front(), F.back()};
  a.evidence.Add("pan_deg", {Deg(m.pan)});
  a.evidence.Add("tilt_deg", {Deg(m.tilt)});
  a.evidence.Add("path_m", {m.path_m});
  a.evidence.Add("forward_m", {m.forward_m});
  a.evidence.Add("lateral_m", {m.lateral_m});
  a.evidence.Add("orbit_deg", {Deg(m.orbit)});
  a.evidence.Add("orbit_radius_m", {m.radius_m});
  return a;
}

}  // namespace

void AddCameraPredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo p;
  p.name = "camera_motion";
  p.doc = "the camera's own motion: pan, dolly, orbit or static";
  p.arity = 0;
  p.values = {"pan_left", "pan_right",       "forward",
              "backward", "orbit_clockwise", "orbit_counter_clockwise",
              "static"};
  p.params = {
      Condition("still_deg", 1.0, 0.0, 45.0, "a static camera turns less than this"),
      Condition("still_m", 0.05, 0.0, 10.0, "a static (or panning) camera travels less than this"),
      Condition("min_angle_deg", 15.0, 0.0, 360.0, "pan or orbit angle needed for a sense"),
      Condition("min_m", 0.5, 0.0, 100.0, "travel needed for forward / backward or orbit"),
      Condition("min_radius_m", 1.0, 0.0, 1e3, "orbit radius needed (else it is a turn)"),
      Condition("dominance", 3.0, 1.0, 100.0, "pan over tilt, forward over sideways travel"),
      Condition("max_step_deg", 60.0, 1.0, 180.0,
                "largest pan / orbit step between seen frames (they must overlap)"),
  };
  p.fn = CameraMotion;
  out.push_back(std::move(p));
}

}  // namespace synth4d::qa::internal
