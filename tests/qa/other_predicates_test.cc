// Own-frame, continuity, relative-motion, event and counting predicates against hand-made truth.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "qa_test_util.h"
#include "truth_builder.h"

namespace synth4d::qa {
namespace {

using testing::AnswerOf;
using testing::Eval;
using ::testing::HasSubstr;
using testing::Linear;
using testing::Path;
using testing::Shipped;
using testing::TruthBuilder;
using testing::ValueOf;

const glm::dvec3 kFront(1, 0, 0);

// A car driving at `speed` from p0 with heading rate `omega` (rad/s, + = left), nose = body +X.
testing::PoseFn Drive(glm::dvec3 p0, double speed, double omega, double heading0 = 0.0) {
  return [=](double t) {
    const double h = heading0 + omega * t;
    glm::dvec3 p = p0;
    if (std::abs(omega) < 1e-12) {
      p += speed * t * glm::dvec3(std::cos(h), std::sin(h), 0);
    } else {
      const double r = speed / omega;
      p += r * glm::dvec3(std::sin(h) - std::sin(heading0), std::cos(heading0) - std::cos(h), 0);
    }
    return core::Pose{p, glm::angleAxis(h, glm::dvec3(0, 0, 1))};
  };
}

std::string Own(const std::string& tmpl, testing::PoseFn pose,
                std::optional<glm::dvec3> front = kFront) {
  TruthBuilder b;
  b.Add("car", "box", "red", std::move(pose), {0.8, 0.4, 0.3}, "metal", front);
  return ValueOf(Eval(b.Build(), Shipped(tmpl), {0}));
}

TEST(OwnTurn, LeftRightStraight) {
  EXPECT_EQ(Own("translation_object_turn", Drive({-1.5, -0.5, 0.15}, 0.8, 0.4)), "left");
  EXPECT_EQ(Own("translation_object_turn", Drive({-1.5, 0.5, 0.15}, 0.8, -0.4)), "right");
  EXPECT_EQ(Own("translation_object_turn", Drive({-1.5, 0, 0.15}, 0.8, 0.0)), "straight");
  // Driving away from the camera and turning left: on screen it goes left, its own left too.
  EXPECT_EQ(Own("translation_object_turn", Drive({0, -1, 0.15}, 0.8, 0.4, M_PI / 2)), "left");
}

TEST(OwnTurn, RefusesWithoutFrontOrUpright) {
  EXPECT_THAT(Own("translation_object_turn", Drive({-1.5, 0, 0.15}, 0.8, 0.4), std::nullopt),
              HasSubstr("has no front"));
  TruthBuilder b;
  const glm::dquat upside_down = glm::angleAxis(M_PI, glm::dvec3(1, 0, 0));
  b.Add("car", "box", "red", Linear({-1.5, 0, 0.3}, {0.8, 0, 0}, upside_down), {0.8, 0.4, 0.3},
        "metal", kFront);
  EXPECT_THAT(ValueOf(Eval(b.Build(), Shipped("translation_object_turn"), {0})),
              HasSubstr("not upright"));
}

TEST(OwnDirection, ForwardBackwardStill) {
  EXPECT_EQ(Own("translation_object_direction", Drive({-1.5, 0, 0.15}, 0.8, 0.0)), "forward");
  EXPECT_EQ(Own("translation_object_direction", Linear({1.5, 0, 0.15}, {-0.8, 0, 0})), "backward");
  EXPECT_EQ(Own("translation_object_direction", Linear({1.5, 0, 0.15}, {0, 0, 0})), "still");
  EXPECT_THAT(Own("translation_object_direction", Linear({0, -1, 0.15}, {0.4, 0.4, 0})),
              HasSubstr("unclear"));  // crabbing diagonally
}

std::string One(const std::string& tmpl, testing::PoseFn pose) {
  TruthBuilder b;
  b.Add("ball", "sphere", "green", std::move(pose));
  return ValueOf(Eval(b.Build(), Shipped(tmpl), {0}));
}

TEST(DirectionChange, ReversalStraightAndTurn) {
  EXPECT_EQ(One("continuity_direction_change",
                Path({{-1.5, 0, 0.25}, {1.5, 0, 0.25}, {-1.0, 0, 0.25}}, 4.0)),
            "yes");
  EXPECT_EQ(One("continuity_direction_change", Linear({-1.5, 0, 0.25}, {0.75, 0, 0})), "no");
  // A right-angle turn is neither a reversal nor a straight path.
  EXPECT_THAT(One("continuity_direction_change",
                  Path({{-1.5, 0, 0.25}, {0.5, 0, 0.25}, {0.5, 2.0, 0.25}}, 4.0)),
              HasSubstr("neither"));
}

TEST(PredictNext, ExtrapolatesTheEndOfTheClip) {
  // Left for 2 s, then right for 2 s (the template looks at the last 1.5 s): next it will be
  // further right, although over the whole clip it went nowhere.
  EXPECT_EQ(
      One("continuity_predict_next",
          Path({{1.5, 0, 0.25}, {0.5, 0, 0.25}, {-0.5, 0, 0.25}, {0.3, 0, 0.25}, {1.1, 0, 0.25}},
               4.0)),
      "right");
}

TEST(NextMotion, HeldBackEnd) {
  const Template tmpl = Shipped("continuity_next_motion");
  auto next = [&](testing::PoseFn pose) {
    TruthBuilder b;
    b.Add("ball", "sphere", "green", std::move(pose));
    const Evaluation e = Eval(b.Build(), tmpl, {0});
    return ValueOf(e);
  };
  auto along_x = [](std::function<double(double)> x) {
    return [x](double t) { return core::Pose{{x(t), 0, 0.25}, glm::dquat(1, 0, 0, 0)}; };
  };
  EXPECT_EQ(next(Linear({-1.5, 0, 0.25}, {0.75, 0, 0})), "continues");
  // Moves right until 3.1 s, then stands still; the cut is at 3.0 s.
  EXPECT_EQ(next(along_x([](double t) { return t < 3.1 ? -1.5 + 0.5 * t : 0.05; })), "stops");
  // Moves right until 3.1 s, then comes back fast.
  EXPECT_EQ(
      next(along_x([](double t) { return t < 3.1 ? -2 + 0.75 * t : 0.325 - 1.5 * (t - 3.1); })),
      "reverses");
  // Still before the cut: nothing to continue.
  EXPECT_THAT(next(Linear({-1.5, 0, 0.25}, {0, 0, 0})), HasSubstr("moves only"));
  TruthBuilder b;
  b.Add("ball", "sphere", "green", Linear({-1.5, 0, 0.25}, {0.75, 0, 0}));
  const std::vector<QaItem> items = GenerateQa(b.Build(), {tmpl}, {});
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].video_end_frame, 90);  // 4 s at 30 fps, last second held back
}

