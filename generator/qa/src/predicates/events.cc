// Events: first_hit (which object does it hit first, from the simulator's contacts) and falls_off
// (does an object resting on another at the start end up beside and below it).
#include <algorithm>
#include <cmath>

#include "../internal_observe.h"
#include "families.h"

namespace synth4d::qa::internal {
namespace {

glm::dvec3 P(const truth::VideoTruth& t, int object, int frame) {
  return t.frames[object][frame].X_WB.p;
}

// Half height along world Z of the object's oriented box.
double HalfHeight(const truth::VideoTruth& t, int object, int frame) {
  const glm::dmat3 R = glm::mat3_cast(t.frames[object][frame].X_WB.q);
  const glm::dvec3& s = t.objects[object].size;
  return 0.5 * (std::abs(R[0].z) * s.x + std::abs(R[1].z) * s.y + std::abs(R[2].z) * s.z);
}

// Whether the world point's ground projection lies over the footprint of `object`'s box.
bool OverFootprint(const truth::VideoTruth& t, int object, int frame, const glm::dvec3& p_W) {
  const core::Pose& X = t.frames[object][frame].X_WB;
  const glm::dvec3 p_B = glm::conjugate(X.q) * (glm::dvec3(p_W.x, p_W.y, X.p.z) - X.p);
  const glm::dvec3& s = t.objects[object].size;
  return std::abs(p_B.x) <= 0.5 * s.x && std::abs(p_B.y) <= 0.5 * s.y;
}

Outcome FirstHit(const PredicateContext& ctx) {
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const int s = ctx.objects.at(0);
  const std::vector<int> vis = VisibleFrames(t, s, ctx.frames, p);
  if (std::string e = VisibilityProblem(ctx, s, ctx.frames, vis, ctx.shown_end - 1); !e.empty()) {
    return Refuse(e);
  }
  const int w = static_cast<int>(std::lround(p.Number("event_window_s") * t.clip.fps));
  const sim::ContactEvent* first = nullptr;
  int other = -1;
  for (const sim::ContactEvent& c : t.contacts) {
    if (c.first_frame >= ctx.shown_end || (c.body_a != s && c.body_b != s)) continue;
    const int o = c.body_a == s ? c.body_b : c.body_a;
    if (o < 0) continue;  // the ground
    const bool seen = std::any_of(ctx.frames.begin(), ctx.frames.end(), [&](int k) {
      return k >= c.first_frame - w && k <= c.last_frame + w;
    });
    if (!seen) continue;
    if (first && c.first_frame == first->first_frame && o != other) {
      return Refuse("it touches two objects at once");
    }
    if (!first) {
      first = &c;
      other = o;
    }
  }
  const std::string name = NameOf(ctx, s);
  Answer a;
  a.evidence.frames = {vis.front(), vis.back()};
  if (!first) {
    const double travel = glm::length(P(t, s, vis.back()) - P(t, s, vis.front()));
    if (travel < p.Number("min_m")) return Refuse(Fmt("it moves only %.2f m", travel));
    a.value = "nothing";
    a.rationale =
        Fmt("%s travels %.1f m and touches no other object (only the ground, if "
            "anything). So it does not hit anything.",
            Capitalised(name).c_str(), travel);
  } else {
    const int approach = std::max(0, first->first_frame - static_cast<int>(0.5 * t.clip.fps));
    const double moved = glm::length(P(t, s, first->first_frame) - P(t, s, approach));
    if (moved < p.Number("min_approach_m")) {
      return Refuse(
          Fmt("%s is hit rather than hitting (it moved %.2f m before)", name.c_str(), moved));
    }
    a.value = t.objects[other].name;
    a.object = other;
    a.evidence.frames = {first->first_frame, first->last_frame};
    a.rationale =
        Fmt("At %.1f s %s first touches %s, before touching any other object. So it "
            "hits %s first.",
            TimeOf(t, first->first_frame), name.c_str(), NameOf(ctx, other).c_str(),
            NameOf(ctx, other).c_str());
  }
  for (int o = 0; o < static_cast<int>(t.objects.size()); ++o) {
    if (o != s && o != a.object) a.distractor_objects.push_back(o);
  }
  a.min_visible_fraction = MinVisibleFraction(t, s, {vis.front(), vis.back()});
  return a;
}

Outcome FallsOff(const PredicateContext& ctx) {
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const int s = ctx.objects.at(0);
  const std::vector<int> vis = VisibleFrames(t, s, ctx.frames, p);
  if (std::string e = VisibilityProblem(ctx, s, ctx.frames, vis, ctx.shown_end - 1); !e.empty()) {
    return Refuse(e);
  }
  const int a_frame = ctx.frames.front(), b_frame = ctx.frames.back();
  const double tol = p.Number("on_tolerance_m");
  const double bottom_a = P(t, s, a_frame).z - HalfHeight(t, s, a_frame);
  int platform = -1;
  double top = 0.0;
  for (int o = 0; o < static_cast<int>(t.objects.size()); ++o) {
    if (o == s) continue;
    const double o_top = P(t, o, a_frame).z + HalfHeight(t, o, a_frame);
    if (std::abs(bottom_a - o_top) <= tol && OverFootprint(t, o, a_frame, P(t, s, a_frame))) {
      platform = o;
      top = o_top;
    }
  }
  if (platform < 0) return Refuse("it does not start on another object");
  if (glm::length(P(t, s, b_frame) - P(t, s, a_frame)) < p.Number("min_m")) {
    return Refuse("it hardly moves");
  }
  const double top_b = P(t, platform, b_frame).z + HalfHeight(t, platform, b_frame);
  const double bottom_b = P(t, s, b_frame).z - HalfHeight(t, s, b_frame);
  const bool over = OverFootprint(t, platform, b_frame, P(t, s, b_frame));
  const std::string name = NameOf(ctx, s), pname = NameOf(ctx, platform);
  Answer a;
  if (!over && bottom_b < top_b - std::max(tol, HalfHeight(t, s, b_frame))) {
    a.value = "yes";
    a.rationale =
        Fmt("At %.1f s %s rests on %s (top at %.2f m); at %.1f s its bottom is at %.2f "
            "m, beside and below it. So it falls off.",
            TimeOf(t, a_frame), name.c_str(), pname.c_str(), top, TimeOf(t, b_frame), bottom_b);
  } else if (over && std::abs(bottom_b - top_b) <= tol) {
    a.value = "no";
    a.rationale =
        Fmt("At %.1f s %s rests on %s; at %.1f s it is still on top of it (bottom at "
            "%.2f m, top at %.2f m). So it does not fall off.",
            TimeOf(t, a_frame), name.c_str(), pname.c_str(), TimeOf(t, b_frame), bottom_b, top_b);
  } else {
    return Refuse("it is neither on the platform nor clearly down beside it at the end");
  }
  a.slots = {{"platform", platform}};
  a.evidence.frames = {a_frame, b_frame};
  a.evidence.Add("bottom_m", {bottom_a, bottom_b});
  a.evidence.Add("platform_top_m", {top, top_b});
  a.evidence.AddWord("platform", t.objects[platform].name);
  a.min_visible_fraction = MinVisibleFraction(t, s, {a_frame, b_frame});
  return a;
}

}  // namespace

void AddEventPredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo hit;
  hit.name = "first_hit";
  hit.doc = "the first object a moving object touches (simulator contacts, ground excluded)";
  hit.arity = 1;
  hit.kind = AnswerKind::kObject;
  hit.values = {"nothing"};
  hit.params = VisibilityConditions();
  hit.params.push_back(Condition("event_window_s", 0.15, 0.0, 10.0,
                                 "a contact is seen if a seen frame is this close to it"));
  hit.params.push_back(
      Condition("min_m", 0.5, 0.0, 100.0, "travel of an object that hits nothing"));
  hit.params.push_back(Condition("min_approach_m", 0.1, 0.0, 100.0,
                                 "travel in the 0.5 s before the contact (it hits, not is hit)"));
  hit.fn = FirstHit;
  out.push_back(std::move(hit));

  PredicateInfo fall;
  fall.name = "falls_off";
  fall.doc = "whether an object that starts on another one falls off it";
  fall.arity = 1;
  fall.values = {"yes", "no"};
  fall.slots = {"platform"};
  fall.params = VisibilityConditions();
  fall.params.push_back(Condition("on_tolerance_m", 0.05, 0.0, 1.0,
                                  "gap between bottom and platform top that counts as resting"));
  fall.params.push_back(Condition("min_m", 0.2, 0.0, 100.0, "travel needed (it must move)"));
  fall.fn = FallsOff;
  out.push_back(std::move(fall));
}

}  // namespace synth4d::qa::internal
