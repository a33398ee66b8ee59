#pragma once
// SimTrace: what the simulation recorded at every output frame (frame i is at t = i / fps).
// Frame indices run on from `frames` into `future_frames`: frame frames.size() + k is
// future_frames[k]. Events and glitches use these indices, so one with
// frame >= frames.size() happens after the clip ends.
#include <cstdint>
#include <string>
#include <vector>

#include "synth4d/core/geometry.h"

namespace synth4d::sim {

// State of one object at one frame, world frame.
struct BodyState {
  core::Pose X_WB;                   // pose of the body (bounding-box centre), (w, x, y, z)
  glm::dvec3 v_W{0.0};               // linear velocity, m/s
  glm::dvec3 w_W{0.0};               // angular velocity, rad/s
};

// Camera at one frame: world-from-camera pose with OpenCV axes (x right, y down, z forward).
struct CameraState {
  core::Pose X_WC;
  core::Intrinsics K;
};

struct FrameRecord {
  double t_s = 0.0;
  std::vector<BodyState> bodies;     // indexed like ResolvedScene::objects
  std::vector<CameraState> cameras;  // indexed like ResolvedScene::cameras
};

// Two bodies (or a body and the ground, index -1) in contact from first_frame to last_frame.
// Frame i counts as in contact when the pair touched (a contact point within 1 mm, or a non-zero
// normal impulse) after any internal step in (t_{i-1}, t_i]; frame 0 uses the initial state.
// body_a < body_b for two bodies; body_a is the body and body_b = -1 for the ground. Scripted
// bodies touch only dynamic bodies (Bullet does not collide kinematic with static or kinematic).
// Sorted by (first_frame, body_a, body_b).
struct ContactEvent {
  int body_a = -1;
  int body_b = -1;                  // -1 = ground
  int first_frame = 0;
  int last_frame = 0;
  double max_impulse_ns = 0.0;      // largest normal impulse of one internal step (summed over
                                    // the pair's contact points), N s
};

// A change in an object's motion, detected from the recorded velocities with the thresholds of
// SimOptions::events (sim/simulate.h). Sorted by (frame, body, kind).
struct MotionEvent {
  enum class Kind { kStart, kStop, kReversal, kTurnLeft, kTurnRight, kBounce };
  Kind kind = Kind::kStart;
  int body = 0;
  int frame = 0;
  // start/stop: speed (m/s) at `frame`; reversal: angle between the velocities (rad);
  // turns: signed heading change (rad, + = CCW seen from above); bounce: upward speed (m/s).
  double value = 0.0;
};

// A sign that the simulation is not physically plausible (rules: sim/simulate.h, GlitchTolerances).
// Sorted by (frame, kind, body).
struct Glitch {
  enum class Kind { kPenetration, kEnergyGain, kNonFinite };
  Kind kind = Kind::kPenetration;
  int frame = 0;
  int body = -1;                    // the (first) body concerned, -1 when none
  double value = 0.0;               // penetration depth (m), energy gained (J), 0 (non-finite)
  std::string message;
};

struct SimTrace {
  double fps = 30.0;
  double step_hz = 240.0;                  // internal step rate used (a whole multiple of fps)
  std::vector<FrameRecord> frames;         // the clip: round(duration * fps) frames
  std::vector<FrameRecord> future_frames;  // simulated past the clip end (SimOptions::extra_s)
  std::vector<ContactEvent> contacts;
  std::vector<MotionEvent> motion_events;
  std::vector<Glitch> glitches;
};

// Stable lower-case names ("start", "turn_left", "penetration", ...).
const char* MotionEventKindName(MotionEvent::Kind k);
const char* GlitchKindName(Glitch::Kind k);

}  // namespace synth4d::sim