TEST(Fastest, ClearWinnerAndNearTie) {
  TruthBuilder b;
  b.Add("a", "box", "red", Linear({-1.5, 0, 0.25}, {0.9, 0, 0}));
  b.Add("b", "sphere", "blue", Linear({-1.0, 1.5, 0.25}, {0.2, 0, 0}));
  b.Add("c", "cone", "green", Linear({1.0, -1.0, 0.25}, {0, 0, 0}));
  const Evaluation e = Eval(b.Build(), Shipped("relative_fastest"), {});
  EXPECT_EQ(ValueOf(e), "a");
  EXPECT_EQ(AnswerOf(e).object, 0);
  TruthBuilder tie;
  tie.Add("a", "box", "red", Linear({-1.5, 0, 0.25}, {0.9, 0, 0}));
  tie.Add("b", "sphere", "blue", Linear({-1.5, 1.5, 0.25}, {0.8, 0, 0}));
  EXPECT_THAT(ValueOf(Eval(tie.Build(), Shipped("relative_fastest"), {})), HasSubstr("too close"));
}

TEST(DistanceChange, CloserApartSame) {
  auto rel = [](glm::dvec3 v1, glm::dvec3 v2) {
    TruthBuilder b;
    b.Add("a", "box", "red", Linear({-1.5, 0, 0.25}, v1));
    b.Add("b", "sphere", "blue", Linear({1.5, 0, 0.25}, v2));
    return ValueOf(Eval(b.Build(), Shipped("relative_distance"), {0, 1}));
  };
  EXPECT_EQ(rel({0.3, 0, 0}, {-0.3, 0, 0}), "closer");
  EXPECT_EQ(rel({-0.2, 0, 0}, {0.2, 0, 0}), "apart");
  EXPECT_EQ(rel({0, 0.5, 0}, {0, 0.5, 0}), "same");
  EXPECT_THAT(rel({0.05, 0, 0}, {0, 0, 0}), HasSubstr("neither object moves"));
}

TEST(ReachesFirst, EarlierArrivalWinsTiesAreRefused) {
  auto race = [](glm::dvec3 p1, glm::dvec3 v1, glm::dvec3 p2, glm::dvec3 v2) {
    TruthBuilder b;
    b.Add("a", "box", "red", Linear(p1, v1));
    b.Add("b", "sphere", "blue", Linear(p2, v2));
    b.Add("post", "cylinder", "gray", Linear({1.5, 0, 0.25}, {0, 0, 0}));
    return ValueOf(Eval(b.Build(), Shipped("relative_reaches_first"), {0, 1, 2}));
  };
  // a reaches the post (0.65 m between centres) at ~2.9 s, b at ~1.9 s.
  EXPECT_EQ(race({-2.0, 0, 0.25}, {1, 0, 0}, {1.5, 2.5, 0.25}, {0, -1, 0}), "b");
  EXPECT_THAT(race({-2.0, 0, 0.25}, {1, 0, 0}, {1.5, 3.5, 0.25}, {0, -1, 0}),
              HasSubstr("near tie"));
  EXPECT_EQ(race({-1.0, 0, 0.25}, {-0.5, 0, 0}, {1.5, 1.5, 0.25}, {0, 0.5, 0}), "neither");
}

