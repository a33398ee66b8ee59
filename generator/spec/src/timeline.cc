#include "synth4d/spec/timeline.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace synth4d::spec {
namespace {

using Kind = Segment::Kind;
using Carry = Timeline::Carry;

constexpr double kTiny = 1e-12;
constexpr glm::dvec3 kUp{0.0, 0.0, 1.0};
// Simpson intervals for eased turn arcs (no closed form); the heading is smooth, so the error is
// far below 1e-9 m for any realistic turn.
constexpr int kTurnIntervals = 128;

glm::dquat Yaw(double angle) { return glm::angleAxis(angle, kUp); }

double WrapPi(double a) { return std::remainder(a, 2.0 * std::numbers::pi); }

bool HorizontalHeading(const glm::dvec3& v, double* heading) {
  if (std::hypot(v.x, v.y) <= kTiny) {
    return false;
  }
  *heading = std::atan2(v.y, v.x);
  return true;
}

glm::dvec3 SafeNormalize(const glm::dvec3& v) {
  const double n = glm::length(v);
  return n > kTiny ? v / n : glm::dvec3(0.0);
}

// Heading the body currently faces: its front axis if it has one, else its last travel direction.
bool FacingHeading(const std::optional<glm::dvec3>& front, const Carry& c, double* heading) {
  if (front) {
    return HorizontalHeading(c.X_WB.q * *front, heading);
  }
  return HorizontalHeading(c.dir_W, heading);
}

// Orientation after yawing the body (about world Z) to face `travel`, when face_motion asks.
glm::dquat Face(const std::optional<glm::dvec3>& front, const Carry& c, const glm::dvec3& travel,
                bool face_motion) {
  double facing = 0.0, target = 0.0;
  if (!face_motion || !FacingHeading(front, c, &facing) || !HorizontalHeading(travel, &target)) {
    return c.X_WB.q;
  }
  return Yaw(WrapPi(target - facing)) * c.X_WB.q;
}

}  // namespace

Timeline::Timeline(const ObjectSpec& object) : front_(object.front) {
  end_.X_WB = {object.position, object.orientation};
  if (front_) {
    end_.dir_W = SafeNormalize(object.orientation * *front_);
  }
  initial_.X_WB = end_.X_WB;
  plan_.reserve(object.segments.size());
  for (const Segment& s : object.segments) {
    Append(s);
  }
}

void Timeline::Append(const Segment& segment) {
  plan_.push_back(Plan(segment));
  end_ = Finish(plan_.back());
  end_s_ += plan_.back().duration;
}

std::optional<glm::dvec3> Timeline::Direction() const {
  if (glm::length(end_.dir_W) > kTiny) {
    return end_.dir_W;
  }
  if (front_) {
    const glm::dvec3 f = SafeNormalize(end_.X_WB.q * *front_);
    if (glm::length(f) > kTiny) {
      return f;
    }
  }
  return std::nullopt;
}

double Timeline::Speed() const {
  const double now = glm::length(end_.v_W);
  return now > kTiny ? now : end_.cruise;
}

KinematicState Timeline::Evaluate(double t_s) const {
  if (plan_.empty()) {
    return initial_;
  }
  if (t_s >= end_s_) {
    return {end_.X_WB};
  }
  t_s = std::max(t_s, 0.0);
  auto it = std::upper_bound(plan_.begin(), plan_.end(), t_s,
                             [](double t, const Planned& p) { return t < p.t0; });
  const Planned& p = *std::prev(it);
  return EvaluateSegment(p, t_s - p.t0);
}

// Horizontal displacement after tau seconds of a turn at constant speed.
glm::dvec3 Timeline::TurnDisplacement(const Planned& p, double tau) {
  const double v = p.speed0, a = p.seg.turn_angle, T = p.duration, h0 = p.heading0;
  if (std::abs(a) <= kTiny || T <= 0.0) {
    return v * tau * glm::dvec3(std::cos(h0), std::sin(h0), 0);
  }
  if (p.seg.easing == Easing::kLinear) {
    const double w = a / T;
    return (v / w) * glm::dvec3(std::sin(h0 + w * tau) - std::sin(h0),
                                std::cos(h0) - std::cos(h0 + w * tau), 0.0);
  }
  const double h = tau / kTurnIntervals;
  glm::dvec3 sum(0.0);
  for (int k = 0; k <= kTurnIntervals; ++k) {
    const double weight = (k == 0 || k == kTurnIntervals) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
    const double heading = h0 + a * Ease(p.seg.easing, (k * h) / T);
    sum += weight * glm::dvec3(std::cos(heading), std::sin(heading), 0.0);
  }
  return (v * h / 3.0) * sum;
}

