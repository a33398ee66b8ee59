#include "synth4d/sim/timeline.h"

#include "internal_timeline.h"

namespace synth4d::sim {

ScriptedState EvaluateTimeline(const spec::ObjectSpec& object, double t_s) {
  return internal::Timeline(object).Evaluate(t_s);
}

double TimelineDuration(const spec::ObjectSpec& object) {
  return internal::Timeline(object).Duration();
}

}  // namespace synth4d::sim
