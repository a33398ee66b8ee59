// Motion continuity and prediction: direction_change (does it reverse?), predict_next (where will
// it be next if it keeps moving, from the last second on screen) and next_motion (what happens in
// the held-back end of the clip: continues, stops or reverses).
#include <algorithm>
#include <cmath>

#include "../internal_observe.h"
#include "families.h"
#include "internal_screen_motion.h"

namespace synth4d::qa::internal {
namespace {

glm::dvec3 P(const PredicateContext& ctx, int object, int frame) {
  return ctx.truth.frames[object][frame].X_WB.p;
}

double PathLength(const PredicateContext& ctx, int object, const std::vector<int>& f, size_t from,
                  size_t to) {
  double path = 0.0;
  for (size_t k = from + 1; k <= to; ++k)
    path += glm::length(P(ctx, object, f[k]) - P(ctx, object, f[k - 1]));
  return path;
}

double AngleBetween(const glm::dvec3& a, const glm::dvec3& b) {
  const double la = glm::length(a), lb = glm::length(b);
  if (la == 0.0 || lb == 0.0) return 0.0;
  return std::acos(std::clamp(glm::dot(a, b) / (la * lb), -1.0, 1.0));
}

Outcome DirectionChange(const PredicateContext& ctx) {
  if (std::string e = StaticCameraProblem(ctx); !e.empty()) return Refuse(e);
  const int object = ctx.objects.at(0);
  const Params& p = ctx.params;
  const truth::VideoTruth& t = ctx.truth;
  const std::vector<int> vis = VisibleFrames(t, object, ctx.frames, p);
  if (std::string e = VisibilityProblem(ctx, object, ctx.frames, vis, ctx.shown_end - 1);
      !e.empty()) {
    return Refuse(e);
  }
  const double min_m = p.Number("min_m");
  const double straight = p.Number("straightness");
  const size_t last = vis.size() - 1;
  size_t turn = 0;
  for (size_t k = 1; k <= last; ++k) {
    if (glm::length(P(ctx, object, vis[k]) - P(ctx, object, vis[0])) >
        glm::length(P(ctx, object, vis[turn]) - P(ctx, object, vis[0]))) {
      turn = k;
    }
  }
  const glm::dvec3 leg1 = P(ctx, object, vis[turn]) - P(ctx, object, vis[0]);
  const glm::dvec3 leg2 = P(ctx, object, vis[last]) - P(ctx, object, vis[turn]);
  const double path1 = PathLength(ctx, object, vis, 0, turn);
  const double path2 = PathLength(ctx, object, vis, turn, last);
  const double net = glm::length(P(ctx, object, vis[last]) - P(ctx, object, vis[0]));
  const double angle = AngleBetween(leg1, leg2);
  const std::string name = NameOf(ctx, object);
  Answer a;
  if (glm::length(leg1) >= min_m && glm::length(leg2) >= min_m &&
      angle >= Rad(p.Number("reversal_angle_deg")) && glm::length(leg1) >= straight * path1 &&
      glm::length(leg2) >= straight * path2) {
    a.value = "yes";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s moves %.1f m one way; from %.1f s to %.1f s it "
            "moves %.1f m back (the two legs are %.0f deg apart). So it changes "
            "direction.",
            TimeOf(t, vis[0]), TimeOf(t, vis[turn]), name.c_str(), glm::length(leg1),
            TimeOf(t, vis[turn]), TimeOf(t, vis[last]), glm::length(leg2), Deg(angle));
  } else if (net >= 2.0 * min_m && net >= straight * (path1 + path2)) {
    a.value = "no";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s travels %.1f m along a nearly straight line "
            "(%.1f m from start to end) without turning back. So it does not change "
            "direction.",
            TimeOf(t, vis[0]), TimeOf(t, vis[last]), name.c_str(), path1 + path2, net);
  } else {
    return Refuse(
        Fmt("neither a clean reversal nor a straight path: legs %.2f m and %.2f m, "
            "%.0f deg apart, net %.2f m of %.2f m",
            glm::length(leg1), glm::length(leg2), Deg(angle), net, path1 + path2));
  }
  a.evidence.frames = {vis[0], vis[turn], vis[last]};
  a.evidence.Add("leg_m", {glm::length(leg1), glm::length(leg2)});
  a.evidence.Add("leg_angle_deg", {Deg(angle)});
  a.evidence.Add("path_m", {path1 + path2});
  a.min_visible_fraction = MinVisibleFraction(t, object, a.evidence.frames);
  return a;
}

