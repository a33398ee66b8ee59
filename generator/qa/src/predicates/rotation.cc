// Rotation: rotation_sense (clockwise / counter-clockwise / still, seen from above or from the
// camera) and spinning (yes / no). A rotation counts only where it can be seen: its visual period
// (the angle after which the object looks the same) must be non-zero, and each step between
// consecutive seen frames must stay under max_step_fraction of that period (no wagon-wheel
// aliasing).
#include <cmath>
#include <numbers>

#include "../internal_observe.h"
#include "families.h"

namespace synth4d::qa::internal {
namespace {

constexpr double kPi = std::numbers::pi;

bool Aligned(const glm::dvec3& axis_B, int k) { return std::abs(axis_B[k]) >= std::cos(Rad(10.0)); }

bool Close(double a, double b) { return std::abs(a - b) <= 0.02 * std::max(a, b); }

// The smallest rotation about body axis `axis_B` after which the object looks the same; 0 when a
// rotation about it cannot be seen at all (a plain surface of revolution about its axis).
double VisualPeriod(const truth::ObjectInfo& o, const glm::dvec3& axis_B, const Params& p) {
  const bool patterned = p.Flag("patterned_primitives");
  const double stripes = 2.0 * kPi / p.Number("stripe_pairs");
  const glm::dvec3& s = o.size;
  if (o.shape == "box") {
    for (int k = 0; k < 3; ++k) {
      if (Aligned(axis_B, k)) return Close(s[(k + 1) % 3], s[(k + 2) % 3]) ? kPi / 2 : kPi;
    }
    return Close(s.x, s.y) && Close(s.y, s.z) ? 2.0 * kPi / 3.0 : kPi;
  }
  if (o.shape == "sphere") {
    if (!patterned) return 0.0;
    return Aligned(axis_B, 2) ? stripes : kPi;
  }
  if (o.shape == "cylinder" || o.shape == "capsule" || o.shape == "cone") {
    if (Aligned(axis_B, 2)) return patterned ? stripes : 0.0;
    return o.shape == "cone" ? 2.0 * kPi : kPi;
  }
  return 2.0 * kPi;
}

struct Spin {
  std::string problem;
  double signed_rad = 0.0;    // about the observer's line of sight, + = counter-clockwise
  double path_rad = 0.0;      // sum of |signed steps|
  double total_rad = 0.0;     // sum of |apparent steps| about any axis
  double max_axis_rad = 0.0;  // largest angle between a step's axis and the line of sight
  double min_period_rad = 2.0 * kPi;
  int a = -1, b = -1;
};

// The apparent rotation of `object` between consecutive visible frames, seen along `observer`
// ("above": looking down -Z; "camera": along the camera's optical axis; "" = any axis).
Spin MeasureSpin(const PredicateContext& ctx, int object, const std::string& observer) {
  Spin s;
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const std::vector<int> vis = VisibleFrames(t, object, ctx.frames, p);
  s.problem = VisibilityProblem(ctx, object, ctx.frames, vis, ctx.shown_end - 1);
  if (!s.problem.empty()) return s;
  s.a = vis.front();
  s.b = vis.back();
  const truth::ObjectInfo& info = t.objects[object];
  const double still = Rad(p.Number("still_angle_deg"));
  const double max_axis = observer.empty() ? 0.0 : Rad(p.Number("max_axis_angle_deg"));
  double invisible = 0.0;
  for (size_t k = 1; k < vis.size(); ++k) {
    const glm::dquat& qa = t.frames[object][vis[k - 1]].X_WB.q;
    const glm::dquat& qb = t.frames[object][vis[k]].X_WB.q;
    glm::dvec3 axis;
    double angle = 0.0;
    RelativeRotation(qa, qb, &axis, &angle);
    if (angle < 1e-9) continue;
    const double period = VisualPeriod(info, glm::conjugate(qa) * axis, p);
    if (period == 0.0) {
      invisible += angle;
      continue;
    }
    s.min_period_rad = std::min(s.min_period_rad, period);
    const double apparent = angle - period * std::round(angle / period);
    if (std::abs(apparent) > p.Number("max_step_fraction") * period) {
      s.problem =
          Fmt("too fast to read between frames %d and %d: %.0f deg per step, and %s looks "
              "the same every %.0f deg",
              vis[k - 1], vis[k], Deg(angle), NameOf(ctx, object).c_str(), Deg(period));
      return s;
    }
    s.total_rad += std::abs(apparent);
    if (observer.empty()) continue;
    const glm::dvec3 toward_viewer =
        observer == "above" ? glm::dvec3(0, 0, 1) : -(t.X_WC[vis[k - 1]].q * glm::dvec3(0, 0, 1));
    const double c = glm::dot(axis, toward_viewer);
    if (std::abs(apparent) > Rad(0.5)) {
      const double off = std::acos(std::min(1.0, std::abs(c)));
      s.max_axis_rad = std::max(s.max_axis_rad, off);
      if (off > max_axis) {
        s.problem = Fmt("the rotation axis is %.0f deg from the %s line of sight (max %.0f)",
                        Deg(off), observer == "above" ? "vertical" : "camera's", Deg(max_axis));
        return s;
      }
    }
    s.signed_rad += c >= 0.0 ? apparent : -apparent;
    s.path_rad += std::abs(apparent);
  }
  if (invisible > still) {
    s.problem = Fmt("%s turns %.0f deg about its symmetry axis, which cannot be seen",
                    NameOf(ctx, object).c_str(), Deg(invisible));
  }
  return s;
}

Outcome RotationSense(const PredicateContext& ctx) {
  if (std::string problem = StaticCameraProblem(ctx); !problem.empty()) return Refuse(problem);
  const int object = ctx.objects.at(0);
  const Params& p = ctx.params;
  const std::string& observer = p.Word("observer");
  const truth::VideoTruth& t = ctx.truth;
  const Spin s = MeasureSpin(ctx, object, observer);
  if (!s.problem.empty()) return Refuse(s.problem);
  if (observer == "above" && t.X_WC[s.a].p.z <= t.frames[object][s.a].X_WB.p.z) {
    return Refuse("the camera is not above the object, so 'seen from above' is hard to judge");
  }
  Answer a;
  const double net = std::abs(s.signed_rad);
  const std::string who = observer == "above" ? "seen from above" : "seen from the camera";
  const std::string name = NameOf(ctx, object);
  if (s.total_rad < Rad(p.Number("still_angle_deg"))) {
    a.value = "still";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s turns by only %.1f deg in total. So it is not "
            "rotating.",
            TimeOf(t, s.a), TimeOf(t, s.b), name.c_str(), Deg(s.total_rad));
  } else if (net >= Rad(p.Number("min_angle_deg")) && net >= p.Number("consistency") * s.path_rad) {
    a.value = s.signed_rad > 0.0 ? "counter_clockwise" : "clockwise";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s turns %.0f deg about an axis within %.0f deg of "
            "the line of sight %s, in the %s sense. So, %s, it rotates %s.",
            TimeOf(t, s.a), TimeOf(t, s.b), name.c_str(), Deg(net), Deg(s.max_axis_rad),
            who.c_str(), s.signed_rad > 0.0 ? "counter-clockwise" : "clockwise", who.c_str(),
            s.signed_rad > 0.0 ? "counter-clockwise" : "clockwise");
  } else {
    return Refuse(
        Fmt("unclear rotation: net %.0f deg of %.0f deg turned (needs %.0f deg, "
            "consistency %.2f)",
            Deg(net), Deg(s.path_rad), p.Number("min_angle_deg"), p.Number("consistency")));
  }
  a.evidence.frames = {s.a, s.b};
  a.evidence.Add("signed_angle_deg", {Deg(s.signed_rad)});
  a.evidence.Add("turned_deg", {Deg(s.total_rad)});
  a.evidence.Add("axis_to_line_of_sight_deg", {Deg(s.max_axis_rad)});
  a.evidence.Add("visual_period_deg", {Deg(s.min_period_rad)});
  a.evidence.AddWord("observer", observer);
  a.min_visible_fraction = MinVisibleFraction(t, object, {s.a, s.b});
  return a;
}

