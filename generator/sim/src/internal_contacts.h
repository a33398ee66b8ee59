#pragma once
// internal: contact intervals and per-frame contact facts from Bullet's contact manifolds.
#include <btBulletDynamicsCommon.h>

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "synth4d/sim/simulate.h"
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim::internal {

// A body pair (a, b) with a < b, or (body, -1) for a body and the ground.
using PairKey = std::pair<int, int>;

// A contact point counts as touching within this distance (m) or with a non-zero impulse.
inline constexpr double kTouchDistance = 1e-3;

// What the contacts of one frame mean for events and glitch checks.
struct FrameContacts {
  std::vector<uint8_t> touching;          // per body: touched the ground or another body
  bool scripted_input = false;            // a dynamic body touched a scripted body
  std::map<PairKey, double> penetration;  // pairs overlapping too deep (GlitchTolerances), m
};

class ContactRecorder {
 public:
  ContactRecorder(std::vector<spec::MotionType> motions, const GlitchTolerances& tolerances);
  // Reads the dispatcher's manifolds after one step, or after the collision detection at t = 0
  // (`initial`: any overlap beyond the tolerance counts at once).
  void AddStep(btDispatcher* dispatcher, bool initial);
  // Closes frame `frame` (extending or opening intervals) and returns its contact facts.
  FrameContacts EndFrame(int frame);
  // All intervals, sorted by (first_frame, body_a, body_b).
  std::vector<ContactEvent> Finish();

 private:
  std::vector<spec::MotionType> motions_;
  GlitchTolerances tolerances_;
  std::map<PairKey, int> deep_steps_;        // pairs overlapping too deep: steps in a row
  std::map<PairKey, double> frame_impulse_;  // pairs touched this frame: largest step impulse
  FrameContacts frame_;
  std::map<PairKey, ContactEvent> open_;
  std::vector<ContactEvent> closed_;
};

}  // namespace synth4d::sim::internal
