#include "internal_glitches.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace synth4d::sim::internal {
namespace {

std::string Name(int body) { return body < 0 ? "ground" : "objects[" + std::to_string(body) + "]"; }

std::string Format(const char* fmt, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

}  // namespace

bool Finite(const glm::dvec3& v) {
  return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

bool Finite(const core::Pose& X) {
  return Finite(X.p) && std::isfinite(X.q.w) && std::isfinite(X.q.x) && std::isfinite(X.q.y) &&
         std::isfinite(X.q.z);
}

bool Finite(const BodyState& s) { return Finite(s.X_WB) && Finite(s.v_W) && Finite(s.w_W); }

bool Finite(const CameraState& s) {
  return Finite(s.X_WC) && std::isfinite(s.K.fx) && std::isfinite(s.K.fy);
}

GlitchRecorder::GlitchRecorder(const GlitchTolerances& tolerances, double dynamic_mass,
                               double gravity)
    : tol_(tolerances), lift_j_(tolerances.energy_lift_m * gravity * dynamic_mass) {}

void GlitchRecorder::Penetration(int frame, const std::map<PairKey, double>& depths) {
  for (const auto& [key, depth] : depths) {
    if (depth <= tol_.penetration_m) {
      continue;
    }
    auto [it, inserted] = penetration_.try_emplace(
        key, Glitch{Glitch::Kind::kPenetration, frame, key.first, depth, ""});
    it->second.value = std::max(it->second.value, depth);
    it->second.message = Name(key.first) + " and " + Name(key.second) + " overlap by up to " +
                         Format("%.4f m", it->second.value);
  }
}

void GlitchRecorder::Energy(int frame, double energy, double kinetic, bool input, int body) {
  if (input || !reference_) {
    reference_ = energy;
    kinetic_max_ = kinetic;
    return;
  }
  kinetic_max_ = std::max(kinetic_max_, kinetic);
  const double gain = energy - *reference_;
  if (gain > lift_j_ + tol_.energy_fraction * kinetic_max_) {
    if (!energy_) {
      energy_ = Glitch{Glitch::Kind::kEnergyGain, frame, body, gain, ""};
    }
    energy_->value = std::max(energy_->value, gain);
    energy_->message = "dynamic bodies gained up to " + Format("%.4f J", energy_->value) +
                       " with no push or scripted contact";
    reference_ = energy;  // report a runaway once, not on every later frame
    return;
  }
  reference_ = std::min(*reference_, energy);
}

void GlitchRecorder::NonFinite(int frame, int body, const std::string& what) {
  if (non_finite_) {
    return;
  }
  non_finite_ = Glitch{Glitch::Kind::kNonFinite, frame, body, 0.0,
                       (body < 0 ? std::string("camera") : Name(body)) + ": non-finite " + what};
}

std::vector<Glitch> GlitchRecorder::Finish() const {
  std::vector<Glitch> out;
  for (const auto& [key, g] : penetration_) {
    out.push_back(g);
  }
  if (energy_) {
    out.push_back(*energy_);
  }
  if (non_finite_) {
    out.push_back(*non_finite_);
  }
  std::stable_sort(out.begin(), out.end(), [](const Glitch& x, const Glitch& y) {
    return std::tie(x.frame, x.kind, x.body) < std::tie(y.frame, y.kind, y.body);
  });
  return out;
}

}  // namespace synth4d::sim::internal
