#include "kinematics.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "synth4d/core/geometry.h"

namespace synth4d::spec::internal {
namespace {

using Kind = Segment::Kind;
constexpr double kTiny = 1e-12;
constexpr int kTurnIntervals = 128;  // Simpson intervals of eased turns, as in the simulator
const glm::dvec3 kUp(0.0, 0.0, 1.0);

double Ease(Easing e, double u) { return e == Easing::kSmooth ? u * u * (3.0 - 2.0 * u) : u; }

std::optional<double> HeadingOf(const glm::dvec3& v) {
  if (std::hypot(v.x, v.y) <= kTiny) return std::nullopt;
  return std::atan2(v.y, v.x);
}

// Yaws the body so the heading it faces (front, else last travel) becomes that of `travel`.
void Face(const ObjectSpec& o, Track& t, const glm::dvec3& travel, bool face_motion) {
  const auto facing = HeadingOf(o.front ? t.q * *o.front : t.dir);
  const auto target = HeadingOf(travel);
  if (!face_motion || !facing || !target) return;
  t.q = glm::angleAxis(std::remainder(*target - *facing, 2.0 * std::numbers::pi), kUp) * t.q;
}

// Moves by `displacement` over `duration` (move, reverse).
void Translate(const Segment& s, const glm::dvec3& displacement, Track& t) {
  const double moved = glm::length(displacement);
  t.p += displacement;
  t.v = s.easing == Easing::kLinear && s.duration_s > 0 ? displacement / s.duration_s
                                                        : glm::dvec3(0.0);
  if (moved > kTiny) t.dir = displacement / moved;
  if (moved > kTiny && s.duration_s > 0) t.cruise = moved / s.duration_s;
}

void Turn(const ObjectSpec& o, const Segment& s, Track& t) {
  const double v = s.speed > 0.0 ? s.speed : glm::length(t.v);
  const double a = s.turn_angle, T = s.duration_s;
  const double h0 = HeadingOf(CurrentDirection(o, t).value_or(glm::dvec3(1, 0, 0))).value_or(0.0);
  glm::dvec3 d(0.0);
  if (std::abs(a) <= kTiny || T <= 0.0) {
    d = v * T * glm::dvec3(std::cos(h0), std::sin(h0), 0.0);
  } else if (s.easing == Easing::kLinear) {
    const double w = a / T;
    d = (v / w) * glm::dvec3(std::sin(h0 + a) - std::sin(h0), std::cos(h0) - std::cos(h0 + a), 0);
  } else {
    const double h = T / kTurnIntervals;
    for (int k = 0; k <= kTurnIntervals; ++k) {
      const double weight = (k == 0 || k == kTurnIntervals) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
      const double heading = h0 + a * Ease(s.easing, (k * h) / T);
      d += weight * glm::dvec3(std::cos(heading), std::sin(heading), 0.0);
    }
    d *= v * h / 3.0;
  }
  const double h1 = h0 + a;
  t.p += d;
  t.v = v * glm::dvec3(std::cos(h1), std::sin(h1), 0.0);
  if (s.face_motion) t.q = glm::angleAxis(a, kUp) * t.q;
  t.dir = glm::dvec3(std::cos(h1), std::sin(h1), 0.0);
  if (v > 0.0) t.cruise = v;
}

void ChangeSpeed(const ObjectSpec& o, const Segment& s, Track& t) {
  glm::dvec3 d(1.0, 0.0, 0.0);
  if (glm::length(s.direction) > kTiny) {
    d = glm::normalize(s.direction);
    Face(o, t, d, s.face_motion);
  } else if (const auto c = CurrentDirection(o, t)) {
    d = *c;
  }
  const double v0 = glm::length(t.v);
  t.p += d * (v0 * s.duration_s + (s.speed - v0) * s.duration_s * 0.5);
  t.v = d * s.speed;
  t.dir = d;
  if (s.speed > 0.0) t.cruise = s.speed;
}

void FollowWaypoints(const ObjectSpec& o, const Segment& s, Track& t) {
  double length = 0.0;
  glm::dvec3 last_dir(0.0);
  for (const glm::dvec3& to : s.waypoints) {
    const double leg = glm::length(to - t.p);
    if (leg <= kTiny) continue;
    last_dir = (to - t.p) / leg;
    Face(o, t, last_dir, s.face_motion);
    t.dir = last_dir;
    t.p = to;
    length += leg;
  }
  const double T = s.duration_s;
  t.v = s.easing == Easing::kLinear && T > 0 ? last_dir * (length / T) : glm::dvec3(0.0);
  if (length > 0 && T > 0) t.cruise = length / T;
}

}  // namespace

Track StartTrack(const ObjectSpec& o) {
  Track t{o.position, o.orientation};
  if (o.front) t.dir = Unit(o.orientation * *o.front).value_or(glm::dvec3(0.0));
  return t;
}

std::optional<glm::dvec3> Unit(const glm::dvec3& v) {
  const double eps = 1e-12 * glm::length(v);
  glm::dvec3 u(0.0);
  for (int k = 0; k < 3; ++k) u[k] = std::abs(v[k]) < eps ? 0.0 : v[k];
  const double length = glm::length(u);
  if (!(length > 1e-9)) return std::nullopt;
  return std::abs(length - 1.0) <= 1e-12 ? u : u / length;
}

std::optional<glm::dvec3> Forward(const ObjectSpec& o, const Track& t) {
  if (!o.front) return std::nullopt;
  const auto f = Unit(t.q * *o.front);
  return f ? Unit(glm::dvec3(f->x, f->y, 0.0)) : std::nullopt;
}

std::optional<glm::dvec3> CurrentDirection(const ObjectSpec& o, const Track& t) {
  if (glm::length(t.dir) > kTiny) return t.dir;
  if (o.front) return Unit(t.q * *o.front);
  return std::nullopt;
}

double CurrentSpeed(const Track& t) {
  const double v = glm::length(t.v);
  return v > kTiny ? v : t.cruise;
}

void Advance(const ObjectSpec& o, const Segment& s, Track& t) {
  switch (s.kind) {
    case Kind::kMove: {
      const glm::dvec3 d =
          s.target ? *s.target - t.p : glm::normalize(s.direction) * (s.speed * s.duration_s);
      Face(o, t, d, s.face_motion);
      Translate(s, d, t);
      break;
    }
    case Kind::kReverse: {
      const double v = s.speed > 0.0 ? s.speed : CurrentSpeed(t);
      const glm::dvec3 c = CurrentDirection(o, t).value_or(glm::dvec3(1, 0, 0));
      Translate(s, -c * (v * s.duration_s), t);
      break;
    }
    case Kind::kRotate: {
      const glm::dquat R = glm::angleAxis(s.angular_speed * s.duration_s, glm::normalize(s.axis));
      t.q = R * t.q;
      t.dir = R * t.dir;
      t.v = glm::dvec3(0.0);
      break;
    }
    case Kind::kTurn:
      Turn(o, s, t);
      break;
    case Kind::kAccelerate:
    case Kind::kDecelerate:
      ChangeSpeed(o, s, t);
      break;
    case Kind::kWait:
      t.v = glm::dvec3(0.0);
      break;
    case Kind::kWaypoints:
      FollowWaypoints(o, s, t);
      break;
  }
}

}  // namespace synth4d::spec::internal
