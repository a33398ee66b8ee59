#include "internal_screen_motion.h"

#include <algorithm>
#include <cmath>

#include "../internal_observe.h"

namespace synth4d::qa::internal {
namespace {

double U(const truth::ObjectFrame& f) { return f.centre_px->x; }
double V(const truth::ObjectFrame& f) { return f.centre_px->y; }

// net / path of a sequence of values (1 when it does not move).
double Consistency(const std::vector<double>& s) {
  double path = 0.0;
  for (size_t i = 1; i < s.size(); ++i) path += std::abs(s[i] - s[i - 1]);
  return path > 0.0 ? std::abs(s.back() - s.front()) / path : 1.0;
}

}  // namespace

std::vector<ParamSpec> ScreenMotionConditions() {
  std::vector<ParamSpec> c = VisibilityConditions();
  c.push_back(FlagCondition("require_static_camera", true,
                            "object motion is asked only when the camera does not move"));
  c.push_back(Condition("min_px", 30.0, 0.0, 1e4,
                        "dominant displacement in px (about 7% of a 448 px frame)"));
  c.push_back(Condition("min_m", 0.3, 0.0, 1e3, "dominant displacement in metres"));
  c.push_back(Condition("still_px", 3.0, 0.0, 100.0,
                        "a still object stays within this many px (encoding noise is ~1 px)"));
  c.push_back(Condition("still_m", 0.05, 0.0, 10.0, "a still object moves less than this (m)"));
  c.push_back(Condition("dominance", 2.0, 1.0, 100.0,
                        "the dominant component must be this many times the others"));
  c.push_back(Condition("consistency", 0.8, 0.0, 1.0,
                        "net / path length of the dominant component (no back-and-forth)"));
  return c;
}

ScreenMotion MeasureScreenMotion(const PredicateContext& ctx, int object,
                                 const std::vector<int>& frames, double span_frames) {
  ScreenMotion m;
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const std::vector<int> vis = VisibleFrames(t, object, frames, p);
  if (std::string problem = VisibilityProblem(ctx, object, frames, vis, span_frames);
      !problem.empty()) {
    m.problem = problem;
    return m;
  }
  const std::vector<truth::ObjectFrame>& f = t.frames[object];
  m.a = vis.front();
  m.b = vis.back();
  const truth::ObjectFrame& fa = f[m.a];
  const truth::ObjectFrame& fb = f[m.b];
  const double fx = t.K.fx;
  m.u_a = U(fa), m.u_b = U(fb), m.v_a = V(fa), m.v_b = V(fb);
  m.z_a = fa.p_C.z, m.z_b = fb.p_C.z;
  m.lateral_px = m.u_b - m.u_a;
  m.depth_px = fx * std::log(m.z_b / m.z_a);
  m.vertical_px = fx * std::abs(fb.X_WB.p.z - fa.X_WB.p.z) / std::sqrt(m.z_a * m.z_b);
  m.lateral_m = fb.p_C.x - fa.p_C.x;
  m.depth_m = m.z_b - m.z_a;

  double excursion_m = 0.0;
  std::vector<double> us, ds;
  for (int k : vis) {
    const double depth = fx * std::log(f[k].p_C.z / m.z_a);
    m.still_px = std::max(
        {m.still_px, std::abs(U(f[k]) - m.u_a), std::abs(V(f[k]) - m.v_a), std::abs(depth)});
    excursion_m = std::max(excursion_m, glm::length(f[k].X_WB.p - fa.X_WB.p));
    us.push_back(U(f[k]));
    ds.push_back(depth);
  }
  if (m.still_px < p.Number("still_px") && excursion_m < p.Number("still_m")) {
    m.value = "still";
    return m;
  }
  const bool lateral = std::abs(m.lateral_px) >= std::abs(m.depth_px);
  const double dominant = lateral ? std::abs(m.lateral_px) : std::abs(m.depth_px);
  const double other = lateral ? std::abs(m.depth_px) : std::abs(m.lateral_px);
  const double metres = lateral ? std::abs(m.lateral_m) : std::abs(m.depth_m);
  const double dt = TimeOf(t, m.b) - TimeOf(t, m.a);
  m.pixel_speed = dt > 0.0 ? dominant / dt : 0.0;
  const double dominance = p.Number("dominance");
  if (dominant < p.Number("min_px") || metres < p.Number("min_m")) {
    m.problem =
        Fmt("small motion: %.1f px sideways, %.1f px in depth, %.2f m (needs %.0f px and "
            "%.2f m; not still either)",
            std::abs(m.lateral_px), std::abs(m.depth_px), metres, p.Number("min_px"),
            p.Number("min_m"));
  } else if (dominant < dominance * other) {
    m.problem = Fmt("diagonal motion: %.1f px sideways vs %.1f px in depth (needs %.1fx)",
                    std::abs(m.lateral_px), std::abs(m.depth_px), dominance);
  } else if (dominant < dominance * m.vertical_px) {
    m.problem = Fmt("mostly vertical motion: %.1f px up/down vs %.1f px", m.vertical_px, dominant);
  } else if (Consistency(lateral ? us : ds) < p.Number("consistency")) {
    m.problem = Fmt("back-and-forth motion: net/path %.2f", Consistency(lateral ? us : ds));
  } else if (lateral) {
    m.value = m.lateral_px < 0.0 ? "left" : "right";
  } else {
    m.value = m.depth_px < 0.0 ? "toward" : "away";
  }
  return m;
}

Outcome ScreenMotionOutcome(const PredicateContext& ctx, int object, const ScreenMotion& m) {
  if (m.value.empty()) return Refuse(m.problem);
  const truth::VideoTruth& t = ctx.truth;
  Answer a;
  a.value = m.value;
  a.evidence.frames = {m.a, m.b};
  a.evidence.Add("centre_x_px", {m.u_a, m.u_b});
  a.evidence.Add("centre_y_px", {m.v_a, m.v_b});
  a.evidence.Add("depth_m", {m.z_a, m.z_b});
  a.evidence.Add("lateral_px", {m.lateral_px});
  a.evidence.Add("depth_px", {m.depth_px});
  a.evidence.Add("vertical_px", {m.vertical_px});
  a.evidence.Add("lateral_m", {m.lateral_m});
  a.evidence.Add("depth_change_m", {m.depth_m});
  a.pixel_speed = m.pixel_speed;
  a.min_visible_fraction = MinVisibleFraction(t, object, {m.a, m.b});
  const std::string name = NameOf(ctx, object);
  const double ta = TimeOf(t, m.a), tb = TimeOf(t, m.b);
  if (m.value == "left" || m.value == "right") {
    a.rationale = Fmt(
        "At %.1f s %s is at x = %.0f px in the image; at %.1f s it is at x = %.0f px, %.0f px "
        "further %s, while its distance from the camera changes by only %.1f m. So it moves %s.",
        ta, name.c_str(), m.u_a, tb, m.u_b, std::abs(m.lateral_px), m.value.c_str(),
        std::abs(m.depth_m), m.value.c_str());
  } else if (m.value == "toward" || m.value == "away") {
    a.rationale =
        Fmt("At %.1f s %s is %.1f m in front of the camera; at %.1f s it is %.1f m away, while it "
            "shifts only %.0f px sideways in the image. So it moves %s the camera.",
            ta, name.c_str(), m.z_a, tb, m.z_b, std::abs(m.lateral_px),
            m.value == "toward" ? "toward" : "away from");
  } else {
    a.rationale = Fmt(
        "From %.1f s to %.1f s %s stays within %.1f px of where it starts in the image and %.1f m "
        "from the camera. So it is not moving.",
        ta, tb, name.c_str(), m.still_px, m.z_a);
  }
  return a;
}

}  // namespace synth4d::qa::internal
