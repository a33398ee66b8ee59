#include "truth_builder.h"

#include <algorithm>
#include <cmath>

namespace synth4d::qa::testing {

PoseFn Linear(glm::dvec3 p0, glm::dvec3 v, glm::dquat q) {
  return [=](double t) { return core::Pose{p0 + v * t, q}; };
}

PoseFn Spin(glm::dvec3 p, glm::dvec3 axis, double rate, glm::dquat q0) {
  return [=](double t) {
    return core::Pose{p, glm::normalize(glm::angleAxis(rate * t, glm::normalize(axis)) * q0)};
  };
}

PoseFn Path(std::vector<glm::dvec3> points, double duration_s) {
  return [=](double t) {
    const double x = std::clamp(t / duration_s, 0.0, 1.0) * (points.size() - 1);
    const size_t i = std::min(points.size() - 2, static_cast<size_t>(x));
    return core::Pose{glm::mix(points[i], points[i + 1], x - i), glm::dquat(1, 0, 0, 0)};
  };
}

TruthBuilder::TruthBuilder(int frames, double fps, int width, int height)
    : frames_(frames), fps_(fps), width_(width), height_(height) {
  StaticCamera({0, -8, 4}, {0, 0, 0});
}

TruthBuilder& TruthBuilder::Camera(PoseFn X_WC) {
  camera_ = std::move(X_WC);
  return *this;
}

TruthBuilder& TruthBuilder::StaticCamera(glm::dvec3 eye, glm::dvec3 target) {
  const core::Pose X = core::LookAt(eye, target);
  camera_ = [X](double) { return X; };
  return *this;
}

int TruthBuilder::Add(std::string name, std::string shape, std::string colour, PoseFn pose,
                      glm::dvec3 size, std::string material, std::optional<glm::dvec3> front,
                      std::string motion) {
  Object o;
  o.info.id = static_cast<uint32_t>(objects_.size() + 1);
  o.info.name = std::move(name);
  o.info.shape = std::move(shape);
  o.info.color_name = std::move(colour);
  o.info.material = std::move(material);
  o.info.size = size;
  o.info.front = front;
  o.info.motion = std::move(motion);
  o.pose = std::move(pose);
  o.fraction = [](double) { return 1.0; };
  objects_.push_back(std::move(o));
  return static_cast<int>(objects_.size() - 1);
}

TruthBuilder& TruthBuilder::Visibility(int object, std::function<double(double)> fraction) {
  objects_.at(object).fraction = std::move(fraction);
  return *this;
}

TruthBuilder& TruthBuilder::Contact(int a, int b, int first_frame, int last_frame) {
  contacts_.push_back({a, b, first_frame, last_frame, 1.0});
  return *this;
}

TruthBuilder& TruthBuilder::Seed(uint64_t seed, std::string key) {
  seed_ = seed;
  key_ = std::move(key);
  return *this;
}

truth::VideoTruth TruthBuilder::Build(bool rendered) const {
  truth::VideoTruth t;
  t.clip.key = key_;
  t.clip.spec_key = "test";
  t.clip.camera = "cam";
  t.clip.fps = fps_;
  t.clip.num_frames = frames_;
  t.clip.width = width_;
  t.clip.height = height_;
  t.clip.seed = seed_;
  t.clip.synth4d_version = "test";
  t.K = core::FromVerticalFov(width_, height_, 50.0 * 3.14159265358979323846 / 180.0);
  for (const Object& o : objects_) t.objects.push_back(o.info);
  t.frames.assign(objects_.size(), {});
  const double h = 1e-4;
  for (int i = 0; i < frames_; ++i) {
    const double time = i / fps_;
    const core::Pose X_WC = camera_(time);
    t.X_WC.push_back(X_WC);
    const core::Pose X_CW = core::Inverse(X_WC);
    for (size_t k = 0; k < objects_.size(); ++k) {
      const Object& o = objects_[k];
      truth::ObjectFrame f;
      f.X_WB = o.pose(time);
      f.v_W = (o.pose(time + h).p - o.pose(time - h).p) / (2 * h);
      const glm::dquat dq = o.pose(time + h).q * glm::conjugate(o.pose(time - h).q);
      f.w_W = glm::dvec3(dq.x, dq.y, dq.z) * (dq.w < 0 ? -2.0 : 2.0) / (2 * h);
      f.p_C = core::Apply(X_CW, f.X_WB.p);
      if (f.p_C.z > 1e-3) f.centre_px = core::Project(t.K, f.p_C);
      if (rendered) {
        f.rendered = true;
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        bool front_of_camera = true;
        for (int c = 0; c < 8; ++c) {
          const glm::dvec3 corner((c & 1 ? 0.5 : -0.5) * o.info.size.x,
                                  (c & 2 ? 0.5 : -0.5) * o.info.size.y,
                                  (c & 4 ? 0.5 : -0.5) * o.info.size.z);
          const glm::dvec3 p = core::Apply(X_CW, core::Apply(f.X_WB, corner));
          if (p.z <= 1e-3) front_of_camera = false;
          if (!front_of_camera) break;
          const glm::dvec2 px = core::Project(t.K, p);
          x0 = std::min(x0, px.x), y0 = std::min(y0, px.y);
          x1 = std::max(x1, px.x), y1 = std::max(y1, px.y);
        }
        const int bx0 = std::max(0, static_cast<int>(std::floor(x0)));
        const int by0 = std::max(0, static_cast<int>(std::floor(y0)));
        const int bx1 = std::min(width_, static_cast<int>(std::ceil(x1)));
        const int by1 = std::min(height_, static_cast<int>(std::ceil(y1)));
        const int area = front_of_camera && bx1 > bx0 && by1 > by0 ? (bx1 - bx0) * (by1 - by0) : 0;
        f.unoccluded_px = static_cast<int>(0.7 * area);
        f.in_view = f.unoccluded_px > 0;
        f.visible_fraction = f.in_view ? o.fraction(time) : 0.0;
        f.visible_px = static_cast<int>(f.visible_fraction * f.unoccluded_px);
        if (f.visible_px > 0) f.box = std::array<int, 4>{bx0, by0, bx1, by1};
      }
      t.frames[k].push_back(f);
    }
  }
  t.contacts = contacts_;
  return t;
}

}  // namespace synth4d::qa::testing
