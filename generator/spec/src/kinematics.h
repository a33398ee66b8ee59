#pragma once
// Internal: the reference kinematics of scripted segments, used while parsing to know the pose,
// velocity and direction of travel at the start of each segment (for `to` durations, `forward`,
// default speeds). It mirrors generator/sim's timeline (docs/scene-spec.md, "Reference
// kinematics"); the spec layer cannot call the simulator, which sits above it.
#include <optional>

#include "synth4d/spec/scene.h"

namespace synth4d::spec::internal {

// State carried from one segment to the next.
struct Track {
  glm::dvec3 p{0.0};                 // bounding-box centre (world)
  glm::dquat q{1.0, 0.0, 0.0, 0.0};  // orientation (world from body)
  glm::dvec3 v{0.0};                 // linear velocity at the end of the last segment
  glm::dvec3 dir{0.0};               // unit direction of the most recent travel (0 = none yet)
  double cruise = 0.0;               // speed of the most recent moving segment (m/s)
};

// The state at t = 0: at rest, direction of travel = the front (if any).
Track StartTrack(const ObjectSpec& o);
// Unit vector along `v` with components below 1e-12 |v| zeroed (rounding left by rotations), so
// axis-aligned directions stay exact; nullopt for a zero vector.
std::optional<glm::dvec3> Unit(const glm::dvec3& v);
// Unit horizontal front of the object in pose `t`, or nullopt (no front, or it points up).
std::optional<glm::dvec3> Forward(const ObjectSpec& o, const Track& t);
// Direction to continue along: the last travel direction, else the front, else nullopt.
std::optional<glm::dvec3> CurrentDirection(const ObjectSpec& o, const Track& t);
// The current speed: |v| if moving, else the last cruise speed.
double CurrentSpeed(const Track& t);
// Applies the fully resolved segment `s` to `t`.
void Advance(const ObjectSpec& o, const Segment& s, Track& t);

}  // namespace synth4d::spec::internal
