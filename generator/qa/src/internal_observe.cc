#include "internal_observe.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <numbers>

namespace synth4d::qa::internal {

std::vector<ParamSpec> VisibilityConditions() {
  return {
      Condition("min_visible_fraction", 0.5, 0.0, 1.0,
                "visible share of the object's unoccluded pixels for a frame to count as seen"),
      Condition("min_visible_px", 50.0, 1.0, 1e6,
                "visible pixels for a frame to count as seen (about 7 x 7 px)"),
      Condition("min_visible_share", 0.5, 0.0, 1.0,
                "share of the seen frames in which the object must be visible"),
      Condition("min_visible_span", 0.5, 0.0, 1.0,
                "first to last visible frame must cover this share of the shown clip"),
  };
}

bool IsVisible(const truth::VideoTruth& t, int object, int frame, const Params& p) {
  const truth::ObjectFrame& f = t.frames[object][frame];
  if (!f.centre_px || f.p_C.z <= 0.0) return false;
  const glm::dvec2 c = *f.centre_px;
  if (c.x < 0.0 || c.y < 0.0 || c.x >= t.K.width || c.y >= t.K.height) return false;
  if (f.rendered) {
    return f.in_view && f.visible_fraction >= p.Number("min_visible_fraction") &&
           f.visible_px >= p.Number("min_visible_px");
  }
  const glm::dvec3& s = t.objects[object].size;
  const double diameter_px = t.K.fx * (s.x + s.y + s.z) / 3.0 / f.p_C.z;
  return 0.25 * std::numbers::pi * diameter_px * diameter_px >= p.Number("min_visible_px");
}

std::vector<int> VisibleFrames(const truth::VideoTruth& t, int object,
                               const std::vector<int>& frames, const Params& p) {
  std::vector<int> out;
  for (int k : frames) {
    if (IsVisible(t, object, k, p)) out.push_back(k);
  }
  return out;
}

std::string VisibilityProblem(const PredicateContext& ctx, int object,
                              const std::vector<int>& frames, const std::vector<int>& visible,
                              double span_frames) {
  const double needed = std::max(
      2.0, std::ceil(ctx.params.Number("min_visible_share") * static_cast<double>(frames.size()) -
                     1e-9));
  if (static_cast<double>(visible.size()) < needed) {
    return Fmt("%s is visible in %zu of %zu frames (needs %.0f)", NameOf(ctx, object).c_str(),
               visible.size(), frames.size(), needed);
  }
  const double span = visible.back() - visible.front();
  const double shown = std::max(1.0, span_frames);
  if (span < ctx.params.Number("min_visible_span") * shown - 1e-9) {
    return Fmt("%s is visible over only %.0f%% of the clip", NameOf(ctx, object).c_str(),
               100.0 * span / shown);
  }
  return "";
}

double MinVisibleFraction(const truth::VideoTruth& t, int object, const std::vector<int>& frames) {
  double m = 1.0;
  for (int k : frames) {
    const truth::ObjectFrame& f = t.frames[object][k];
    if (f.rendered) m = std::min(m, f.visible_fraction);
  }
  return m;
}

bool IsRendered(const truth::VideoTruth& t, int object) {
  for (const truth::ObjectFrame& f : t.frames[object]) {
    if (f.rendered) return true;
  }
  return false;
}

double TimeOf(const truth::VideoTruth& t, int frame) { return frame / t.clip.fps; }

bool CameraStatic(const truth::VideoTruth& t) {
  for (const core::Pose& X : t.X_WC) {
    glm::dvec3 axis;
    double angle = 0.0;
    RelativeRotation(t.X_WC.front().q, X.q, &axis, &angle);
    if (glm::length(X.p - t.X_WC.front().p) > 1e-4 || angle > 1e-4) return false;
  }
  return true;
}

std::string StaticCameraProblem(const PredicateContext& ctx) {
  if (ctx.params.Flag("require_static_camera") && !CameraStatic(ctx.truth)) {
    return "the camera moves (this template needs a static camera)";
  }
  return "";
}

double WrapAngle(double a) {
  const double two_pi = 2.0 * std::numbers::pi;
  a = std::fmod(a, two_pi);
  if (a <= -std::numbers::pi) a += two_pi;
  if (a > std::numbers::pi) a -= two_pi;
  return a;
}

double Rad(double deg) { return deg * std::numbers::pi / 180.0; }
double Deg(double rad) { return rad * 180.0 / std::numbers::pi; }

void RelativeRotation(const glm::dquat& q_a, const glm::dquat& q_b, glm::dvec3* axis,
                      double* angle) {
  glm::dquat r = glm::normalize(q_b * glm::conjugate(q_a));
  if (r.w < 0.0) r = -r;
  const glm::dvec3 v(r.x, r.y, r.z);
  const double s = glm::length(v);
  *angle = 2.0 * std::atan2(s, r.w);
  *axis = s > 1e-12 ? v / s : glm::dvec3(0.0, 0.0, 1.0);
}

std::string Fmt(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char buffer[1024];
  std::vsnprintf(buffer, sizeof(buffer), format, args);
  va_end(args);
  return buffer;
}

std::string NameOf(const PredicateContext& ctx, int object) {
  const std::string& n = ctx.names.at(object);
  return n.empty() ? ctx.truth.objects[object].name : n;
}

std::string Capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

Outcome Refuse(std::string reason) { return Refusal{std::move(reason)}; }

}  // namespace synth4d::qa::internal
