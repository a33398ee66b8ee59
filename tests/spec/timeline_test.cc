// The reference kinematics: formulas of every segment kind, velocities consistent with poses,
// and the state carried between segments that the resolver reads.
#include "synth4d/spec/timeline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>

#include "synth4d/core/geometry.h"
#include "test_util.h"

namespace synth4d::spec {
namespace {

using Kind = Segment::Kind;
constexpr double kPi = std::numbers::pi;
const glm::dvec3 kFront(1.0, 0.0, 0.0);

// A scripted box with a front axis +X running `segments`.
ObjectSpec Scripted(std::vector<Segment> segments, const glm::dvec3& position = {0.0, 0.0, 0.25}) {
  ObjectSpec o;
  o.name = "car";
  o.size = {0.8, 0.4, 0.5};
  o.position = position;
  o.front = kFront;
  o.motion = MotionType::kScripted;
  o.segments = std::move(segments);
  return o;
}

// State of `o` at t_s, planning its timeline afresh.
KinematicState At(const ObjectSpec& o, double t_s) { return Timeline(o).Evaluate(t_s); }

void ExpectNear(const glm::dvec3& a, const glm::dvec3& b, double tol, const char* what = "") {
  EXPECT_NEAR(a.x, b.x, tol) << what;
  EXPECT_NEAR(a.y, b.y, tol) << what;
  EXPECT_NEAR(a.z, b.z, tol) << what;
}

Segment Move(glm::dvec3 direction, double speed, double duration) {
  return {.kind = Kind::kMove, .duration_s = duration, .direction = direction, .speed = speed};
}

double HeadingAt(const ObjectSpec& o, double t) { return core::Heading(At(o, t).X_WB.q, kFront); }

// Central differences of the pose match the reported linear and angular velocity.
void ExpectVelocitiesMatchPoses(const ObjectSpec& o, double t_end) {
  const double h = 1e-6;
  for (double t = 0.013; t < t_end; t += 0.097) {
    const KinematicState a = At(o, t - h), b = At(o, t + h);
    const KinematicState s = At(o, t);
    ExpectNear((b.X_WB.p - a.X_WB.p) / (2 * h), s.v_W, 1e-5, "linear velocity");
    // Small rotation dq ~ (1, w h): its vector part over h is the angular velocity.
    const glm::dquat dq = b.X_WB.q * glm::conjugate(a.X_WB.q);
    const glm::dvec3 w = (dq.w < 0 ? -2.0 : 2.0) * glm::dvec3(dq.x, dq.y, dq.z) / (2 * h);
    ExpectNear(w, s.w_W, 1e-5, "angular velocity");
  }
}

TEST(TimelineTest, MoveAtConstantVelocityFacesTravelThenHolds) {
  const auto o = Scripted({Move({0, 1, 0}, 2.0, 1.5)}, {1, 2, 0.25});
  const KinematicState s = At(o, 0.5);
  ExpectNear(s.X_WB.p, {1, 3, 0.25}, 1e-12);
  ExpectNear(s.v_W, {0, 2, 0}, 1e-12);
  EXPECT_NEAR(HeadingAt(o, 0.5), kPi / 2, 1e-12);  // the front (+X) turned to face +Y
  const KinematicState end = At(o, 5.0);
  ExpectNear(end.X_WB.p, {1, 5, 0.25}, 1e-12);
  ExpectNear(end.v_W, glm::dvec3(0.0), 0.0);
  EXPECT_EQ(Timeline(o).Duration(), 1.5);
  ExpectNear(At(o, -1.0).X_WB.p, {1, 2, 0.25}, 0.0);
}

TEST(TimelineTest, MoveToTargetWithSmoothEasing) {
  Segment s{.kind = Kind::kMove,
            .duration_s = 2.0,
            .easing = Easing::kSmooth,
            .target = glm::dvec3(4, 0, 0.25)};
  const auto o = Scripted({s});
  ExpectNear(At(o, 0.5).X_WB.p, {4 * 0.15625, 0, 0.25}, 1e-12);  // smoothstep(1/4)
  ExpectNear(At(o, 1.0).X_WB.p, {2, 0, 0.25}, 1e-12);
  ExpectNear(At(o, 1.0).v_W, {3, 0, 0}, 1e-12);  // 4 m * 1.5 / 2 s
  ExpectNear(At(o, 0.0).v_W, glm::dvec3(0.0), 1e-12);
  ExpectNear(At(o, 2.0).X_WB.p, {4, 0, 0.25}, 1e-12);
  ExpectVelocitiesMatchPoses(o, 2.0);
  // With a speed and no duration, the duration is distance / speed.
  Segment by_speed{.kind = Kind::kMove, .speed = 2.0, .target = glm::dvec3(0, 3, 0.25)};
  EXPECT_DOUBLE_EQ(Timeline(Scripted({by_speed})).Duration(), 1.5);
}

TEST(TimelineTest, RotateSpinsInPlace) {
  Segment s{.kind = Kind::kRotate, .duration_s = 2.0, .axis = {0, 0, 1}, .angular_speed = 0.5};
  const auto o = Scripted({s}, {1, 1, 0.25});
  const KinematicState st = At(o, 1.0);
  ExpectNear(st.X_WB.p, {1, 1, 0.25}, 0.0);
  EXPECT_NEAR(HeadingAt(o, 1.0), 0.5, 1e-12);
  ExpectNear(st.w_W, {0, 0, 0.5}, 1e-12);
  EXPECT_NEAR(HeadingAt(o, 3.0), 1.0, 1e-12);
  ExpectVelocitiesMatchPoses(o, 2.0);
}

TEST(TimelineTest, TurnFollowsCircularArcOfRadiusSpeedOverRate) {
  const double v = 2.0, turn = kPi / 2, T = 2.0, w = turn / T, R = v / w;
  Segment t{.kind = Kind::kTurn, .duration_s = T, .turn_angle = turn};
  const auto o = Scripted({Move({1, 0, 0}, v, 1.0), t});
  const glm::dvec3 start(2, 0, 0.25);                     // after 1 s at 2 m/s along +X
  const glm::dvec3 centre = start + glm::dvec3(0, R, 0);  // a left turn curves toward +Y
  for (double tau = 0.0; tau <= T; tau += 0.25) {
    const KinematicState s = At(o, 1.0 + tau);
    EXPECT_NEAR(glm::length(s.X_WB.p - centre), R, 1e-9) << tau;
    ExpectNear(s.X_WB.p, centre + R * glm::dvec3(std::sin(w * tau), -std::cos(w * tau), 0), 1e-9);
    EXPECT_NEAR(HeadingAt(o, 1.0 + tau), w * tau, 1e-9);
    if (tau < T) {  // at rest once the turn ends
      EXPECT_NEAR(glm::length(s.v_W), v, 1e-12);
    }
    EXPECT_NEAR(s.X_WB.p.z, 0.25, 0.0);
  }
  ExpectNear(At(o, 3.0).X_WB.p, start + glm::dvec3(R, R, 0), 1e-9);
  ExpectVelocitiesMatchPoses(o, 3.0);
  // A right turn (negative angle) curves the other way, clockwise seen from above.
  Segment right = t;
  right.turn_angle = -turn;
  const auto r = Scripted({Move({1, 0, 0}, v, 1.0), right});
  ExpectNear(At(r, 3.0).X_WB.p, start + glm::dvec3(R, -R, 0), 1e-9);
  EXPECT_NEAR(HeadingAt(r, 3.0), -kPi / 2, 1e-9);
}

TEST(TimelineTest, SmoothTurnEasesHeadingAtConstantSpeed) {
  Segment t{.kind = Kind::kTurn,
            .duration_s = 2.0,
            .easing = Easing::kSmooth,
            .speed = 1.5,
            .turn_angle = kPi};
  const auto o = Scripted({t});
  EXPECT_NEAR(HeadingAt(o, 0.5), kPi * 0.15625, 1e-12);
  EXPECT_NEAR(HeadingAt(o, 2.0), kPi, 1e-12);
  // Reference: fine midpoint integration of the eased heading.
  glm::dvec3 p(0.0, 0.0, 0.25);
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    const double u = (k + 0.5) / n, h = kPi * u * u * (3 - 2 * u);
    p += (2.0 / n) * 1.5 * glm::dvec3(std::cos(h), std::sin(h), 0);
  }
  ExpectNear(At(o, 2.0).X_WB.p, p, 1e-7);
  ExpectVelocitiesMatchPoses(o, 2.0);
}

TEST(TimelineTest, AccelerateAndDecelerateAlongCurrentDirection) {
  Segment acc{.kind = Kind::kAccelerate, .duration_s = 2.0, .speed = 3.0};
  Segment dec{.kind = Kind::kDecelerate, .duration_s = 1.0, .easing = Easing::kSmooth};
  const auto o = Scripted({Move({0, 1, 0}, 1.0, 1.0), acc, dec});
  // Linear: v = 1 + t, y = 1 + t + t^2 / 2 after the 1 m move.
  ExpectNear(At(o, 2.0).v_W, {0, 2, 0}, 1e-12);
  ExpectNear(At(o, 2.0).X_WB.p, {0, 2.5, 0.25}, 1e-12);
  ExpectNear(At(o, 3.0).X_WB.p, {0, 5, 0.25}, 1e-12);
  // Smooth deceleration from 3 to 0 covers the average speed times the duration.
  ExpectNear(At(o, 3.5).v_W, {0, 1.5, 0}, 1e-12);
  ExpectNear(At(o, 4.0).X_WB.p, {0, 6.5, 0.25}, 1e-12);
  EXPECT_NEAR(HeadingAt(o, 3.5), kPi / 2, 1e-12);
  ExpectVelocitiesMatchPoses(o, 4.0);
  // From rest with a front and no travel yet: along the front.
  const auto car = Scripted({acc});
  ExpectNear(At(car, 2.0).X_WB.p, {3, 0, 0.25}, 1e-12);
}

TEST(TimelineTest, WaitHoldsAndReverseBacksUpWithoutTurning) {
  Segment wait{.kind = Kind::kWait, .duration_s = 1.0};
  Segment back{.kind = Kind::kReverse, .duration_s = 1.0};
  const auto o = Scripted({Move({1, 0, 0}, 2.0, 1.0), wait, back});
  ExpectNear(At(o, 1.5).X_WB.p, {2, 0, 0.25}, 0.0);
  ExpectNear(At(o, 1.5).v_W, glm::dvec3(0.0), 0.0);
  // Reverse after a wait goes back the way it came at the last travel speed.
  ExpectNear(At(o, 2.5).v_W, {-2, 0, 0}, 1e-12);
  ExpectNear(At(o, 3.0).X_WB.p, {0, 0, 0.25}, 1e-12);
  EXPECT_NEAR(HeadingAt(o, 2.5), 0.0, 1e-12);  // still facing +X: it backs up
  ExpectVelocitiesMatchPoses(o, 3.0);
}

TEST(TimelineTest, WaypointsAtConstantSpeedFacingEachLeg) {
  Segment path{.kind = Kind::kWaypoints,
               .speed = 2.0,
               .waypoints = {{4, 0, 0.25}, {4, 3, 0.25}, {4, 3, 0.25}, {0, 3, 0.25}}};
  const auto o = Scripted({path});
  EXPECT_DOUBLE_EQ(Timeline(o).Duration(), 5.5);  // 4 + 3 + 4 m at 2 m/s
  ExpectNear(At(o, 1.0).X_WB.p, {2, 0, 0.25}, 1e-12);
  ExpectNear(At(o, 3.0).X_WB.p, {4, 2, 0.25}, 1e-12);
  ExpectNear(At(o, 3.0).v_W, {0, 2, 0}, 1e-12);
  EXPECT_NEAR(HeadingAt(o, 3.0), kPi / 2, 1e-12);
  ExpectNear(At(o, 5.0).X_WB.p, {1, 3, 0.25}, 1e-12);
  EXPECT_NEAR(std::abs(HeadingAt(o, 5.0)), kPi, 1e-12);
  ExpectNear(At(o, 9.0).X_WB.p, {0, 3, 0.25}, 1e-12);
  ExpectVelocitiesMatchPoses(o, 5.5);
  // Without face_motion the body keeps its orientation.
  Segment keep = path;
  keep.face_motion = false;
  EXPECT_NEAR(HeadingAt(Scripted({keep}), 3.0), 0.0, 0.0);
}

TEST(TimelineTest, BodiesWithoutFrontTurnWithTheirVelocity) {
  auto o = Scripted({Move({1, 0, 0}, 1.0, 1.0), Move({0, -1, 0}, 1.0, 1.0)});
  o.front.reset();
  EXPECT_NEAR(HeadingAt(o, 0.5), 0.0, 1e-12);       // the first move sets the travel direction
  EXPECT_NEAR(HeadingAt(o, 1.5), -kPi / 2, 1e-12);  // and a new one yaws the body by the change
}

// The state carried into each segment: what the resolver reads for `forward`, `to` and speeds.
TEST(TimelineTest, CarriesPoseVelocityDirectionAndCruiseSpeed) {
  ObjectSpec ball = Scripted({});
  ball.front.reset();
  Timeline t(ball);
  EXPECT_FALSE(t.Direction().has_value());  // no front and no travel yet
  EXPECT_EQ(t.Speed(), 0.0);
  EXPECT_EQ(t.Duration(), 0.0);
  t.Append(Move({1, 0, 0}, 2.0, 1.0));
  ExpectNear(t.End().X_WB.p, {2, 0, 0.25}, 0.0);
  ExpectNear(t.End().v_W, {2, 0, 0}, 0.0);
  ExpectNear(*t.Direction(), {1, 0, 0}, 0.0);
  t.Append({.kind = Kind::kWait, .duration_s = 0.5});
  ExpectNear(t.End().v_W, glm::dvec3(0.0), 0.0);
  EXPECT_EQ(t.Speed(), 2.0);  // at rest: the last cruise speed
  t.Append({.kind = Kind::kReverse, .duration_s = 0.5});
  ExpectNear(t.End().X_WB.p, {1, 0, 0.25}, 1e-15);
  ExpectNear(*t.Direction(), {-1, 0, 0}, 0.0);  // backing up reverses the direction of travel
  t.Append({.kind = Kind::kRotate, .duration_s = 1.0, .angular_speed = kPi / 2});
  ExpectNear(*t.Direction(), {0, -1, 0}, 1e-15);  // rotating turns the direction of travel
  EXPECT_EQ(t.Duration(), 3.0);
  // With a front and no travel yet: the front in the start pose.
  ObjectSpec car = Scripted({});
  car.orientation = glm::angleAxis(kPi / 2, glm::dvec3(0, 0, 1));
  ExpectNear(*Timeline(car).Direction(), {0, 1, 0}, 1e-15);
  ExpectNear(Timeline(car).End().X_WB.p, car.position, 0.0);
}

// Bit-for-bit equality (a KinematicState is 13 doubles: no padding bytes).
bool SameBits(const KinematicState& a, const KinematicState& b) {
  static_assert(sizeof(KinematicState) == 13 * sizeof(double));
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(TimelineTest, AppendingSegmentBySegmentPlansTheSameTimeline) {
  const auto o = Scripted({
      Move({1, 0, 0}, 1.0, 0.5),
      {.kind = Kind::kTurn, .duration_s = 1.0, .turn_angle = kPi / 2},
      {.kind = Kind::kTurn, .duration_s = 0.7, .easing = Easing::kSmooth, .turn_angle = -1.0},
      {.kind = Kind::kAccelerate, .duration_s = 0.5, .speed = 2.0},
      {.kind = Kind::kDecelerate, .duration_s = 0.5, .easing = Easing::kSmooth},
      {.kind = Kind::kWait, .duration_s = 0.3},
      {.kind = Kind::kReverse, .duration_s = 0.4},
      {.kind = Kind::kRotate, .duration_s = 0.5, .axis = {0, 0, 1}, .angular_speed = 2.0},
      {.kind = Kind::kMove,
       .duration_s = 0.6,
       .easing = Easing::kSmooth,
       .target = glm::dvec3(1, 1, 0.25)},
      {.kind = Kind::kWaypoints, .speed = 1.5, .waypoints = {{2, 1, 0.25}, {2, 2, 0.25}}},
  });
  const Timeline whole(o);
  Timeline grown(Scripted({}));
  for (const Segment& s : o.segments) grown.Append(s);
  ASSERT_EQ(whole.Duration(), grown.Duration());
  for (double t = -0.5; t < whole.Duration() + 0.5; t += 0.01) {
    ASSERT_TRUE(SameBits(whole.Evaluate(t), grown.Evaluate(t))) << t;
  }
}

// The resolver fills state-dependent fields from this timeline, planned up to each segment.
TEST(TimelineTest, ResolverStartsEachSegmentFromTheTimelineState) {
  const ObjectSpec o = testing::Resolve(R"(
objects:
  - name: car
    size: [1, 0.5, 0.4]
    front: +x
    orientation: {yaw: 33}
    position: [-3, -1.8]
    motion:
      type: scripted
      segments:
        - {type: move, direction: forward, speed: 0.7, duration: 0.7}
        - {type: turn, angle: 37, direction: left, duration: 1.3}
        - {type: accelerate, speed: 0.3, duration: 0.7}
        - {type: turn, angle: 50, duration: 0.9}
        - {type: waypoints, points: [[0.3, 0.7], [-0.7, 1.3]], speed: 0.7}
        - {type: move, to: [0.1, 0.1], duration: 1.1}
        - {type: move, direction: forward, speed: 1, duration: 1}
)")
                           .objects[0];
  ASSERT_EQ(o.segments.size(), 7u);
  ObjectSpec start = o;
  start.segments.clear();
  Timeline t(start);
  for (size_t k = 0; k < o.segments.size(); ++k) {
    const Segment& s = o.segments[k];
    if (k == 1 || k == 3) {
      EXPECT_EQ(s.speed, t.Speed()) << k;  // the current speed, exactly
    }
    if (k == 5) {
      const glm::dvec3 delta = *s.target - t.End().X_WB.p;
      EXPECT_EQ(s.direction, delta / glm::length(delta));
      EXPECT_EQ(s.speed, glm::length(delta) / 1.1);
    }
    if (k == 6) {  // forward: the front in the pose this segment starts from
      const glm::dvec3 f = t.End().X_WB.q * kFront;
      ExpectNear(s.direction, glm::normalize(glm::dvec3(f.x, f.y, 0.0)), 1e-15);
    }
    t.Append(s);
  }
}

}  // namespace
}  // namespace synth4d::spec
