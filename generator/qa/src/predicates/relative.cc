// Relative motion and speed: fastest (which object moves fastest), distance_change (are two
// objects getting closer or farther apart) and reaches_first (which of two objects reaches a
// static landmark first).
#include <algorithm>
#include <cmath>
#include <limits>

#include "../internal_observe.h"
#include "families.h"

namespace synth4d::qa::internal {
namespace {

glm::dvec3 P(const truth::VideoTruth& t, int object, int frame) {
  return t.frames[object][frame].X_WB.p;
}

double MaxHalf(const truth::ObjectInfo& o) {
  return 0.5 * std::max({o.size.x, o.size.y, o.size.z});
}

struct Speed {
  int object = -1;
  double mps = 0.0, pxps = 0.0, path_m = 0.0;
};

// World and on-screen speed of `object` over its visible frames among `vis`.
Speed SpeedOf(const truth::VideoTruth& t, int object, const std::vector<int>& vis) {
  Speed s;
  s.object = object;
  double px = 0.0;
  for (size_t k = 1; k < vis.size(); ++k) {
    s.path_m += glm::length(P(t, object, vis[k]) - P(t, object, vis[k - 1]));
    px +=
        glm::length(*t.frames[object][vis[k]].centre_px - *t.frames[object][vis[k - 1]].centre_px);
  }
  const double dt = TimeOf(t, vis.back()) - TimeOf(t, vis.front());
  s.mps = dt > 0.0 ? s.path_m / dt : 0.0;
  s.pxps = dt > 0.0 ? px / dt : 0.0;
  return s;
}

Outcome Fastest(const PredicateContext& ctx) {
  if (std::string e = StaticCameraProblem(ctx); !e.empty()) return Refuse(e);
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  std::vector<Speed> seen, partial;
  for (int o = 0; o < static_cast<int>(t.objects.size()); ++o) {
    const std::vector<int> vis = VisibleFrames(t, o, ctx.frames, p);
    if (VisibilityProblem(ctx, o, ctx.frames, vis, ctx.shown_end - 1).empty()) {
      seen.push_back(SpeedOf(t, o, vis));
    } else if (vis.size() >= 2) {
      partial.push_back(SpeedOf(t, o, vis));
    }
  }
  if (seen.size() < 2) return Refuse("fewer than 2 objects are clearly visible");
  std::sort(seen.begin(), seen.end(), [](const Speed& a, const Speed& b) {
    return a.mps != b.mps ? a.mps > b.mps : a.object < b.object;
  });
  const Speed& best = seen[0];
  const Speed& second = seen[1];
  const double margin = p.Number("margin");
  if (best.mps < p.Number("min_speed_mps")) return Refuse("nothing moves fast enough");
  if (best.mps < margin * second.mps) {
    return Refuse(Fmt("too close: %.2f m/s vs %.2f m/s", best.mps, second.mps));
  }
  for (const Speed& s : seen) {
    if (s.object != best.object && best.pxps < p.Number("margin_px") * s.pxps) {
      return Refuse("another object moves about as fast on screen");
    }
  }
  for (const Speed& s : partial) {
    if (s.mps * margin > best.mps) return Refuse("a partly visible object moves about as fast");
  }
  Answer a;
  a.value = t.objects[best.object].name;
  a.object = best.object;
  for (size_t i = 1; i < seen.size(); ++i) a.distractor_objects.push_back(seen[i].object);
  a.pixel_speed = best.pxps;
  a.evidence.frames = {ctx.frames.front(), ctx.frames.back()};
  for (const Speed& s : seen) a.evidence.Add(t.objects[s.object].name + "_mps", {s.mps});
  a.rationale =
      Fmt("%s covers %.1f m (%.2f m/s, %.0f px/s on screen), at least %.1f times the "
          "speed of any other object (next: %s at %.2f m/s). So %s moves fastest.",
          Capitalised(NameOf(ctx, best.object)).c_str(), best.path_m, best.mps, best.pxps, margin,
          NameOf(ctx, second.object).c_str(), second.mps, NameOf(ctx, best.object).c_str());
  return a;
}

Outcome DistanceChange(const PredicateContext& ctx) {
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const int o1 = ctx.objects.at(0), o2 = ctx.objects.at(1);
  std::vector<int> both;
  for (int o : {o1, o2}) {
    const std::vector<int> vis = VisibleFrames(t, o, ctx.frames, p);
    if (std::string e = VisibilityProblem(ctx, o, ctx.frames, vis, ctx.shown_end - 1); !e.empty()) {
      return Refuse(e);
    }
  }
  for (int k : ctx.frames) {
    if (IsVisible(t, o1, k, p) && IsVisible(t, o2, k, p)) both.push_back(k);
  }
  if (both.size() < 2) return Refuse("the two objects are rarely visible together");
  std::vector<double> d;
  double moved = 0.0, excursion = 0.0, path = 0.0;
  for (size_t k = 0; k < both.size(); ++k) {
    d.push_back(glm::length(P(t, o1, both[k]) - P(t, o2, both[k])));
    excursion = std::max(excursion, std::abs(d[k] - d[0]));
    if (k > 0) path += std::abs(d[k] - d[k - 1]);
  }
  for (int o : {o1, o2})
    moved = std::max(moved, glm::length(P(t, o, both.back()) - P(t, o, both[0])));
  if (moved < p.Number("min_m")) return Refuse("neither object moves enough");
  const double change = d.back() - d.front();
  const int a_frame = both.front(), b_frame = both.back();
  Answer a;
  if (excursion < p.Number("still_m")) {
    a.value = "same";
  } else if (std::abs(change) >= p.Number("min_m") &&
             std::abs(change) >= p.Number("min_ratio") * d.front() &&
             std::abs(change) >= p.Number("consistency") * path) {
    a.value = change < 0.0 ? "closer" : "apart";
  } else {
    return Refuse(Fmt("unclear: the distance changes %.2f m net, %.2f m in total", change, path));
  }
  const std::string n1 = NameOf(ctx, o1), n2 = NameOf(ctx, o2);
  a.rationale =
      Fmt("At %.1f s %s and %s are %.1f m apart; at %.1f s they are %.1f m apart%s. "
          "So they %s.",
          TimeOf(t, a_frame), n1.c_str(), n2.c_str(), d.front(), TimeOf(t, b_frame), d.back(),
          a.value == "same" ? ", never more than a few cm different" : "",
          a.value == "same"     ? "stay the same distance apart"
          : a.value == "closer" ? "get closer together"
                                : "move farther apart");
  a.evidence.frames = {a_frame, b_frame};
  a.evidence.Add("distance_m", {d.front(), d.back()});
  a.evidence.Add("largest_change_m", {excursion});
  a.min_visible_fraction = std::min(MinVisibleFraction(t, o1, a.evidence.frames),
                                    MinVisibleFraction(t, o2, a.evidence.frames));
  return a;
}

// First frame of `frames` at which `mover` is within reach of `landmark` (or touches it).
int ReachFrame(const PredicateContext& ctx, int mover, int landmark) {
  const truth::VideoTruth& t = ctx.truth;
  const double reach = MaxHalf(t.objects[mover]) + MaxHalf(t.objects[landmark]) +
                       ctx.params.Number("reach_margin_m");
  int first = std::numeric_limits<int>::max();
  for (int k : ctx.frames) {
    if (glm::length(P(t, mover, k) - P(t, landmark, k)) <= reach) {
      first = k;
      break;
    }
  }
  for (const sim::ContactEvent& c : t.contacts) {
    const bool pair =
        (c.body_a == mover && c.body_b == landmark) || (c.body_a == landmark && c.body_b == mover);
    if (!pair) continue;
    for (int k : ctx.frames) {
      if (k >= c.first_frame && k <= c.last_frame) first = std::min(first, k);
    }
  }
  return first;
}

Outcome ReachesFirst(const PredicateContext& ctx) {
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const int m1 = ctx.objects.at(0), m2 = ctx.objects.at(1), landmark = ctx.objects.at(2);
  for (int k = 0; k < ctx.shown_end; ++k) {
    if (glm::length(P(t, landmark, k) - P(t, landmark, 0)) > p.Number("still_m")) {
      return Refuse(NameOf(ctx, landmark) + " moves");
    }
  }
  for (int o : {m1, m2}) {
    const std::vector<int> vis = VisibleFrames(t, o, ctx.frames, p);
    if (std::string e = VisibilityProblem(ctx, o, ctx.frames, vis, ctx.shown_end - 1); !e.empty()) {
      return Refuse(e);
    }
    if (glm::length(P(t, o, vis.back()) - P(t, o, vis.front())) < p.Number("min_m")) {
      return Refuse(NameOf(ctx, o) + " hardly moves");
    }
  }
  const int f1 = ReachFrame(ctx, m1, landmark), f2 = ReachFrame(ctx, m2, landmark);
  constexpr int kNever = std::numeric_limits<int>::max();
  if (f1 == 0 || f2 == 0) return Refuse("an object starts at the landmark");
  Answer a;
  const std::string n1 = NameOf(ctx, m1), n2 = NameOf(ctx, m2), nl = NameOf(ctx, landmark);
  auto reaches = [&](const std::string& who, const std::string& what, int f) {
    return f == kNever ? who + " never reaches " + what
                       : who + " reaches " + what + Fmt(" at %.1f s", TimeOf(t, f));
  };
  a.rationale = reaches(Capitalised(n1), nl, f1) + "; " + reaches(n2, "it", f2) + ".";
  if (f1 == kNever && f2 == kNever) {
    a.value = "neither";
    a.rationale += " So neither reaches it.";
  } else {
    const double gap =
        (f1 == kNever || f2 == kNever) ? 1e9 : std::abs(TimeOf(t, f1) - TimeOf(t, f2));
    if (gap < p.Number("min_gap_s")) return Refuse(Fmt("a near tie: %.2f s apart", gap));
    const int winner = f1 < f2 ? m1 : m2;
    a.value = t.objects[winner].name;
    a.object = winner;
    a.distractor_objects = {winner == m1 ? m2 : m1};
    a.rationale += " So " + NameOf(ctx, winner) + " reaches it first.";
  }
  a.evidence.frames = {ctx.frames.front(), ctx.frames.back()};
  a.evidence.Add("reach_s",
                 {f1 == kNever ? -1.0 : TimeOf(t, f1), f2 == kNever ? -1.0 : TimeOf(t, f2)});
  if (a.object < 0) a.distractor_objects = {m1, m2};
  return a;
}

}  // namespace

void AddRelativePredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo fastest;
  fastest.name = "fastest";
  fastest.doc = "which visible object moves fastest (in metres and on screen)";
  fastest.arity = 0;
  fastest.kind = AnswerKind::kObject;
  fastest.params = VisibilityConditions();
  fastest.params.push_back(
      FlagCondition("require_static_camera", true, "ask only when the camera does not move"));
  fastest.params.push_back(Condition("margin", 1.5, 1.0, 100.0,
                                     "the fastest is this many times faster than the next (m/s)"));
  fastest.params.push_back(Condition("margin_px", 1.2, 1.0, 100.0,
                                     "and faster than every other on screen by this factor"));
  fastest.params.push_back(Condition("min_speed_mps", 0.3, 0.0, 100.0, "speed of the fastest"));
  fastest.fn = Fastest;
  out.push_back(std::move(fastest));

