#pragma once
// Hand-made VideoTruth for QA tests: objects on given trajectories seen by a given camera. Camera
// fields (p_C, centre_px) come from core::Project; rendered fields from the projected box.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/geometry.h"
#include "synth4d/truth/video_truth.h"

namespace synth4d::qa::testing {

using PoseFn = std::function<core::Pose(double t_s)>;

// Linear motion from p0 at velocity v (m/s), fixed orientation q.
PoseFn Linear(glm::dvec3 p0, glm::dvec3 v, glm::dquat q = glm::dquat(1, 0, 0, 0));
// Rotation in place about world `axis` at `rate` (rad/s, right-hand rule), from orientation q0.
PoseFn Spin(glm::dvec3 p, glm::dvec3 axis, double rate, glm::dquat q0 = glm::dquat(1, 0, 0, 0));
// Piecewise-linear path through `points` at equal time steps over `duration_s`.
PoseFn Path(std::vector<glm::dvec3> points, double duration_s);

class TruthBuilder {
 public:
  // A clip of `frames` frames at `fps`, `width` x `height` px, 50 deg vertical field of view,
  // camera at (0, -8, 4) looking at the origin.
  explicit TruthBuilder(int frames = 120, double fps = 30.0, int width = 448, int height = 448);

  // Camera pose over time (OpenCV axes).
  TruthBuilder& Camera(PoseFn X_WC);
  // Static camera at `eye` looking at `target`.
  TruthBuilder& StaticCamera(glm::dvec3 eye, glm::dvec3 target);
  // Adds an object; returns its index.
  int Add(std::string name, std::string shape, std::string colour, PoseFn pose,
          glm::dvec3 size = glm::dvec3(0.5), std::string material = "rubber",
          std::optional<glm::dvec3> front = std::nullopt, std::string motion = "scripted");
  // Visible fraction of `object` over time (default 1).
  TruthBuilder& Visibility(int object, std::function<double(double t_s)> fraction);
  // A contact between objects a and b (b = -1: the ground).
  TruthBuilder& Contact(int a, int b, int first_frame, int last_frame);
  // Clip seed and key.
  TruthBuilder& Seed(uint64_t seed, std::string key = "test_000000_cam");
  // The truth; `rendered` fills box, pixel counts, visible_fraction and in_view.
  truth::VideoTruth Build(bool rendered = true) const;

 private:
  struct Object {
    truth::ObjectInfo info;
    PoseFn pose;
    std::function<double(double)> fraction;
  };
  int frames_;
  double fps_;
  int width_, height_;
  PoseFn camera_;
  std::vector<Object> objects_;
  std::vector<sim::ContactEvent> contacts_;
  uint64_t seed_ = 1;
  std::string key_ = "test_000000_cam";
};

}  // namespace synth4d::qa::testing