Outcome Spinning(const PredicateContext& ctx) {
  const int object = ctx.objects.at(0);
  const Params& p = ctx.params;
  const truth::VideoTruth& t = ctx.truth;
  const Spin s = MeasureSpin(ctx, object, "");
  if (!s.problem.empty()) return Refuse(s.problem);
  Answer a;
  const std::string name = NameOf(ctx, object);
  if (s.total_rad < Rad(p.Number("still_angle_deg"))) {
    a.value = "no";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s turns by only %.1f deg in total. So it is not "
            "spinning.",
            TimeOf(t, s.a), TimeOf(t, s.b), name.c_str(), Deg(s.total_rad));
  } else if (s.total_rad >= Rad(p.Number("min_angle_deg"))) {
    a.value = "yes";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s turns %.0f deg in a way that can be seen. So it "
            "is spinning.",
            TimeOf(t, s.a), TimeOf(t, s.b), name.c_str(), Deg(s.total_rad));
  } else {
    return Refuse(Fmt("unclear spin: %.0f deg turned (needs %.0f deg or under %.0f deg)",
                      Deg(s.total_rad), p.Number("min_angle_deg"), p.Number("still_angle_deg")));
  }
  a.evidence.frames = {s.a, s.b};
  a.evidence.Add("turned_deg", {Deg(s.total_rad)});
  a.evidence.Add("visual_period_deg", {Deg(s.min_period_rad)});
  a.min_visible_fraction = MinVisibleFraction(t, object, {s.a, s.b});
  return a;
}

