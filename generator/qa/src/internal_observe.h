#pragma once
// Private helpers shared by the predicates: visibility, times, angles, formatting.
#include <string>
#include <vector>

#include "synth4d/qa/params.h"
#include "synth4d/qa/predicate.h"
#include "synth4d/truth/video_truth.h"

namespace synth4d::qa::internal {

// The visibility conditions of predicates about objects the viewer must see.
std::vector<ParamSpec> VisibilityConditions();

// Whether `object` is clearly visible at `frame`: rendered truth needs in_view, the visible
// fraction and pixel count over the thresholds and the projected centre inside the image; geometric
// truth needs the centre inside the image and an apparent area over min_visible_px.
bool IsVisible(const truth::VideoTruth& t, int object, int frame, const Params& p);

// The frames of `frames` at which `object` is visible.
std::vector<int> VisibleFrames(const truth::VideoTruth& t, int object,
                               const std::vector<int>& frames, const Params& p);

// "" when `visible` (the visible ones of `frames`) satisfies min_visible_share of `frames` (at
// least 2 frames) and spans min_visible_span of `span_frames` frames, else the reason to refuse.
std::string VisibilityProblem(const PredicateContext& ctx, int object,
                              const std::vector<int>& frames, const std::vector<int>& visible,
                              double span_frames);

// Lowest visible fraction of `object` over `frames` (1 for geometric truth).
double MinVisibleFraction(const truth::VideoTruth& t, int object, const std::vector<int>& frames);

// Whether any frame of `object` has rendered fields.
bool IsRendered(const truth::VideoTruth& t, int object);

// Time of frame `frame`, seconds.
double TimeOf(const truth::VideoTruth& t, int frame);

// Whether the camera keeps one pose for the whole clip (1e-4 m and 1e-4 rad).
bool CameraStatic(const truth::VideoTruth& t);

// The refusal for predicates that need a static camera, or "" when it is static or not required.
std::string StaticCameraProblem(const PredicateContext& ctx);

// Angle wrapped to (-pi, pi].
double WrapAngle(double a);
// Degrees to radians and back.
double Rad(double deg);
double Deg(double rad);

// Rotation taking orientation q_a to q_b in the world frame (q_b = r * q_a): unit axis (world) and
// angle in [0, pi]; the axis is +Z for a zero rotation.
void RelativeRotation(const glm::dquat& q_a, const glm::dquat& q_b, glm::dvec3* axis,
                      double* angle);

// printf-style formatting into a std::string.
std::string Fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));

// The object's referring expression (its name when it has none).
std::string NameOf(const PredicateContext& ctx, int object);

// The referring expression with its first letter upper-case ("The red cube").
std::string Capitalised(std::string text);

// "Refusal" helper: an Outcome holding `reason`.
Outcome Refuse(std::string reason);

}  // namespace synth4d::qa::internal
