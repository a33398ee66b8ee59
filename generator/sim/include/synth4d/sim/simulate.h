#pragma once
// Simulate: Bullet rigid bodies + scripted kinematics -> SimTrace (positions, contacts, motion
// events, glitches). Single-threaded and deterministic: the same scene and options give a
// bit-identical trace on every run.
// Model: Bullet (double precision) stepped at a fixed rate with gravity along -Z. The ground is a
// static box of environment.ground_size_m whose top face is z = 0; bodies that leave it fall.
// Friction and restitution combine as the product of the two bodies' values; the ground's are 1,
// so an object's own values apply against it. Scripted bodies are kinematic, placed at their
// spec::Timeline state every step (recorded frames equal EvaluateTimeline, sim/timeline.h): they
// push dynamic bodies and pass through static and scripted ones. Fast dynamic bodies use
// continuous collision detection (no tunnelling).
#include "synth4d/core/result.h"
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim {

// Thresholds of the motion events detected from recorded velocities (MotionEvent).
struct EventThresholds {
  // start: speed rises above start_speed_mps; stop: speed stays below stop_speed_mps for
  // stop_hold_s (the event is at the first slow frame). The gap between the two is hysteresis.
  double start_speed_mps = 0.05;
  double stop_speed_mps = 0.02;
  double stop_hold_s = 0.2;
  // reversal: the horizontal velocity (|v_xy| > start_speed_mps) points more than 180° - this
  // angle away from the last moving frame's, no more than reversal_window_s earlier.
  double reversal_angle_rad = 0.5235987755982988;  // 30°
  double reversal_window_s = 0.5;
  // turns: a run of frames whose horizontal heading turns one way faster than turn_rate_radps
  // (and keeps turning faster than half of it) with a total change of at least turn_angle_rad.
  double turn_rate_radps = 0.1;
  double turn_angle_rad = 0.5235987755982988;  // 30°
  // bounce: vertical velocity from below -bounce_speed_mps to above +bounce_speed_mps between two
  // frames while the body touches the ground or another body.
  double bounce_speed_mps = 0.2;
};

// Tolerances of the glitch checks (Glitch). Each glitch is reported once, at its first frame,
// with the largest value seen (per body pair for penetration).
struct GlitchTolerances {
  // Penetration: two bodies (or a body and the ground) overlap deeper than penetration_m (Bullet's
  // contact distances) at t = 0, or on penetration_steps internal steps in a row. A single step
  // is tolerated: a fast impact can sink up to speed * step into the ground before the solver
  // pushes the bodies apart on the next step.
  double penetration_m = 0.01;
  int penetration_steps = 3;
  // Energy gain: over frames with no input (no push acting and no dynamic body touching a scripted
  // one), the mechanical energy of the dynamic bodies (kinetic + rotational + m g z) may not rise
  // above its minimum since the last input by more than
  //   energy_lift_m * g * (total dynamic mass) + energy_fraction * (largest kinetic energy since).
  double energy_lift_m = 0.01;
  double energy_fraction = 0.05;
};

struct SimOptions {
  // Internal step rate (Hz). Every step is exactly 1 / rate; the rate is rounded up to a whole
  // multiple of the clip's fps so frames fall on steps (240 Hz at 30, 24 fps; 250 Hz at 25 fps).
  double step_hz = 240.0;
  // Seconds simulated past the clip end, recorded in SimTrace::future_frames.
  double extra_s = 0.0;
  int solver_iterations = 10;  // Bullet's sequential-impulse iterations per step
  // Bodies slower than these for 2 s sleep (velocity set to 0) until touched or pushed.
  double sleep_linear_mps = 0.02;
  double sleep_angular_radps = 0.05;
  EventThresholds events;
  GlitchTolerances glitch;
};

// Simulates `scene` for its clip (plus options.extra_s). kInvalidArgument for a scene or options
// it cannot run (field path in the issue), kNotFound / kInvalidArgument for mesh assets.
// Non-finite initial states or pushes are not errors: they give a kNonFinite glitch, and from a
// non-finite number on the physics stops (dynamic bodies keep their last state).
core::Result<SimTrace> Simulate(const spec::ResolvedScene& scene, const SimOptions& options = {});

}  // namespace synth4d::sim