// State tau seconds into planned segment p (0 <= tau <= duration).
KinematicState Timeline::EvaluateSegment(const Planned& p, double tau) {
  const Segment& s = p.seg;
  const double T = p.duration;
  const double u = T > 0.0 ? std::clamp(tau / T, 0.0, 1.0) : 1.0;
  const double e = Ease(s.easing, u);
  const double de = T > 0.0 ? EaseRate(s.easing, u) / T : 0.0;  // d(progress)/dt
  const glm::dvec3 p0 = p.start.X_WB.p;
  KinematicState out;
  out.X_WB = {p0, p.q};
  switch (s.kind) {
    case Kind::kMove:
    case Kind::kReverse:
      out.X_WB.p = p0 + p.displacement * e;
      out.v_W = p.displacement * de;
      break;
    case Kind::kRotate: {
      const glm::dvec3 axis = SafeNormalize(s.axis);
      out.X_WB.q = glm::angleAxis(s.angular_speed * T * e, axis) * p.q;
      out.w_W = axis * (s.angular_speed * T * de);
      break;
    }
    case Kind::kTurn: {
      const double heading = p.heading0 + s.turn_angle * e;
      out.X_WB.p = p0 + TurnDisplacement(p, tau);
      out.v_W = p.speed0 * glm::dvec3(std::cos(heading), std::sin(heading), 0.0);
      if (s.face_motion) {
        out.X_WB.q = Yaw(s.turn_angle * e) * p.q;
        out.w_W = kUp * (s.turn_angle * de);
      }
      break;
    }
    case Kind::kAccelerate:
    case Kind::kDecelerate: {
      const double dv = s.speed - p.speed0;
      out.X_WB.p = p0 + p.dir * (p.speed0 * T * u + dv * T * EaseIntegral(s.easing, u));
      out.v_W = p.dir * (p.speed0 + dv * e);
      break;
    }
    case Kind::kWait:
      break;
    case Kind::kWaypoints: {
      if (p.legs.empty()) {
        break;
      }
      const double arc = p.length * e;
      auto it = std::upper_bound(p.legs.begin(), p.legs.end(), arc,
                                 [](double a, const Leg& leg) { return a < leg.s0; });
      const Leg& leg = *std::prev(it);  // legs[0].s0 == 0 <= arc, so it != begin
      out.X_WB = {leg.from + leg.dir * (arc - leg.s0), leg.q};
      out.v_W = leg.dir * (p.length * de);
      break;
    }
  }
  return out;
}

// Plans segment `s` to start at Duration() from End().
Timeline::Planned Timeline::Plan(const Segment& s) const {
  const Carry& c = end_;
  Planned p;
  p.seg = s;
  p.t0 = end_s_;
  p.start = c;
  p.q = c.X_WB.q;
  p.duration = std::max(0.0, s.duration_s);
  switch (s.kind) {
    case Kind::kMove:
      if (s.target) {
        const glm::dvec3 disp = *s.target - c.X_WB.p;
        if (s.duration_s <= 0.0 && s.speed > 0.0) {
          p.duration = glm::length(disp) / s.speed;
        }
        p.displacement = disp;
      } else {
        p.displacement = SafeNormalize(s.direction) * (s.speed * p.duration);
      }
      p.q = Face(front_, c, p.displacement, s.face_motion);
      break;
    case Kind::kReverse: {
      const double speed = s.speed > 0.0 ? s.speed : Speed();
      p.displacement = -Direction().value_or(glm::dvec3(1.0, 0.0, 0.0)) * (speed * p.duration);
      break;
    }
    case Kind::kTurn: {
      p.speed0 = s.speed > 0.0 ? s.speed : glm::length(c.v_W);
      if (!HorizontalHeading(Direction().value_or(glm::dvec3(1.0, 0.0, 0.0)), &p.heading0)) {
        p.heading0 = 0.0;
      }
      break;
    }
    case Kind::kAccelerate:
    case Kind::kDecelerate:
      p.dir = SafeNormalize(s.direction);  // a given direction of travel, else the current one
      if (glm::length(p.dir) > kTiny) {
        p.q = Face(front_, c, p.dir, s.face_motion);
      } else {
        p.dir = Direction().value_or(glm::dvec3(1.0, 0.0, 0.0));
      }
      p.speed0 = glm::length(c.v_W);
      break;
    case Kind::kRotate:
    case Kind::kWait:
      break;
    case Kind::kWaypoints: {
      Carry facing = c;
      glm::dvec3 from = c.X_WB.p;
      for (const glm::dvec3& to : s.waypoints) {
        const double len = glm::length(to - from);
        if (len <= kTiny) {
          continue;
        }
        Leg leg{from, (to - from) / len, p.length, Face(front_, facing, to - from, s.face_motion)};
        facing.X_WB.q = leg.q;
        facing.dir_W = leg.dir;
        p.legs.push_back(leg);
        p.length += len;
        from = to;
      }
      if (s.speed > 0.0) {
        p.duration = p.length / s.speed;
      }
      if (!p.legs.empty()) {
        p.q = p.legs.front().q;
      }
      break;
    }
  }
  return p;
}

// State carried out of planned segment p.
Timeline::Carry Timeline::Finish(const Planned& p) {
  const KinematicState end = EvaluateSegment(p, p.duration);
  Carry c = p.start;
  c.X_WB = end.X_WB;
  c.v_W = end.v_W;
  const double T = p.duration;
  const double moved = glm::length(p.displacement);
  switch (p.seg.kind) {
    case Kind::kMove:
    case Kind::kReverse:
      if (moved > kTiny) {
        c.dir_W = p.displacement / moved;
      }
      if (moved > kTiny && T > 0.0) {
        c.cruise = moved / T;
      }
      break;
    case Kind::kRotate:
      c.dir_W = (end.X_WB.q * glm::inverse(p.q)) * c.dir_W;
      break;
    case Kind::kTurn: {
      const double h = p.heading0 + p.seg.turn_angle;
      c.dir_W = {std::cos(h), std::sin(h), 0.0};
      if (p.speed0 > 0.0) {
        c.cruise = p.speed0;
      }
      break;
    }
    case Kind::kAccelerate:
    case Kind::kDecelerate:
      c.dir_W = p.dir;
      if (p.seg.speed > 0.0) {
        c.cruise = p.seg.speed;
      }
      break;
    case Kind::kWait:
      break;
    case Kind::kWaypoints:
      if (!p.legs.empty()) {
        c.dir_W = p.legs.back().dir;
      }
      if (p.length > 0.0 && T > 0.0) {
        c.cruise = p.length / T;
      }
      break;
  }
  return c;
}

}  // namespace synth4d::spec