TEST(FirstHit, FirstContactNothingAndBeingHit) {
  TruthBuilder b;
  const int red = b.Add("red", "sphere", "red", Linear({-1.5, 0, 0.25}, {0.75, 0, 0}));
  const int blue = b.Add("blue", "box", "blue", Linear({0, 0, 0.25}, {0, 0, 0}));
  const int green = b.Add("green", "box", "green", Linear({1.0, 1.0, 0.25}, {0, 0, 0}));
  b.Contact(red, -1, 0, 119);  // rolling on the ground does not count
  b.Contact(red, blue, 50, 53);
  b.Contact(red, green, 80, 82);
  const truth::VideoTruth t = b.Build();
  EXPECT_EQ(ValueOf(Eval(t, Shipped("events_first_hit"), {red})), "blue");
  // The blue cube does not move: it is hit, it does not hit.
  EXPECT_THAT(ValueOf(Eval(t, Shipped("events_first_hit"), {blue})), HasSubstr("is hit"));
  TruthBuilder alone;
  alone.Add("red", "sphere", "red", Linear({-1.5, 0, 0.25}, {0.75, 0, 0}));
  EXPECT_EQ(ValueOf(Eval(alone.Build(), Shipped("events_first_hit"), {0})), "nothing");
}

TEST(FallsOff, YesNoAndNoPlatform) {
  auto fall = [](testing::PoseFn ball) {
    TruthBuilder b;
    b.Add("table", "box", "gray", Linear({0, 0, 0.5}, {0, 0, 0}), glm::dvec3(1.0));
    b.Add("ball", "sphere", "red", std::move(ball), glm::dvec3(0.3));
    return ValueOf(Eval(b.Build(), Shipped("events_falls_off"), {1}));
  };
  EXPECT_EQ(fall(Path({{0, 0, 1.15}, {0.45, 0, 1.15}, {1.0, 0, 0.15}, {1.2, 0, 0.15}}, 4.0)),
            "yes");
  EXPECT_EQ(fall(Path({{-0.3, 0, 1.15}, {0.3, 0, 1.15}}, 4.0)), "no");
  EXPECT_THAT(fall(Linear({2, 0, 0.15}, {-0.2, 0, 0})), HasSubstr("does not start on"));
}

TEST(CountDirection, CountsLeftMovers) {
  TruthBuilder b;
  b.Add("a", "box", "red", Linear({1.5, 0, 0.25}, {-0.75, 0, 0}));
  b.Add("b", "sphere", "blue", Linear({1.0, 1.5, 0.25}, {-0.6, 0, 0}));
  b.Add("c", "cone", "green", Linear({-1.5, -1.0, 0.25}, {0.75, 0, 0}));
  b.Add("d", "cylinder", "yellow", Linear({0, 2, 0.25}, {0, 0, 0}));
  const truth::VideoTruth t = b.Build();
  EXPECT_EQ(ValueOf(Eval(t, Shipped("counting_left"), {})), "2");
  EXPECT_EQ(ValueOf(Eval(t, Shipped("counting_toward"), {})), "0");
  TruthBuilder diag = b;
  diag.Add("e", "capsule", "purple", Linear({-1, 1, 0.25}, {0.5, -0.5, 0}));
  EXPECT_THAT(ValueOf(Eval(diag.Build(), Shipped("counting_left"), {})), HasSubstr("unclear"));
}

TEST(CountBounces, CountsValleysAndRefusesSmallOnes) {
  auto bounces = [](double period_s, double height_m, std::string motion = "dynamic") {
    TruthBuilder b;
    b.Add(
        "ball", "sphere", "red",
        [=](double t) {
          const double z = 0.15 + height_m * std::abs(std::sin(M_PI * (t + 0.5) / period_s));
          return core::Pose{{-1.0 + 0.4 * t, 0, z}, glm::dquat(1, 0, 0, 0)};
        },
        glm::dvec3(0.3), "rubber", std::nullopt, motion);
    return ValueOf(Eval(b.Build(), Shipped("counting_bounces"), {0}));
  };
  EXPECT_EQ(bounces(2.0, 1.0), "2");  // touches down at 1.5 s and 3.5 s
  EXPECT_THAT(bounces(2.0, 0.03), HasSubstr("too small"));
  EXPECT_THAT(bounces(2.0, 1.0, "scripted"), HasSubstr("simulated"));
}

}  // namespace
}  // namespace synth4d::qa
