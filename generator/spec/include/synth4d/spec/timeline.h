#pragma once
// The reference kinematics of scripted segments (docs/scene-spec.md, "Reference kinematics"): a
// Timeline plans an object's segments once (start times, effective durations, start states) and
// then gives the pose and velocities at any time. The resolver plans segment by segment to know
// the state each one starts from (a `to` move's length, `forward`, default speeds); the simulator
// records exactly Evaluate's values. Segment semantics: scene.h (Segment).
#include <optional>
#include <vector>

#include "synth4d/core/geometry.h"
#include "synth4d/spec/scene.h"

namespace synth4d::spec {

// Eased progress e(u) for u in [0, 1]: u, or smoothstep 3u^2 - 2u^3.
inline double Ease(Easing e, double u) {
  return e == Easing::kSmooth ? u * u * (3.0 - 2.0 * u) : u;
}
// de/du of Ease.
inline double EaseRate(Easing e, double u) {
  return e == Easing::kSmooth ? 6.0 * u * (1.0 - u) : 1.0;
}
// Integral of Ease from 0 to u.
inline double EaseIntegral(Easing e, double u) {
  return e == Easing::kSmooth ? u * u * u * (1.0 - 0.5 * u) : 0.5 * u * u;
}

// Pose (bounding-box centre, world; quaternion (w, x, y, z)) and linear (m/s) and angular
// (rad/s) velocity, world frame, of a scripted body.
struct KinematicState {
  core::Pose X_WB;
  glm::dvec3 v_W{0.0};
  glm::dvec3 w_W{0.0};
};

class Timeline {
 public:
  // Motion state carried from one segment into the next.
  struct Carry {
    core::Pose X_WB;
    glm::dvec3 v_W{0.0};    // linear velocity at the end of the previous segment (m/s)
    glm::dvec3 dir_W{0.0};  // unit direction of the most recent travel (initially the front;
                            // 0 = none yet)
    double cruise = 0.0;    // speed of the most recent moving segment (m/s)
  };

  // Plans `object`'s segments from its position and orientation at rest.
  explicit Timeline(const ObjectSpec& object);
  // Plans `segment` to run after those planned so far (O(1) plus the segment's waypoints).
  void Append(const Segment& segment);

  // State at time t_s (s): before 0 the state at 0; from Duration() on the final pose at rest.
  // Pure and deterministic.
  KinematicState Evaluate(double t_s) const;
  // End time (s) of the last planned segment (effective durations: see scene.h).
  double Duration() const { return end_s_; }
  // State carried out of the last planned segment (the start state when none is planned).
  const Carry& End() const { return end_; }
  // Unit direction a segment starting at Duration() travels along by default: the last
  // direction of travel, else the front in the current pose; nullopt when there is neither.
  std::optional<glm::dvec3> Direction() const;
  // Speed (m/s) a segment starting at Duration() keeps by default: |v| if moving, else the last
  // cruise speed.
  double Speed() const;

 private:
  // One straight leg of a waypoint path.
  struct Leg {
    glm::dvec3 from{0.0};
    glm::dvec3 dir{0.0};  // unit
    double s0 = 0.0;      // path length at the start of the leg
    glm::dquat q{1.0, 0.0, 0.0, 0.0};
  };
  // A segment with its start time, effective duration, start state and derived constants.
  struct Planned {
    Segment seg;
    double t0 = 0.0;
    double duration = 0.0;
    Carry start;
    glm::dquat q{1.0, 0.0, 0.0, 0.0};  // orientation after facing the travel direction
    glm::dvec3 displacement{0.0};      // move / reverse: displacement over the whole segment
    glm::dvec3 dir{0.0};               // accelerate: unit direction of travel
    double speed0 = 0.0;               // accelerate: start speed; turn: speed
    double heading0 = 0.0;             // turn: start heading of travel (rad)
    double length = 0.0;               // waypoints: path length
    std::vector<Leg> legs;             // waypoints
  };

  Planned Plan(const Segment& s) const;
  static glm::dvec3 TurnDisplacement(const Planned& p, double tau);
  static KinematicState EvaluateSegment(const Planned& p, double tau);
  static Carry Finish(const Planned& p);

  std::optional<glm::dvec3> front_;  // the object's front axis (body frame), if any
  std::vector<Planned> plan_;
  KinematicState initial_;
  Carry end_;
  double end_s_ = 0.0;
};

}  // namespace synth4d::spec