  PredicateInfo dist;
  dist.name = "distance_change";
  dist.doc = "whether two objects get closer, move apart or keep their distance";
  dist.arity = 2;
  dist.unordered = true;
  dist.values = {"closer", "apart", "same"};
  dist.params = VisibilityConditions();
  dist.params.push_back(Condition("min_m", 0.5, 0.0, 100.0, "distance change (and travel) needed"));
  dist.params.push_back(
      Condition("min_ratio", 0.2, 0.0, 10.0, "distance change / initial distance"));
  dist.params.push_back(
      Condition("still_m", 0.1, 0.0, 10.0, "largest change of a constant distance"));
  dist.params.push_back(Condition("consistency", 0.8, 0.0, 1.0, "net / path of the distance"));
  dist.fn = DistanceChange;
  out.push_back(std::move(dist));

  PredicateInfo reach;
  reach.name = "reaches_first";
  reach.doc = "which of two moving objects reaches a static landmark first";
  reach.arity = 3;
  reach.unordered = true;
  reach.kind = AnswerKind::kObject;
  reach.values = {"neither"};
  reach.params = VisibilityConditions();
  reach.params.push_back(
      Condition("reach_margin_m", 0.15, 0.0, 10.0,
                "gap between bounding boxes (largest half extents) that counts as "
                "reaching"));
  reach.params.push_back(Condition("min_gap_s", 0.5, 0.0, 60.0, "time between the two arrivals"));
  reach.params.push_back(Condition("min_m", 0.5, 0.0, 100.0, "travel of each mover"));
  reach.params.push_back(
      Condition("still_m", 0.05, 0.0, 10.0, "the landmark moves less than this"));
  reach.fn = ReachesFirst;
  out.push_back(std::move(reach));
}

}  // namespace synth4d::qa::internal
