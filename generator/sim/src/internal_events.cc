#include "internal_events.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <tuple>

namespace synth4d::sim::internal {
namespace {

using Kind = MotionEvent::Kind;

struct Detector {
  const std::vector<FrameRecord>& frames;
  const std::vector<std::vector<uint8_t>>& touching;
  double fps;
  const EventThresholds& th;
  std::vector<MotionEvent>* out;

  glm::dvec3 V(int i, int b) const { return frames[i].bodies[b].v_W; }
  int Frames() const { return static_cast<int>(frames.size()); }
  void Emit(Kind kind, int body, int frame, double value) const {
    out->push_back({kind, body, frame, value});
  }

  // Start / stop with hysteresis: a stop needs stop_hold_s of slow frames.
  void StartStop(int b) const {
    const int hold = std::max(1, static_cast<int>(std::lround(th.stop_hold_s * fps)));
    bool moving = false;
    int slow_since = -1;
    for (int i = 0; i < Frames(); ++i) {
      const double speed = glm::length(V(i, b));
      if (!moving) {
        if (speed > th.start_speed_mps) {
          moving = true;
          Emit(Kind::kStart, b, i, speed);
        }
        continue;
      }
      if (speed >= th.stop_speed_mps) {
        slow_since = -1;
        continue;
      }
      if (slow_since < 0) {
        slow_since = i;
      }
      if (i - slow_since + 1 >= hold) {
        moving = false;
        Emit(Kind::kStop, b, slow_since, glm::length(V(slow_since, b)));
        slow_since = -1;
      }
    }
  }

  // Reversals and turns from the horizontal velocity.
  void Horizontal(int b) const {
    const double window = th.reversal_window_s * fps;
    const double reverse_cos = std::cos(th.reversal_angle_rad);
    int last = -1;  // last frame moving horizontally
    glm::dvec2 last_dir(0.0);
    double last_heading = 0.0;
    int run_start = -1, run_sign = 0;
    double run_total = 0.0;
    const auto end_run = [&]() {
      if (run_sign != 0 && std::abs(run_total) >= th.turn_angle_rad) {
        Emit(run_total > 0 ? Kind::kTurnLeft : Kind::kTurnRight, b, run_start, run_total);
      }
      run_sign = 0;
      run_total = 0.0;
    };
    for (int i = 0; i < Frames(); ++i) {
      const glm::dvec2 h(V(i, b));
      const double speed = glm::length(h);
      if (speed <= th.start_speed_mps) {
        end_run();  // turns need consecutive moving frames
        continue;
      }
      const glm::dvec2 dir = h / speed;
      const double heading = std::atan2(dir.y, dir.x);
      const bool recent = last >= 0 && i - last <= window;
      if (recent && glm::dot(dir, last_dir) < -reverse_cos) {
        Emit(Kind::kReversal, b, i, std::acos(std::clamp(glm::dot(dir, last_dir), -1.0, 1.0)));
        end_run();
      } else if (last == i - 1) {
        const double delta = std::remainder(heading - last_heading, 2.0 * std::numbers::pi);
        const double rate = delta * fps;
        const int sign = rate > 0 ? 1 : -1;
        if (run_sign != 0 && sign == run_sign && std::abs(rate) > 0.5 * th.turn_rate_radps) {
          run_total += delta;
        } else {
          end_run();
          if (std::abs(rate) > th.turn_rate_radps) {
            run_sign = sign;
            run_start = i - 1;
            run_total = delta;
          }
        }
      } else {
        end_run();
      }
      last = i;
      last_dir = dir;
      last_heading = heading;
    }
    end_run();
  }

  // Bounces: vertical velocity turns from falling to rising while touching something.
  void Bounces(int b) const {
    for (int i = 1; i < Frames(); ++i) {
      const double before = V(i - 1, b).z, after = V(i, b).z;
      if (before < -th.bounce_speed_mps && after > th.bounce_speed_mps && touching[i][b]) {
        Emit(Kind::kBounce, b, i, after);
      }
    }
  }
};

}  // namespace

std::vector<MotionEvent> DetectMotionEvents(const std::vector<FrameRecord>& frames,
                                            const std::vector<std::vector<uint8_t>>& touching,
                                            const std::vector<spec::MotionType>& motions,
                                            double fps, const EventThresholds& thresholds) {
  std::vector<MotionEvent> out;
  const Detector d{frames, touching, fps, thresholds, &out};
  for (int b = 0; b < static_cast<int>(motions.size()); ++b) {
    if (motions[b] == spec::MotionType::kStatic) {
      continue;
    }
    d.StartStop(b);
    d.Horizontal(b);
    d.Bounces(b);
  }
  std::sort(out.begin(), out.end(), [](const MotionEvent& x, const MotionEvent& y) {
    return std::tie(x.frame, x.body, x.kind) < std::tie(y.frame, y.body, y.kind);
  });
  return out;
}

}  // namespace synth4d::sim::internal