Outcome PredictNext(const PredicateContext& ctx) {
  if (std::string e = StaticCameraProblem(ctx); !e.empty()) return Refuse(e);
  const int object = ctx.objects.at(0);
  const double window = ctx.params.Number("window_s") * ctx.truth.clip.fps;
  std::vector<int> frames;
  for (int k : ctx.frames) {
    if (k >= ctx.shown_end - 1 - window - 1e-9) frames.push_back(k);
  }
  const ScreenMotion m = MeasureScreenMotion(ctx, object, frames, window);
  Outcome out = ScreenMotionOutcome(ctx, object, m);
  if (Answer* a = std::get_if<Answer>(&out)) {
    static const std::pair<const char*, const char*> kNext[] = {{"left", "further to the left"},
                                                                {"right", "further to the right"},
                                                                {"toward", "closer to the camera"},
                                                                {"away", "farther from the camera"},
                                                                {"still", "where it is now"}};
    const char* next = "";
    for (const auto& [value, text] : kNext) {
      if (a->value == value) next = text;
    }
    a->rationale =
        Fmt("In the last %.1f s of the video: %s If it keeps moving like this, it "
            "will be %s.",
            ctx.params.Number("window_s"), a->rationale.c_str(), next);
  }
  return out;
}

Outcome NextMotion(const PredicateContext& ctx) {
  if (std::string e = StaticCameraProblem(ctx); !e.empty()) return Refuse(e);
  const int object = ctx.objects.at(0);
  const Params& p = ctx.params;
  const truth::VideoTruth& t = ctx.truth;
  const int cut = ctx.shown_end;
  const double window = p.Number("window_s") * t.clip.fps;
  std::vector<int> frames;
  for (int k : ctx.frames) {
    if (k >= cut - 1 - window - 1e-9) frames.push_back(k);
  }
  const std::vector<int> vis = VisibleFrames(t, object, frames, p);
  if (std::string e = VisibilityProblem(ctx, object, frames, vis, window); !e.empty()) {
    return Refuse(e);
  }
  const int a = vis.front(), b = vis.back();
  const glm::dvec3 before = P(ctx, object, b) - P(ctx, object, a);
  const double dt_before = TimeOf(t, b) - TimeOf(t, a);
  const double speed = glm::length(before) / dt_before;
  if (speed < p.Number("min_speed_mps")) {
    return Refuse(Fmt("it moves only %.2f m/s before the cut", speed));
  }
  const int end = t.clip.num_frames - 1;
  const glm::dvec3 after = P(ctx, object, end) - P(ctx, object, b);
  const double held = TimeOf(t, end) - TimeOf(t, b);
  const double end_speed = glm::length(t.frames[object][end].v_W);
  double after_path = 0.0;
  for (int k = b + 1; k <= end; ++k)
    after_path += glm::length(P(ctx, object, k) - P(ctx, object, k - 1));
  const double angle = AngleBetween(before, after);
  const std::string name = NameOf(ctx, object);
  Answer ans;
  if (end_speed < 0.1 * speed && after_path < 0.25 * speed * held) {
    ans.value = "stops";
    ans.rationale =
        Fmt("Before %.1f s %s moves at %.1f m/s; in the held-back %.1f s it travels "
            "only %.2f m and ends at rest. So it stops.",
            TimeOf(t, cut), name.c_str(), speed, held, after_path);
  } else if (angle <= Rad(p.Number("continue_angle_deg")) &&
             glm::length(after) >= 0.5 * speed * held &&
             glm::length(after) >= p.Number("straightness") * after_path) {
    ans.value = "continues";
    ans.rationale =
        Fmt("Before %.1f s %s moves at %.1f m/s; in the held-back %.1f s it goes on "
            "%.1f m within %.0f deg of that direction. So it keeps going the same way.",
            TimeOf(t, cut), name.c_str(), speed, held, glm::length(after), Deg(angle));
  } else if (angle >= Rad(p.Number("reversal_angle_deg")) &&
             glm::length(after) >= p.Number("min_m")) {
    ans.value = "reverses";
    ans.rationale =
        Fmt("Before %.1f s %s moves at %.1f m/s; in the held-back %.1f s it ends "
            "%.1f m back the way it came (%.0f deg from its direction). So it turns "
            "back.",
            TimeOf(t, cut), name.c_str(), speed, held, glm::length(after), Deg(angle));
  } else {
    return Refuse(Fmt("unclear continuation: %.2f m after the cut, %.0f deg from the motion before",
                      glm::length(after), Deg(angle)));
  }
  ans.evidence.frames = {a, b, end};
  ans.evidence.Add("speed_before_mps", {speed});
  ans.evidence.Add("after_m", {glm::length(after)});
  ans.evidence.Add("after_path_m", {after_path});
  ans.evidence.Add("turn_deg", {Deg(angle)});
  ans.evidence.Add("end_speed_mps", {end_speed});
  ans.min_visible_fraction = MinVisibleFraction(t, object, {a, b});
  return ans;
}

}  // namespace

void AddContinuityPredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo change;
  change.name = "direction_change";
  change.doc = "whether an object reverses its direction of travel";
  change.arity = 1;
  change.values = {"yes", "no"};
  change.params = VisibilityConditions();
  change.params.push_back(
      FlagCondition("require_static_camera", true, "ask only when the camera does not move"));
  change.params.push_back(Condition("min_m", 0.5, 0.0, 100.0, "length of each leg (m)"));
  change.params.push_back(
      Condition("reversal_angle_deg", 150.0, 90.0, 180.0, "angle between the legs of a reversal"));
  change.params.push_back(
      Condition("straightness", 0.9, 0.0, 1.0, "chord / path of each leg (no curves or zigzags)"));
  change.fn = DirectionChange;
  out.push_back(std::move(change));

  PredicateInfo next;
  next.name = "predict_next";
  next.doc = "where an object will be next if it keeps moving (its last second on screen)";
  next.arity = 1;
  next.values = {"left", "right", "toward", "away", "still"};
  next.params = ScreenMotionConditions();
  next.params.push_back(NumberParam("window_s", 1.0, 0.1, 60.0,
                                    "the end of the shown clip whose motion is extrapolated"));
  next.fn = PredictNext;
  out.push_back(std::move(next));

  PredicateInfo held;
  held.name = "next_motion";
  held.doc = "what an object does in the held-back end of the clip";
  held.arity = 1;
  held.values = {"continues", "stops", "reverses"};
  held.hold_back = true;
  held.params = VisibilityConditions();
  held.params.push_back(
      FlagCondition("require_static_camera", true, "ask only when the camera does not move"));
  held.params.push_back(NumberParam("window_s", 1.0, 0.1, 60.0, "motion before the cut"));
  held.params.push_back(Condition("min_speed_mps", 0.3, 0.0, 100.0, "speed before the cut"));
  held.params.push_back(Condition("min_m", 0.3, 0.0, 100.0, "travel back of a reversal (m)"));
  held.params.push_back(
      Condition("continue_angle_deg", 30.0, 0.0, 90.0, "largest turn of a continuing object"));
  held.params.push_back(
      Condition("reversal_angle_deg", 150.0, 90.0, 180.0, "smallest turn of a reversing object"));
  held.params.push_back(Condition("straightness", 0.9, 0.0, 1.0, "chord / path after the cut"));
  held.fn = NextMotion;
  out.push_back(std::move(held));
}

}  // namespace synth4d::qa::internal
