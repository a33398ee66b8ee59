#pragma once
// internal: easing curves shared by timelines and camera paths.
#include "synth4d/spec/scene.h"

namespace synth4d::sim::internal {

// Eased progress e(u) for u in [0, 1]: u, or smoothstep 3u^2 - 2u^3.
inline double Ease(spec::Easing e, double u) {
  return e == spec::Easing::kSmooth ? u * u * (3.0 - 2.0 * u) : u;
}
// de/du.
inline double EaseRate(spec::Easing e, double u) {
  return e == spec::Easing::kSmooth ? 6.0 * u * (1.0 - u) : 1.0;
}
// Integral of e from 0 to u.
inline double EaseIntegral(spec::Easing e, double u) {
  return e == spec::Easing::kSmooth ? u * u * u * (1.0 - 0.5 * u) : 0.5 * u * u;
}

}  // namespace synth4d::sim::internal
