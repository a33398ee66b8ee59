// camera_motion against hand-made camera paths (same conventions as sim::CameraAt).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qa_test_util.h"
#include "truth_builder.h"

namespace synth4d::qa {
namespace {

using testing::Eval;
using ::testing::HasSubstr;
using testing::Shipped;
using testing::TruthBuilder;
using testing::ValueOf;

const glm::dvec3 kEye(0, -8, 4), kTarget(0, 0, 0);

std::string Motion(testing::PoseFn camera) {
  TruthBuilder b;
  b.Camera(std::move(camera));
  b.Add("cube", "box", "red", testing::Linear({0, 0, 0.25}, {0, 0, 0}));
  return ValueOf(Eval(b.Build(), Shipped("camera_motion"), {}));
}

testing::PoseFn Pan(double rate) {
  return [=](double t) {
    return core::LookAt(kEye,
                        kEye + glm::angleAxis(rate * t, glm::dvec3(0, 0, 1)) * (kTarget - kEye));
  };
}

testing::PoseFn Orbit(double rate) {
  return [=](double t) {
    return core::LookAt(glm::angleAxis(rate * t, glm::dvec3(0, 0, 1)) * kEye, kTarget);
  };
}

testing::PoseFn Translate(glm::dvec3 velocity) {
  return [=](double t) {
    core::Pose X = core::LookAt(kEye, kTarget);
    X.p += velocity * t;
    return X;
  };
}

TEST(CameraMotion, EveryKind) {
  EXPECT_EQ(Motion([](double) { return core::LookAt(kEye, kTarget); }), "static");
  EXPECT_EQ(Motion(Pan(0.15)), "pan_left");  // view turns counter-clockwise seen from above
  EXPECT_EQ(Motion(Pan(-0.15)), "pan_right");
  EXPECT_EQ(Motion(Orbit(0.2)), "orbit_counter_clockwise");
  EXPECT_EQ(Motion(Orbit(-0.2)), "orbit_clockwise");
  const glm::dvec3 view = glm::normalize(kTarget - kEye);
  EXPECT_EQ(Motion(Translate(0.5 * view)), "forward");
  EXPECT_EQ(Motion(Translate(-0.5 * view)), "backward");
}

TEST(CameraMotion, RefusesTruckingTiltsAndTinyPans) {
  EXPECT_THAT(Motion(Translate({0.5, 0, 0})), HasSubstr("not along the view"));
  EXPECT_THAT(Motion(Pan(0.02)), HasSubstr("unclear rotation"));  // 4.6 deg in 4 s
  EXPECT_THAT(
      Motion([](double t) { return core::LookAt(kEye, kTarget + glm::dvec3(0, 0, 1.5 * t)); }),
      HasSubstr("unclear rotation"));
}

TEST(CameraMotion, RefusesAPanTooFastForEightFrames) {
  // 2 rad/s: 65 deg between 8 sampled frames, more than the frames can overlap.
  EXPECT_THAT(Motion(Pan(2.0)), HasSubstr("not readable"));
}

}  // namespace
}  // namespace synth4d::qa
