#pragma once
// internal: a scripted timeline planned once (segment start times and start states), then
// evaluated at any time. EvaluateTimeline and Simulate both use it, so they agree bit for bit.
#include <vector>

#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim::internal {

// Motion state carried from one segment to the next.
struct Carry {
  core::Pose X_WB;
  glm::dvec3 v_W{0.0};
  glm::dvec3 dir_W{0.0};  // unit direction of the most recent travel (0 = none yet)
  double cruise = 0.0;    // speed of the most recent moving segment (m/s)
};

// One straight leg of a waypoint path.
struct Leg {
  glm::dvec3 from{0.0};
  glm::dvec3 dir{0.0};  // unit
  double s0 = 0.0;      // path length at the start of the leg
  glm::dquat q{1.0, 0.0, 0.0, 0.0};
};

// A segment with its start time, effective duration, start state and derived constants.
struct Planned {
  spec::Segment seg;
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

class Timeline {
 public:
  // Plans the object's segments: start times, durations and start states.
  explicit Timeline(const spec::ObjectSpec& object);
  // State at time t_s (see sim/timeline.h).
  BodyState Evaluate(double t_s) const;
  // End time of the last segment (s).
  double Duration() const { return end_; }

 private:
  std::vector<Planned> plan_;
  BodyState initial_;
  BodyState final_;
  double end_ = 0.0;
};

}  // namespace synth4d::sim::internal
