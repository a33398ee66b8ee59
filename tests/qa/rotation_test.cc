// rotation_sense and spinning against hand-made truth, including rotations that cannot be seen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qa_test_util.h"
#include "truth_builder.h"

namespace synth4d::qa {
namespace {

using testing::Eval;
using ::testing::HasSubstr;
using testing::Shipped;
using testing::Spin;
using testing::TruthBuilder;
using testing::ValueOf;

std::string Sense(const std::string& tmpl, const std::string& shape, glm::dvec3 axis, double rate,
                  TruthBuilder b = TruthBuilder()) {
  b.Add("thing", shape, "red", Spin({0, 0, 0.5}, axis, rate), glm::dvec3(1.0));
  return ValueOf(Eval(b.Build(), Shipped(tmpl), {0}));
}

TEST(RotationAbove, SenseFollowsTheYawRate) {
  EXPECT_EQ(Sense("rotation_above", "box", {0, 0, 1}, 1.0), "counter_clockwise");
  EXPECT_EQ(Sense("rotation_above", "box", {0, 0, 1}, -1.0), "clockwise");
  EXPECT_EQ(Sense("rotation_above", "box", {0, 0, 1}, 0.0), "still");
}

TEST(RotationAbove, RefusesATumbleAboutAHorizontalAxis) {
  EXPECT_THAT(Sense("rotation_above", "box", {1, 0, 0}, 1.0), HasSubstr("rotation axis"));
}

TEST(RotationCamera, SpinAboutVerticalSeenFromAnElevatedCamera) {
  // The default camera looks down 27 deg: the vertical axis is 63 deg from its line of sight and
  // points toward the camera, so the sense matches the one seen from above.
  EXPECT_EQ(Sense("rotation_camera", "box", {0, 0, 1}, 1.0), "counter_clockwise");
  // A spin about the line of sight itself: +angle about the axis pointing at the camera is
  // counter-clockwise on screen.
  const glm::dvec3 to_camera = glm::normalize(glm::dvec3(0, -8, 3.5));
  EXPECT_EQ(Sense("rotation_camera", "box", to_camera, 1.0), "counter_clockwise");
  EXPECT_EQ(Sense("rotation_camera", "box", -to_camera, 1.0), "clockwise");
}

TEST(RotationCamera, RefusesASpinSeenEdgeOn) {
  TruthBuilder side;
  side.StaticCamera({0, -8, 0.5}, {0, 0, 0.5});  // horizontal view: a vertical spin is edge-on
  EXPECT_THAT(Sense("rotation_camera", "box", {0, 0, 1}, 1.0, side), HasSubstr("line of sight"));
}

TEST(RotationAbove, SymmetricPrimitivesNeedTheirStripes) {
  // With stripes (the renderer's default) a sphere's spin about its axis is visible...
  EXPECT_EQ(Sense("rotation_above", "sphere", {0, 0, 1}, 0.5), "counter_clockwise");
  // ...without them it cannot be seen and the question is refused.
  Template plain = Shipped("rotation_above");
  plain.params.SetNumber("patterned_primitives", 0.0);
  TruthBuilder b;
  b.Add("ball", "sphere", "red", Spin({0, 0, 0.5}, {0, 0, 1}, 0.5), glm::dvec3(1.0));
  b.Add("can", "cylinder", "blue", Spin({2, 0, 0.5}, {0, 0, 1}, 0.5), glm::dvec3(1.0));
  const truth::VideoTruth t = b.Build();
  EXPECT_THAT(ValueOf(Eval(t, plain, {0})), HasSubstr("symmetry axis"));
  EXPECT_THAT(ValueOf(Eval(t, plain, {1})), HasSubstr("symmetry axis"));
}

TEST(RotationAbove, RefusesASpinTooFastForEightFrames) {
  // 2.2 rad/s turns a cube 71 deg between 8 sampled frames: with its 90 deg symmetry that looks
  // like 19 deg the other way, so the sampled frames contradict the true sense.
  EXPECT_THAT(Sense("rotation_above", "box", {0, 0, 1}, 2.2), HasSubstr("not readable from 8"));
  // A sphere's 8 stripe pairs repeat every 45 deg: 1 rad/s is already too fast to read.
  EXPECT_THAT(Sense("rotation_above", "sphere", {0, 0, 1}, 1.0), HasSubstr("not readable from 8"));
}

TEST(Spinning, YesNoAndInvisible) {
  EXPECT_EQ(Sense("rotation_spinning", "box", {1, 0, 0}, 1.0), "yes");
  EXPECT_EQ(Sense("rotation_spinning", "cone", {0, 0, 1}, 0.0), "no");
  Template plain = Shipped("rotation_spinning");
  plain.params.SetNumber("patterned_primitives", 0.0);
  TruthBuilder b;
  b.Add("ball", "sphere", "red", Spin({0, 0, 0.5}, {1, 1, 0}, 0.5), glm::dvec3(1.0));
  EXPECT_THAT(ValueOf(Eval(b.Build(), plain, {0})), HasSubstr("symmetry axis"));
}

}  // namespace
}  // namespace synth4d::qa
