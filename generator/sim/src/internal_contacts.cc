#include "internal_contacts.h"

#include <algorithm>
#include <tuple>

namespace synth4d::sim::internal {

ContactRecorder::ContactRecorder(std::vector<spec::MotionType> motions,
                                 const GlitchTolerances& tolerances)
    : motions_(std::move(motions)), tolerances_(tolerances) {
  frame_.touching.assign(motions_.size(), 0);
}

void ContactRecorder::AddStep(btDispatcher* dispatcher, bool initial) {
  std::map<PairKey, double> step_impulse, step_depth;
  for (int m = 0; m < dispatcher->getNumManifolds(); ++m) {
    const btPersistentManifold* manifold = dispatcher->getManifoldByIndexInternal(m);
    int a = manifold->getBody0()->getUserIndex();
    int b = manifold->getBody1()->getUserIndex();
    if (a == -1 || (b != -1 && b < a)) {
      std::swap(a, b);
    }
    const PairKey key{a, b};
    bool touched = false;
    double impulse = 0.0, deepest = 0.0;
    for (int k = 0; k < manifold->getNumContacts(); ++k) {
      const btManifoldPoint& pt = manifold->getContactPoint(k);
      touched |= pt.getDistance() <= kTouchDistance || pt.getAppliedImpulse() > 0.0;
      impulse += pt.getAppliedImpulse();
      deepest = std::max(deepest, -pt.getDistance());
    }
    if (!touched) {
      continue;
    }
    step_impulse[key] += impulse;
    if (deepest > tolerances_.penetration_m) {
      step_depth[key] = std::max(step_depth[key], deepest);
    }
  }
  std::map<PairKey, int> deep_steps;
  for (const auto& [key, depth] : step_depth) {
    const auto it = deep_steps_.find(key);
    const int steps = deep_steps[key] = (it == deep_steps_.end() ? 0 : it->second) + 1;
    if (initial || steps >= tolerances_.penetration_steps) {
      double& d = frame_.penetration[key];
      d = std::max(d, depth);
    }
  }
  deep_steps_ = std::move(deep_steps);
  for (const auto& [key, impulse] : step_impulse) {
    auto [it, inserted] = frame_impulse_.try_emplace(key, impulse);
    if (!inserted) {
      it->second = std::max(it->second, impulse);
    }
  }
}

FrameContacts ContactRecorder::EndFrame(int frame) {
  for (const auto& [key, impulse] : frame_impulse_) {
    const auto [a, b] = key;
    frame_.touching[a] = 1;
    if (b >= 0) {
      frame_.touching[b] = 1;
    }
    const auto dynamic = [&](int i) { return i >= 0 && motions_[i] == spec::MotionType::kDynamic; };
    const auto scripted = [&](int i) {
      return i >= 0 && motions_[i] == spec::MotionType::kScripted;
    };
    frame_.scripted_input |= (dynamic(a) && scripted(b)) || (scripted(a) && dynamic(b));
    auto it = open_.find(key);
    if (it == open_.end()) {
      open_.emplace(key, ContactEvent{a, b, frame, frame, impulse});
    } else {
      it->second.last_frame = frame;
      it->second.max_impulse_ns = std::max(it->second.max_impulse_ns, impulse);
    }
  }
  for (auto it = open_.begin(); it != open_.end();) {
    if (it->second.last_frame < frame) {
      closed_.push_back(it->second);
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
  FrameContacts out = std::move(frame_);
  frame_ = FrameContacts{};
  frame_.touching.assign(motions_.size(), 0);
  frame_impulse_.clear();
  return out;
}

std::vector<ContactEvent> ContactRecorder::Finish() {
  for (const auto& [key, event] : open_) {
    closed_.push_back(event);
  }
  open_.clear();
  std::sort(closed_.begin(), closed_.end(), [](const ContactEvent& x, const ContactEvent& y) {
    return std::tie(x.first_frame, x.body_a, x.body_b) <
           std::tie(y.first_frame, y.body_a, y.body_b);
  });
  return closed_;
}

}  // namespace synth4d::sim::internal
