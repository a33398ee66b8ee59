// Translation as the video shows it: camera_translation (left / right / toward / away / still).
#include "../internal_observe.h"
#include "families.h"
#include "internal_screen_motion.h"

namespace synth4d::qa::internal {
namespace {

Outcome CameraTranslation(const PredicateContext& ctx) {
  if (std::string problem = StaticCameraProblem(ctx); !problem.empty()) return Refuse(problem);
  const int object = ctx.objects.at(0);
  const ScreenMotion m = MeasureScreenMotion(ctx, object, ctx.frames, ctx.shown_end - 1);
  return ScreenMotionOutcome(ctx, object, m);
}

}  // namespace

void AddTranslationPredicates(std::vector<PredicateInfo>& out) {
  PredicateInfo p;
  p.name = "camera_translation";
  p.doc = "on-screen direction of an object: image-x motion vs depth change on one px scale";
  p.arity = 1;
  p.kind = AnswerKind::kValue;
  p.values = {"left", "right", "toward", "away", "still"};
  p.params = ScreenMotionConditions();
  p.fn = CameraTranslation;
  out.push_back(std::move(p));
}

}  // namespace synth4d::qa::internal
