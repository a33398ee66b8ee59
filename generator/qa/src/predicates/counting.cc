// Counting over time: count_direction (how many objects move left / right / toward / away) and
// count_bounces (how many times an object comes down and goes back up).
#include <algorithm>
#include <cmath>

#include "../internal_observe.h"
#include "families.h"
#include "internal_screen_motion.h"

namespace synth4d::qa::internal {
namespace {

Outcome CountDirection(const PredicateContext& ctx) {
  if (std::string e = StaticCameraProblem(ctx); !e.empty()) return Refuse(e);
  const truth::VideoTruth& t = ctx.truth;
  const std::string& direction = ctx.params.Word("direction");
  int count = 0, considered = 0;
  std::string yes, no;
  Answer a;
  for (int o = 0; o < static_cast<int>(t.objects.size()); ++o) {
    bool ever_in_view = false;
    for (int k : ctx.frames) {
      const truth::ObjectFrame& f = t.frames[o][k];
      const bool inside = f.centre_px && f.centre_px->x >= 0 && f.centre_px->y >= 0 &&
                          f.centre_px->x < t.K.width && f.centre_px->y < t.K.height;
      ever_in_view = ever_in_view || (f.rendered ? f.in_view : inside);
    }
    if (!ever_in_view) continue;
    const ScreenMotion m = MeasureScreenMotion(ctx, o, ctx.frames, ctx.shown_end - 1);
    if (m.value.empty()) {
      return Refuse(
          Fmt("the motion of %s is unclear (%s)", NameOf(ctx, o).c_str(), m.problem.c_str()));
    }
    ++considered;
    a.evidence.AddWord(t.objects[o].name, m.value);
    const std::string entry = NameOf(ctx, o) + " (" + m.value + ")";
    if (m.value == direction) {
      ++count;
      yes += (yes.empty() ? "" : ", ") + entry;
    } else {
      no += (no.empty() ? "" : ", ") + entry;
    }
  }
  if (considered == 0) return Refuse("no object is in view");
  a.value = std::to_string(count);
  a.max_count = considered;
  a.evidence.frames = {ctx.frames.front(), ctx.frames.back()};
  a.rationale =
      Fmt("Moving %s: %s. Not moving %s: %s. So %d object%s move%s %s.", direction.c_str(),
          yes.empty() ? "none" : yes.c_str(), direction.c_str(), no.empty() ? "none" : no.c_str(),
          count, count == 1 ? "" : "s", count == 1 ? "s" : "", direction.c_str());
  return a;
}

// Number of valleys in `z`: descents of at least `h` followed by rises of at least `h`.
int Valleys(const std::vector<double>& z, double h) {
  int count = 0;
  double low = z.front(), high = z.front();
  bool falling = false;  // a descent of h from the last high has been seen
  for (double x : z) {
    if (!falling) {
      high = std::max(high, x);
      if (x <= high - h) {
        falling = true;
        low = x;
      }
    } else {
      low = std::min(low, x);
      if (x >= low + h) {
        ++count;
        falling = false;
        high = x;
      }
    }
  }
  return count;
}

Outcome CountBounces(const PredicateContext& ctx) {
  const truth::VideoTruth& t = ctx.truth;
  const Params& p = ctx.params;
  const int o = ctx.objects.at(0);
  if (t.objects[o].motion != "dynamic") return Refuse("only simulated objects bounce");
  const std::vector<int> vis = VisibleFrames(t, o, ctx.frames, p);
  if (std::string e = VisibilityProblem(ctx, o, ctx.frames, vis, ctx.shown_end - 1); !e.empty()) {
    return Refuse(e);
  }
  std::vector<double> z;
  double path = 0.0;
  for (size_t k = 0; k < vis.size(); ++k) {
    z.push_back(t.frames[o][vis[k]].X_WB.p.z);
    if (k > 0) path += glm::length(t.frames[o][vis[k]].X_WB.p - t.frames[o][vis[k - 1]].X_WB.p);
  }
  if (path < p.Number("min_m")) return Refuse(Fmt("it moves only %.2f m", path));
  const int count = Valleys(z, p.Number("min_bounce_m"));
  if (Valleys(z, p.Number("ambiguous_m")) != count) {
    return Refuse("it has bounces too small to count reliably");
  }
  Answer a;
  a.value = std::to_string(count);
  a.max_count = count + 3;
  a.evidence.frames = {vis.front(), vis.back()};
  a.evidence.Add("lowest_m", {*std::min_element(z.begin(), z.end())});
  a.evidence.Add("highest_m", {*std::max_element(z.begin(), z.end())});
  a.rationale =
      Fmt("From %.1f s to %.1f s the height of %s comes down and goes back up by at "
          "least %.2f m %d time%s. So it bounces %d time%s.",
          TimeOf(t, vis.front()), TimeOf(t, vis.back()), NameOf(ctx, o).c_str(),
          p.Number("min_bounce_m"), count, count == 1 ? "" : "s", count, count == 1 ? "" : "s");
  a.min_visible_fraction = MinVisibleFraction(t, o, {vis.front(), vis.back()});
  return a;
}

}  // namespace

void AddCountingPredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo dir;
  dir.name = "count_direction";
  dir.doc = "how many objects in view move in a given screen direction";
  dir.arity = 0;
  dir.kind = AnswerKind::kCount;
  dir.params = ScreenMotionConditions();
  dir.params.push_back(WordParam("direction", "left", {"left", "right", "toward", "away"},
                                 "the screen direction counted"));
  dir.fn = CountDirection;
  out.push_back(std::move(dir));

  PredicateInfo bounce;
  bounce.name = "count_bounces";
  bounce.doc = "how many times a simulated object comes down and goes back up";
  bounce.arity = 1;
  bounce.kind = AnswerKind::kCount;
  bounce.params = VisibilityConditions();
  bounce.params.push_back(
      Condition("min_bounce_m", 0.05, 0.0, 10.0, "fall and rise of a bounce (m)"));
  bounce.params.push_back(Condition("ambiguous_m", 0.01, 0.0, 10.0,
                                    "smaller zigzags are noise; between the two: refuse"));
  bounce.params.push_back(Condition("min_m", 0.3, 0.0, 100.0, "travel needed (it must move)"));
  bounce.fn = CountBounces;
  out.push_back(std::move(bounce));
}

}  // namespace synth4d::qa::internal
