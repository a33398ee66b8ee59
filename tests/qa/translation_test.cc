// camera_translation against hand-made truth: every answer, and the cases it must refuse.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qa_test_util.h"
#include "truth_builder.h"

namespace synth4d::qa {
namespace {

using testing::AnswerOf;
using testing::Eval;
using ::testing::HasSubstr;
using testing::Linear;
using testing::Shipped;
using testing::TruthBuilder;
using testing::ValueOf;

// The default camera sits at (0, -8, 4) looking at the origin: +x is right in the image and +y
// is away from the camera.
std::string Direction(const testing::PoseFn& pose, const std::string& tmpl = "translation_camera",
                      bool rendered = true) {
  TruthBuilder b;
  b.Add("cube", "box", "red", pose);
  return ValueOf(Eval(b.Build(rendered), Shipped(tmpl), {0}));
}

TEST(CameraTranslation, RightLeftTowardAwayStill) {
  EXPECT_EQ(Direction(Linear({-1.5, 0, 0.25}, {0.75, 0, 0})), "right");
  EXPECT_EQ(Direction(Linear({1.5, 0, 0.25}, {-0.75, 0, 0})), "left");
  EXPECT_EQ(Direction(Linear({0, 3, 0.25}, {0, -1.5, 0})), "toward");
  EXPECT_EQ(Direction(Linear({0, -3, 0.25}, {0, 1.5, 0})), "away");
  EXPECT_EQ(Direction(Linear({0.5, 0.5, 0.25}, {0, 0, 0})), "still");
}

TEST(CameraTranslation, EvidenceRationaleAndMinFrames) {
  TruthBuilder b;
  b.Add("cube", "box", "red", Linear({-1.5, 0, 0.25}, {0.75, 0, 0}));
  const Evaluation e = Eval(b.Build(), Shipped("translation_camera"), {0});
  const Answer& a = AnswerOf(e);
  EXPECT_EQ(e.min_frames, 2);  // a steady motion is clear from the first and last frames
  EXPECT_EQ(a.evidence.frames, (std::vector<int>{0, 119}));
  const std::vector<double>& x = *a.evidence.Find("centre_x_px");
  EXPECT_LT(x[0], 224.0);
  EXPECT_GT(x[1], 224.0);
  EXPECT_GT(a.pixel_speed, 30.0);
  EXPECT_THAT(a.rationale, HasSubstr("the cube is at x = "));
  EXPECT_THAT(a.rationale, HasSubstr("So it moves right."));
}

TEST(CameraTranslation, OffAxisApproachIsTowardNotSideways) {
  // Straight toward the camera but 2 m to the right: perspective pushes it right on screen by
  // ~80 px while its depth halves (~300 px on the common scale), so depth dominates.
  EXPECT_EQ(Direction(Linear({2, 3, 0.25}, {0, -1.5, 0})), "toward");
}

TEST(CameraTranslation, RefusesDiagonalMotion) {
  EXPECT_THAT(Direction(Linear({-1, 1, 0.25}, {0.5, -0.5, 0})), HasSubstr("diagonal"));
}

TEST(CameraTranslation, RefusesTinyMotion) {
  EXPECT_THAT(Direction(Linear({0, 0, 0.25}, {0.03, 0, 0})), HasSubstr("small motion"));
}

TEST(CameraTranslation, RefusesBackAndForth) {
  EXPECT_THAT(Direction(testing::Path({{-1.5, 0, 0.25}, {1.5, 0, 0.25}, {-0.5, 0, 0.25}}, 4.0)),
              HasSubstr("back-and-forth"));
}

TEST(CameraTranslation, RefusesVerticalMotion) {
  EXPECT_THAT(Direction(Linear({0, 0, 3.0}, {0, 0, -0.7})), HasSubstr("vertical"));
}

TEST(CameraTranslation, RefusesLowVisibility) {
  TruthBuilder b;
  const int cube = b.Add("cube", "box", "red", Linear({-1.5, 0, 0.25}, {0.75, 0, 0}));
  b.Visibility(cube, [](double t) { return t < 1.0 ? 1.0 : 0.2; });
  EXPECT_THAT(ValueOf(Eval(b.Build(), Shipped("translation_camera"), {0})),
              HasSubstr("visible in"));
}

TEST(CameraTranslation, RefusesObjectLeavingTheView) {
  // Leaves the image to the right after about a second.
  EXPECT_THAT(Direction(Linear({2.5, 0, 0.25}, {3, 0, 0})), HasSubstr("visible"));
}

TEST(CameraTranslation, RefusesMovingCameraButScreenTemplateAnswers) {
  TruthBuilder b;
  // The camera pans left (its view turns counter-clockwise seen from above): the static cube
  // moves right across the image.
  const glm::dvec3 eye(0, -8, 4), target(0, 0, 0);
  b.Camera([=](double t) {
    return core::LookAt(eye, eye + glm::angleAxis(0.1 * t, glm::dvec3(0, 0, 1)) * (target - eye));
  });
  b.Add("cube", "box", "red", Linear({0, 0, 0.25}, {0, 0, 0}));
  const truth::VideoTruth t = b.Build();
  EXPECT_THAT(ValueOf(Eval(t, Shipped("translation_camera"), {0})), HasSubstr("camera moves"));
  EXPECT_EQ(ValueOf(Eval(t, Shipped("translation_screen"), {0})), "right");
}

TEST(CameraTranslation, GeometricTruthStillAnswers) {
  EXPECT_EQ(Direction(Linear({1.5, 0, 0.25}, {-0.75, 0, 0}), "translation_camera", false), "left");
}

TEST(CameraTranslation, RefusesWhenTheReferenceIsNotUnique) {
  TruthBuilder b;
  b.Add("a", "box", "red", Linear({-1.5, 0, 0.25}, {0.75, 0, 0}));
  b.Add("b", "box", "red", Linear({-1.5, 2, 0.25}, {0.75, 0, 0}));
  EXPECT_THAT(ValueOf(Eval(b.Build(), Shipped("translation_camera"), {0})),
              HasSubstr("no unique description"));
}

}  // namespace
}  // namespace synth4d::qa
