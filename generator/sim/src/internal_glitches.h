#pragma once
// internal: glitch checks (penetration, energy gain without input, non-finite numbers).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "internal_contacts.h"
#include "synth4d/sim/simulate.h"
#include "synth4d/sim/trace.h"

namespace synth4d::sim::internal {

class GlitchRecorder {
 public:
  // `dynamic_mass`: total mass of the dynamic bodies (kg); `gravity` in m/s^2.
  GlitchRecorder(const GlitchTolerances& tolerances, double dynamic_mass, double gravity);
  // Overlaps deeper than the tolerance at `frame`.
  void Penetration(int frame, const std::map<PairKey, double>& depths);
  // Total mechanical and kinetic energy of the dynamic bodies at `frame`; `input` when a push or
  // a scripted body acted during the frame; `body` is the one whose energy rose most.
  void Energy(int frame, double energy, double kinetic, bool input, int body);
  // A non-finite number in the input or state of `body` (-1: a camera) at `frame`.
  void NonFinite(int frame, int body, const std::string& what);
  // All glitches, sorted by (frame, kind, body).
  std::vector<Glitch> Finish() const;

 private:
  GlitchTolerances tol_;
  double lift_j_;                    // energy_lift_m * g * dynamic mass, J
  std::optional<double> reference_;  // minimum energy since the last input
  double kinetic_max_ = 0.0;         // largest kinetic energy since the last input
  std::optional<Glitch> energy_;
  std::map<PairKey, Glitch> penetration_;
  std::optional<Glitch> non_finite_;
};

// True when every number of the value is finite.
bool Finite(const glm::dvec3& v);
bool Finite(const core::Pose& X);
bool Finite(const BodyState& s);
bool Finite(const CameraState& s);

}  // namespace synth4d::sim::internal
