// Contact intervals, motion events and glitches.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "sim_test_util.h"
#include "synth4d/sim/simulate.h"

namespace synth4d::sim {
namespace {

using namespace testing;
using Kind = MotionEvent::Kind;
using SegKind = spec::Segment::Kind;
constexpr double kPi = std::numbers::pi;

std::vector<MotionEvent> EventsOf(const SimTrace& t, Kind kind, int body = 0) {
  std::vector<MotionEvent> out;
  for (const MotionEvent& e : t.motion_events) {
    if (e.kind == kind && e.body == body) out.push_back(e);
  }
  return out;
}

bool HasGlitch(const SimTrace& t, Glitch::Kind kind) {
  return std::any_of(t.glitches.begin(), t.glitches.end(),
                     [&](const Glitch& g) { return g.kind == kind; });
}

TEST(EventsTest, DroppedBallBouncesOnTheGroundThenStops) {
  auto scene = EmptyScene(4.0);
  scene.objects.push_back(Ball(0.1, {0, 0, 1.1}, 0.6));
  const SimTrace trace = MustSimulate(scene);
  // Impact after sqrt(2 m / g) = 0.45 s: frame 14.
  ASSERT_FALSE(trace.contacts.empty());
  const ContactEvent& first = trace.contacts.front();
  EXPECT_EQ(first.body_a, 0);
  EXPECT_EQ(first.body_b, -1);
  EXPECT_EQ(first.first_frame, 14);
  EXPECT_GT(first.max_impulse_ns, 1.0 * 4.4);  // at least m * impact speed
  const auto bounces = EventsOf(trace, Kind::kBounce);
  ASSERT_GE(bounces.size(), 2u);
  EXPECT_EQ(bounces[0].frame, 14);
  EXPECT_NEAR(bounces[0].value, 0.6 * 4.43, 0.5);  // rebound speed e * v, less g * (one frame)
  EXPECT_EQ(EventsOf(trace, Kind::kStart).size(), 1u);
  EXPECT_EQ(EventsOf(trace, Kind::kStart)[0].frame, 1);
  ASSERT_EQ(EventsOf(trace, Kind::kStop).size(), 1u);
  EXPECT_LT(EventsOf(trace, Kind::kStop)[0].frame, 90);
  // The last interval is the resting contact, open until the end of the clip.
  EXPECT_EQ(trace.contacts.back().last_frame, 119);
  EXPECT_TRUE(EventsOf(trace, Kind::kReversal).empty());  // vertical flips are bounces
  EXPECT_TRUE(trace.glitches.empty());
}

TEST(EventsTest, ScriptedReversalStartAndStop) {
  auto scene = EmptyScene(3.0);
  spec::Segment go{.kind = SegKind::kMove, .duration_s = 1.0, .direction = {1, 0, 0}, .speed = 1.0};
  spec::Segment back{.kind = SegKind::kReverse, .duration_s = 1.0};
  scene.objects.push_back(Scripted({go, back}));
  const SimTrace trace = MustSimulate(scene);
  const auto reversals = EventsOf(trace, Kind::kReversal);
  ASSERT_EQ(reversals.size(), 1u);
  EXPECT_EQ(reversals[0].frame, 30);
  EXPECT_NEAR(reversals[0].value, kPi, 1e-9);
  ASSERT_EQ(EventsOf(trace, Kind::kStart).size(), 1u);
  EXPECT_EQ(EventsOf(trace, Kind::kStart)[0].frame, 0);
  ASSERT_EQ(EventsOf(trace, Kind::kStop).size(), 1u);
  EXPECT_EQ(EventsOf(trace, Kind::kStop)[0].frame, 60);
  EXPECT_TRUE(EventsOf(trace, Kind::kTurnLeft).empty());
  EXPECT_TRUE(EventsOf(trace, Kind::kTurnRight).empty());
}

TEST(EventsTest, TurnsLeftAndRight) {
  auto scene = EmptyScene(5.0);
  spec::Segment go{.kind = SegKind::kMove, .duration_s = 0.5, .direction = {1, 0, 0}, .speed = 1.0};
  spec::Segment right{.kind = SegKind::kTurn, .duration_s = 1.5, .turn_angle = -kPi / 2};
  spec::Segment straight{.kind = SegKind::kAccelerate, .duration_s = 0.5, .speed = 1.0};
  // The arc (radius 3 / pi) ends heading -Y at x = 0.5 + 3 / pi; the path goes on straight down,
  // then turns left to +X at t = 4.045 s (between frames 121 and 122).
  const double x = 0.5 + 3.0 / kPi;
  spec::Segment corner{.kind = SegKind::kWaypoints,
                       .speed = 1.0,
                       .waypoints = {{x, -3.0, 0.25}, {x + 1.0, -3.0, 0.25}}};
  scene.objects.push_back(Scripted({go, right, straight, corner}));
  const SimTrace trace = MustSimulate(scene);
  const auto rights = EventsOf(trace, Kind::kTurnRight);
  ASSERT_EQ(rights.size(), 1u);
  EXPECT_EQ(rights[0].frame, 15);
  EXPECT_NEAR(rights[0].value, -kPi / 2, 1e-9);
  const auto lefts = EventsOf(trace, Kind::kTurnLeft);
  ASSERT_EQ(lefts.size(), 1u);
  EXPECT_EQ(lefts[0].frame, 121);
  EXPECT_NEAR(lefts[0].value, kPi / 2, 1e-9);
  EXPECT_TRUE(EventsOf(trace, Kind::kReversal).empty());
  EXPECT_TRUE(EventsOf(trace, Kind::kStop).empty());
}

TEST(EventsTest, InterpenetratingBoxesAreAGlitch) {
  auto scene = EmptyScene(1.0);
  scene.objects.push_back(Dynamic(spec::Shape::kBox, glm::dvec3(0.5), {0, 0, 0.25}, "a"));
  scene.objects.push_back(Dynamic(spec::Shape::kBox, glm::dvec3(0.5), {0.2, 0.1, 0.35}, "b"));
  const SimTrace trace = MustSimulate(scene);
  ASSERT_FALSE(trace.glitches.empty());
  const Glitch& g = trace.glitches.front();
  EXPECT_EQ(g.kind, Glitch::Kind::kPenetration);
  EXPECT_EQ(g.frame, 0);
  EXPECT_EQ(g.body, 0);
  EXPECT_GT(g.value, 0.2);
  EXPECT_NE(g.message.find("objects[1]"), std::string::npos);
}

TEST(EventsTest, BodyPushedOutOfTheGroundGainsEnergy) {
  auto scene = EmptyScene(1.0);
  // Sunk 20 cm into the ground: the solver lifts it out with no input, gaining m g h ~ 2 J.
  scene.objects.push_back(Dynamic(spec::Shape::kBox, glm::dvec3(0.5), {0, 0, 0.05}, "sunk"));
  const SimTrace trace = MustSimulate(scene);
  ASSERT_EQ(trace.glitches.size(), 2u);
  EXPECT_EQ(trace.glitches[0].kind, Glitch::Kind::kPenetration);
  EXPECT_EQ(trace.glitches[0].frame, 0);
  EXPECT_NE(trace.glitches[0].message.find("ground"), std::string::npos);
  EXPECT_EQ(trace.glitches[1].kind, Glitch::Kind::kEnergyGain);
  EXPECT_EQ(trace.glitches[1].body, 0);
  EXPECT_GT(trace.glitches[1].value, 1.0);
  EXPECT_LT(trace.glitches[1].value, 9.81 * 0.2 + 0.1);
}

TEST(EventsTest, NonFiniteVelocityIsAGlitch) {
  auto scene = EmptyScene(1.0);
  spec::ObjectSpec ball = Ball(0.1, {0, 0, 1});
  ball.dynamic.linear_velocity.x = std::numeric_limits<double>::quiet_NaN();
  scene.objects.push_back(ball);
  const SimTrace trace = MustSimulate(scene);
  ASSERT_EQ(trace.glitches.size(), 1u);
  EXPECT_EQ(trace.glitches[0].kind, Glitch::Kind::kNonFinite);
  EXPECT_EQ(trace.glitches[0].frame, 0);
  EXPECT_EQ(trace.glitches[0].body, 0);
  EXPECT_EQ(trace.frames.size(), 30u);  // the trace keeps its length; the clip is marked
}

TEST(EventsTest, HealthyBusySceneHasNoGlitch) {
  auto scene = EmptyScene(3.0);
  for (int i = 0; i < 3; ++i) {  // a stack of three boxes
    scene.objects.push_back(Dynamic(spec::Shape::kBox, glm::dvec3(0.4), {0, 0, 0.2 + 0.4 * i},
                                    "s" + std::to_string(i)));
  }
  spec::ObjectSpec thrown = Ball(0.15, {-3, 0.05, 0.6}, 0.5, "thrown");
  thrown.dynamic.linear_velocity = {5, 0, 1};
  scene.objects.push_back(thrown);
  const SimTrace trace = MustSimulate(scene);
  for (const Glitch& g : trace.glitches) ADD_FAILURE() << g.message;
  EXPECT_FALSE(HasGlitch(trace, Glitch::Kind::kEnergyGain));
}

}  // namespace
}  // namespace synth4d::sim
