// The object's own frame (objects with a `front`): own_turn (its left / its right / straight on)
// and own_direction (forwards / backwards / still). The object's up is body +Z; its left is its
// front turned +90 deg about that up (docs/conventions.md).
#include <algorithm>
#include <cmath>

#include "../internal_observe.h"
#include "families.h"

namespace synth4d::qa::internal {
namespace {

// "" when `object` has a horizontal front and stands upright at every frame of `frames`.
std::string OwnFrameProblem(const PredicateContext& ctx, int object,
                            const std::vector<int>& frames) {
  const truth::ObjectInfo& info = ctx.truth.objects[object];
  if (!info.front) return NameOf(ctx, object) + " has no front";
  for (int k : frames) {
    const glm::dquat& q = ctx.truth.frames[object][k].X_WB.q;
    if ((q * glm::dvec3(0, 0, 1)).z < std::cos(Rad(30.0))) {
      return Fmt("%s is not upright at frame %d", NameOf(ctx, object).c_str(), k);
    }
    const glm::dvec3 f = q * *info.front;
    if (std::hypot(f.x, f.y) < 0.7) return "its front is not horizontal";
  }
  return "";
}

double FrontHeading(const PredicateContext& ctx, int object, int frame) {
  const glm::dvec3 f = ctx.truth.frames[object][frame].X_WB.q * *ctx.truth.objects[object].front;
  return std::atan2(f.y, f.x);
}

double Travel(const PredicateContext& ctx, int object, const std::vector<int>& frames) {
  double path = 0.0;
  for (size_t k = 1; k < frames.size(); ++k) {
    path += glm::length(ctx.truth.frames[object][frames[k]].X_WB.p -
                        ctx.truth.frames[object][frames[k - 1]].X_WB.p);
  }
  return path;
}

// "" when `object` is visible enough over the shown frames (`vis`: those it is seen in) and
// its own frame is defined on them; else why not.
std::string ReadableInOwnFrame(const PredicateContext& ctx, int object,
                               const std::vector<int>& vis) {
  std::string e = VisibilityProblem(ctx, object, ctx.frames, vis, ctx.shown_end - 1);
  return e.empty() ? OwnFrameProblem(ctx, object, vis) : e;
}

Outcome OwnTurn(const PredicateContext& ctx) {
  const int object = ctx.objects.at(0);
  const Params& p = ctx.params;
  const truth::VideoTruth& t = ctx.truth;
  const std::vector<int> vis = VisibleFrames(t, object, ctx.frames, p);
  if (std::string e = ReadableInOwnFrame(ctx, object, vis); !e.empty()) return Refuse(e);
  double turn = 0.0, path = 0.0;
  for (size_t k = 1; k < vis.size(); ++k) {
    const double step =
        WrapAngle(FrontHeading(ctx, object, vis[k]) - FrontHeading(ctx, object, vis[k - 1]));
    if (std::abs(step) > Rad(p.Number("max_step_deg"))) {
      return Refuse(Fmt("its heading jumps %.0f deg between seen frames", Deg(std::abs(step))));
    }
    turn += step;
    path += std::abs(step);
  }
  const double travel = Travel(ctx, object, vis);
  if (travel < p.Number("min_m")) {
    return Refuse(Fmt("it travels only %.2f m (needs %.2f m)", travel, p.Number("min_m")));
  }
  const std::string name = NameOf(ctx, object);
  const double ta = TimeOf(t, vis.front()), tb = TimeOf(t, vis.back());
  Answer a;
  if (path < Rad(p.Number("straight_deg"))) {
    a.value = "straight";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s travels %.1f m while its heading changes by only "
            "%.1f deg. So it goes straight on.",
            ta, tb, name.c_str(), travel, Deg(path));
  } else if (std::abs(turn) >= Rad(p.Number("min_turn_deg")) &&
             std::abs(turn) >= p.Number("consistency") * path) {
    a.value = turn > 0.0 ? "left" : "right";
    a.rationale =
        Fmt("From %.1f s to %.1f s the front of %s turns %.0f deg %s seen from above "
            "while it travels %.1f m. So, from its own perspective, it turns %s.",
            ta, tb, name.c_str(), Deg(std::abs(turn)),
            turn > 0.0 ? "counter-clockwise" : "clockwise", travel, turn > 0.0 ? "left" : "right");
  } else {
    return Refuse(Fmt("unclear turn: net %.0f deg of %.0f deg", Deg(turn), Deg(path)));
  }
  a.evidence.frames = {vis.front(), vis.back()};
  a.evidence.Add("heading_deg", {Deg(FrontHeading(ctx, object, vis.front())),
                                 Deg(FrontHeading(ctx, object, vis.back()))});
  a.evidence.Add("turn_deg", {Deg(turn)});
  a.evidence.Add("travel_m", {travel});
  a.min_visible_fraction = MinVisibleFraction(t, object, {vis.front(), vis.back()});
  return a;
}

Outcome OwnDirection(const PredicateContext& ctx) {
  const int object = ctx.objects.at(0);
  const Params& p = ctx.params;
  const truth::VideoTruth& t = ctx.truth;
  const std::vector<int> vis = VisibleFrames(t, object, ctx.frames, p);
  if (std::string e = ReadableInOwnFrame(ctx, object, vis); !e.empty()) return Refuse(e);
  double along = 0.0, side = 0.0, along_path = 0.0;
  const std::vector<truth::ObjectFrame>& f = t.frames[object];
  for (size_t k = 1; k < vis.size(); ++k) {
    const glm::dvec3 d = f[vis[k]].X_WB.p - f[vis[k - 1]].X_WB.p;
    const double h = FrontHeading(ctx, object, vis[k - 1]);
    const double da = d.x * std::cos(h) + d.y * std::sin(h);
    along += da;
    along_path += std::abs(da);
    side += -d.x * std::sin(h) + d.y * std::cos(h);
  }
  const double travel = Travel(ctx, object, vis);
  const std::string name = NameOf(ctx, object);
  const double ta = TimeOf(t, vis.front()), tb = TimeOf(t, vis.back());
  Answer a;
  if (travel < p.Number("still_m")) {
    a.value = "still";
    a.rationale = Fmt("From %.1f s to %.1f s %s moves only %.2f m. So it is not moving.", ta, tb,
                      name.c_str(), travel);
  } else if (std::abs(along) >= p.Number("min_m") &&
             std::abs(along) >= p.Number("dominance") * std::abs(side) &&
             std::abs(along) >= p.Number("consistency") * along_path) {
    a.value = along > 0.0 ? "forward" : "backward";
    a.rationale =
        Fmt("From %.1f s to %.1f s %s moves %.1f m in the direction its front %s "
            "(%.2f m sideways). So it moves %s from its own perspective.",
            ta, tb, name.c_str(), std::abs(along), along > 0.0 ? "points to" : "points away from",
            std::abs(side), along > 0.0 ? "forwards" : "backwards");
  } else {
    return Refuse(Fmt("unclear: %.2f m along its front, %.2f m sideways", along, side));
  }
  a.evidence.frames = {vis.front(), vis.back()};
  a.evidence.Add("along_front_m", {along});
  a.evidence.Add("sideways_m", {side});
  a.evidence.Add("travel_m", {travel});
  a.min_visible_fraction = MinVisibleFraction(t, object, {vis.front(), vis.back()});
  return a;
}

}  // namespace

void AddOwnFramePredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo turn;
  turn.name = "own_turn";
  turn.doc = "which way an object with a front turns, from its own perspective";
  turn.arity = 1;
  turn.values = {"left", "right", "straight"};
  turn.params = VisibilityConditions();
  turn.params.push_back(
      Condition("min_turn_deg", 30.0, 0.0, 720.0, "net heading change of a turn"));
  turn.params.push_back(
      Condition("straight_deg", 5.0, 0.0, 90.0, "total heading change of a straight path"));
  turn.params.push_back(Condition("min_m", 0.5, 0.0, 100.0, "travel needed (it must be moving)"));
  turn.params.push_back(
      Condition("max_step_deg", 120.0, 1.0, 180.0, "largest heading step between seen frames"));
  turn.params.push_back(Condition("consistency", 0.8, 0.0, 1.0, "net / path of the heading"));
  turn.fn = OwnTurn;
  out.push_back(std::move(turn));

  PredicateInfo dir;
  dir.name = "own_direction";
  dir.doc = "whether an object with a front moves forwards or backwards";
  dir.arity = 1;
  dir.values = {"forward", "backward", "still"};
  dir.params = VisibilityConditions();
  dir.params.push_back(Condition("min_m", 0.5, 0.0, 100.0, "travel along the front needed"));
  dir.params.push_back(Condition("still_m", 0.05, 0.0, 10.0, "a still object travels less"));
  dir.params.push_back(Condition("dominance", 2.0, 1.0, 100.0, "along-front over sideways travel"));
  dir.params.push_back(Condition("consistency", 0.8, 0.0, 1.0, "net / path along the front"));
  dir.fn = OwnDirection;
  out.push_back(std::move(dir));
}

}  // namespace synth4d::qa::internal
