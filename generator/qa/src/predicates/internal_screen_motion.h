#pragma once
// On-screen translation of one object: left/right from the image x of its projected centre,
// toward/away from its camera-frame depth, compared on one scale (docs/qa-templates.md,
// "camera_translation").
#include <string>
#include <vector>

#include "synth4d/qa/predicate.h"

namespace synth4d::qa::internal {

struct ScreenMotion {
  std::string value;        // "left", "right", "toward", "away", "still"; "" when refused
  std::string problem;      // why it was refused
  int a = -1, b = -1;       // first and last visible frames compared
  double u_a = 0, u_b = 0;  // image x of the centre, px
  double v_a = 0, v_b = 0;  // image y of the centre, px
  double z_a = 0, z_b = 0;  // camera-frame depth, m
  double lateral_px = 0;    // u_b - u_a
  double depth_px = 0;      // fx * ln(z_b / z_a): depth change as an image displacement
  double vertical_px = 0;   // fx * |world z change| / sqrt(z_a z_b)
  double lateral_m = 0;     // camera-frame x change, m
  double depth_m = 0;       // camera-frame z change, m
  double still_px = 0;      // largest image excursion from frame a (still objects)
  double pixel_speed = 0;   // px/s of the dominant component
};

// Conditions of the measurement (visibility, thresholds, require_static_camera).
std::vector<ParamSpec> ScreenMotionConditions();

// Measures `object` over `frames`; span_frames is the clip length that min_visible_span refers to.
ScreenMotion MeasureScreenMotion(const PredicateContext& ctx, int object,
                                 const std::vector<int>& frames, double span_frames);

// The measurement as an Answer (evidence, rationale) or a Refusal.
Outcome ScreenMotionOutcome(const PredicateContext& ctx, int object, const ScreenMotion& m);

}  // namespace synth4d::qa::internal
