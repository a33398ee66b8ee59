#pragma once
// Scene builders shared by the simulation tests (values built in C++, no YAML).
#include <gtest/gtest.h>

#include <string>

#include "synth4d/sim/simulate.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim::testing {

// A scene of `duration_s` at 30 fps with one static camera and no objects.
inline spec::ResolvedScene EmptyScene(double duration_s = 2.0) {
  spec::ResolvedScene scene;
  scene.source = "test";
  scene.clip.duration_s = duration_s;
  scene.clip.fps = 30.0;
  scene.clip.width = 320;
  scene.clip.height = 240;
  scene.cameras.push_back({});
  scene.cameras.back().name = "main";
  return scene;
}

// A dynamic body of `shape` with full extents `size` at `position`.
inline spec::ObjectSpec Dynamic(spec::Shape shape, const glm::dvec3& size,
                                const glm::dvec3& position, const std::string& name = "body") {
  spec::ObjectSpec o;
  o.name = name;
  o.shape = shape;
  o.size = size;
  o.position = position;
  o.motion = spec::MotionType::kDynamic;
  return o;
}

// A ball of `radius` (sphere) at `position`, restitution `e`, no damping.
inline spec::ObjectSpec Ball(double radius, const glm::dvec3& position, double e = 0.5,
                             const std::string& name = "ball") {
  spec::ObjectSpec o = Dynamic(spec::Shape::kSphere, glm::dvec3(2.0 * radius), position, name);
  o.restitution = e;
  o.angular_damping = 0.0;
  return o;
}

// A scripted box with a front axis +X running `segments`.
inline spec::ObjectSpec Scripted(std::vector<spec::Segment> segments,
                                 const glm::dvec3& position = {0.0, 0.0, 0.25},
                                 const std::string& name = "car") {
  spec::ObjectSpec o;
  o.name = name;
  o.shape = spec::Shape::kBox;
  o.size = {0.8, 0.4, 0.5};
  o.position = position;
  o.front = glm::dvec3(1.0, 0.0, 0.0);
  o.motion = spec::MotionType::kScripted;
  o.segments = std::move(segments);
  return o;
}

// Simulates and fails the test on an error.
inline SimTrace MustSimulate(const spec::ResolvedScene& scene, const SimOptions& options = {}) {
  auto trace = Simulate(scene, options);
  EXPECT_TRUE(trace.ok()) << (trace.ok() ? "" : trace.error().ToString());
  return trace.ok() ? std::move(trace).value() : SimTrace{};
}

inline void ExpectNear(const glm::dvec3& a, const glm::dvec3& b, double tol,
                       const char* what = "") {
  EXPECT_NEAR(a.x, b.x, tol) << what;
  EXPECT_NEAR(a.y, b.y, tol) << what;
  EXPECT_NEAR(a.z, b.z, tol) << what;
}

}  // namespace synth4d::sim::testing