std::vector<ParamSpec> RotationParams() {
  std::vector<ParamSpec> c = VisibilityConditions();
  c.push_back(FlagCondition("patterned_primitives", true,
                            "spheres, cylinders, cones and capsules carry stripes (the renderer "
                            "draws them), so their spin about their own axis is visible"));
  c.push_back(Condition("stripe_pairs", 8.0, 1.0, 64.0,
                        "stripe pairs around a primitive's axis (renderer shade.frag kStripes)"));
  c.push_back(Condition("min_angle_deg", 45.0, 0.0, 1e5, "net rotation needed for a sense"));
  c.push_back(Condition("still_angle_deg", 3.0, 0.0, 90.0, "total rotation of a still object"));
  c.push_back(Condition("max_step_fraction", 0.4, 0.05, 0.5,
                        "largest step between seen frames, as a share of the visual period"));
  return c;
}

}  // namespace

void AddRotationPredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo sense;
  sense.name = "rotation_sense";
  sense.doc = "sense of an object's rotation about the observer's line of sight";
  sense.arity = 1;
  sense.values = {"clockwise", "counter_clockwise", "still"};
  sense.params = RotationParams();
  sense.params.push_back(WordParam("observer", "above", {"above", "camera"},
                                   "seen from above (looking down -Z) or from the camera"));
  sense.params.push_back(
      Condition("max_axis_angle_deg", 30.0, 0.0, 89.0,
                "largest angle between the rotation axis and the line of sight"));
  sense.params.push_back(Condition("consistency", 0.8, 0.0, 1.0, "net / path of the rotation"));
  sense.params.push_back(
      FlagCondition("require_static_camera", false, "ask only when the camera does not move"));
  sense.fn = RotationSense;
  out.push_back(std::move(sense));

  PredicateInfo spin;
  spin.name = "spinning";
  spin.doc = "whether an object visibly rotates";
  spin.arity = 1;
  spin.values = {"yes", "no"};
  spin.params = RotationParams();
  spin.fn = Spinning;
  out.push_back(std::move(spin));
}

}  // namespace synth4d::qa::internal
