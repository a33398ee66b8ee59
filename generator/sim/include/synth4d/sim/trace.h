#pragma once
// SimTrace: what the simulation recorded at every output frame (frame i is at t = i / fps).
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
struct ContactEvent {
  int body_a = -1;
  int body_b = -1;                  // -1 = ground
  int first_frame = 0;
  int last_frame = 0;
  double max_impulse_ns = 0.0;      // largest normal impulse of one internal step, N s
};

// A change in an object's motion, detected from the recorded velocities.
struct MotionEvent {
  enum class Kind { kStart, kStop, kReversal, kTurnLeft, kTurnRight, kBounce };
  Kind kind = Kind::kStart;
  int body = 0;
  int frame = 0;
  double value = 0.0;               // speed (start/stop), heading change in rad (turns), ...
};

// A sign that the simulation is not physically plausible.
struct Glitch {
  enum class Kind { kPenetration, kEnergyGain, kNonFinite };
  Kind kind = Kind::kPenetration;
  int frame = 0;
  int body = -1;
  double value = 0.0;               // penetration depth (m), energy gained (J), ...
  std::string message;
};

struct SimTrace {
  double fps = 30.0;
  double step_hz = 240.0;
  std::vector<FrameRecord> frames;
  std::vector<ContactEvent> contacts;
  std::vector<MotionEvent> motion_events;
  std::vector<Glitch> glitches;
};

const char* MotionEventKindName(MotionEvent::Kind k);
const char* GlitchKindName(Glitch::Kind k);

}  // namespace synth4d::sim
