#include "synth4d/sim/trace.h"

namespace synth4d::sim {

const char* MotionEventKindName(MotionEvent::Kind k) {
  switch (k) {
    case MotionEvent::Kind::kStart:
      return "start";
    case MotionEvent::Kind::kStop:
      return "stop";
    case MotionEvent::Kind::kReversal:
      return "reversal";
    case MotionEvent::Kind::kTurnLeft:
      return "turn_left";
    case MotionEvent::Kind::kTurnRight:
      return "turn_right";
    case MotionEvent::Kind::kBounce:
      return "bounce";
  }
  return "?";
}

const char* GlitchKindName(Glitch::Kind k) {
  switch (k) {
    case Glitch::Kind::kPenetration:
      return "penetration";
    case Glitch::Kind::kEnergyGain:
      return "energy_gain";
    case Glitch::Kind::kNonFinite:
      return "non_finite";
  }
  return "?";
}

}  // namespace synth4d::sim
