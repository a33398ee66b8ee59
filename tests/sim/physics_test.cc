// Analytic checks of the rigid-body simulation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim_test_util.h"
#include "synth4d/sim/simulate.h"

namespace synth4d::sim {
namespace {

using namespace testing;
constexpr double kG = 9.81;

TEST(PhysicsTest, FreeFallFollowsParabolaUntilImpact) {
  auto scene = EmptyScene(1.0);
  scene.objects.push_back(Ball(0.1, {0, 0, 5.0}));
  const SimTrace trace = MustSimulate(scene);
  ASSERT_EQ(trace.frames.size(), 30u);
  const double dt = 1.0 / trace.step_hz;
  for (const FrameRecord& f : trace.frames) {  // impact at t ~ 0.99 s; the clip stops before
    const double t = f.t_s, drop = 0.5 * kG * t * t;
    const BodyState& b = f.bodies[0];
    // Within 1 % of the analytic drop once it is past the first 100 steps (Euler's lag is
    // dt / t of the drop), and within 1 % of the analytic height throughout.
    if (t >= 100 * dt) {
      EXPECT_NEAR(5.0 - b.X_WB.p.z, drop, 0.01 * drop) << "t=" << t;
    }
    EXPECT_NEAR(b.X_WB.p.z, 5.0 - drop, 0.01 * 5.0) << "t=" << t;
    const double exact = 5.0 - drop;
    // Semi-implicit Euler: z lags the parabola by exactly g t dt / 2, velocity is exact.
    EXPECT_NEAR(b.X_WB.p.z, exact - 0.5 * kG * t * dt, 1e-9) << "t=" << t;
    EXPECT_NEAR(b.v_W.z, -kG * t, 1e-9);
    EXPECT_EQ(b.X_WB.p.x, 0.0);
  }
}

TEST(PhysicsTest, DroppedBallSettlesOnGround) {
  auto scene = EmptyScene(4.0);
  scene.objects.push_back(Ball(0.1, {0.5, -0.3, 1.0}, 0.5));
  const SimTrace trace = MustSimulate(scene);
  const BodyState& end = trace.frames.back().bodies[0];
  EXPECT_NEAR(end.X_WB.p.z, 0.1, 1e-3);  // resting on z = 0 at its radius
  EXPECT_LT(glm::length(end.v_W), 1e-3);
  for (const Glitch& g : trace.glitches) ADD_FAILURE() << g.message;
}

// Height of the first apex after the first bounce, above the resting height r.
double FirstBounceHeight(double e, double h0) {
  auto scene = EmptyScene(2.0);
  scene.clip.fps = 240.0;  // sample every internal step so the apex is not missed
  const double r = 0.1;
  scene.objects.push_back(Ball(r, {0, 0, r + h0}, e));
  const SimTrace trace = MustSimulate(scene);
  bool rising = false;
  double apex = 0.0;
  for (const FrameRecord& f : trace.frames) {
    const BodyState& b = f.bodies[0];
    rising |= b.v_W.z > 0.0;
    if (rising && b.v_W.z < 0.0) break;
    if (rising) apex = std::max(apex, b.X_WB.p.z - r);
  }
  return apex;
}

TEST(PhysicsTest, BounceHeightFollowsRestitutionSquared) {
  // Bullet multiplies the two bodies' restitutions; the ground's is 1, so e is the ball's own.
  // Tolerance 2 %: the impact happens up to one step (1.8 cm at 4.4 m/s) into the ground and
  // gravity acts during the contact step.
  for (double e : {0.5, 0.8, 0.9}) {
    EXPECT_NEAR(FirstBounceHeight(e, 1.0), e * e * 1.0, 0.02 * e * e) << "e=" << e;
  }
}

TEST(PhysicsTest, FastSmallSphereDoesNotTunnelThroughThinWall) {
  auto scene = EmptyScene(0.5);
  spec::ObjectSpec wall;
  wall.name = "wall";
  wall.size = {0.02, 2.0, 2.0};  // 2 cm thick
  wall.position = {1.0, 0.0, 1.0};
  wall.motion = spec::MotionType::kStatic;
  scene.objects.push_back(wall);
  spec::ObjectSpec ball = Ball(0.03, {0, 0, 1.0}, 0.3);
  ball.dynamic.linear_velocity = {80.0, 0.0, 0.0};  // 33 cm per step, 11 times its diameter
  scene.objects.push_back(ball);
  const SimTrace trace = MustSimulate(scene);
  for (const FrameRecord& f : trace.frames) {
    EXPECT_LT(f.bodies[1].X_WB.p.x, 1.0 - 0.01) << "t=" << f.t_s;
  }
  EXPECT_LT(trace.frames.back().bodies[1].v_W.x, 1.0);  // stopped or bounced back
}

TEST(PhysicsTest, KinematicBoxPushesDynamicBox) {
  auto scene = EmptyScene(3.0);
  spec::Segment push{
      .kind = spec::Segment::Kind::kMove, .duration_s = 2.5, .direction = {1, 0, 0}, .speed = 1.0};
  scene.objects.push_back(Scripted({push}, {0, 0, 0.25}, "pusher"));
  spec::ObjectSpec box = Dynamic(spec::Shape::kBox, glm::dvec3(0.5), {1.2, 0, 0.25}, "box");
  box.friction = 0.3;
  scene.objects.push_back(box);
  const SimTrace trace = MustSimulate(scene);
  // Contact after 0.55 s (gap 0.55 m); then the box is carried along ahead of the pusher.
  const FrameRecord& at2 = trace.frames[60];
  const double pusher_front = at2.bodies[0].X_WB.p.x + 0.4;
  const double box_back = at2.bodies[1].X_WB.p.x - 0.25;
  EXPECT_GT(at2.bodies[1].X_WB.p.x, 1.2 + 1.0);
  EXPECT_GE(box_back, pusher_front - 0.01);
  EXPECT_LT(box_back, pusher_front + 0.05);
  EXPECT_NEAR(at2.bodies[1].v_W.x, 1.0, 0.1);
  const auto it =
      std::find_if(trace.contacts.begin(), trace.contacts.end(),
                   [](const ContactEvent& c) { return c.body_a == 0 && c.body_b == 1; });
  ASSERT_NE(it, trace.contacts.end());
  EXPECT_NEAR(it->first_frame, 17, 1);
  EXPECT_GT(it->max_impulse_ns, 0.0);
  for (const Glitch& g : trace.glitches) ADD_FAILURE() << g.message;
}

TEST(PhysicsTest, PrimitivesRestOnTheirBases) {
  auto scene = EmptyScene(2.0);
  const spec::Shape shapes[] = {spec::Shape::kBox, spec::Shape::kCylinder, spec::Shape::kCone,
                                spec::Shape::kCapsule, spec::Shape::kSphere};
  for (int i = 0; i < 5; ++i) {
    const glm::dvec3 size =
        shapes[i] == spec::Shape::kSphere ? glm::dvec3(0.5) : glm::dvec3(0.4, 0.4, 0.6);
    scene.objects.push_back(Dynamic(shapes[i], size, {-2.0 + i, 0.0, 0.5 * size.z + 0.002}));
  }
  const SimTrace trace = MustSimulate(scene);
  for (int i = 0; i < 5; ++i) {
    const BodyState& b = trace.frames.back().bodies[i];
    const double half = 0.5 * scene.objects[i].size.z;
    // Cones carry a 2 mm collision skin (kHullMargin); the others are exact.
    EXPECT_NEAR(b.X_WB.p.z, half, shapes[i] == spec::Shape::kCone ? 0.003 : 1e-3)
        << spec::ShapeName(shapes[i]);
    EXPECT_NEAR(glm::length(b.X_WB.q * glm::dvec3(0, 0, 1) - glm::dvec3(0, 0, 1)), 0.0, 1e-3)
        << spec::ShapeName(shapes[i]) << " stays upright";
  }
  for (const Glitch& g : trace.glitches) ADD_FAILURE() << g.message;
}

TEST(PhysicsTest, ImpulsesAndForcesChangeMomentum) {
  auto scene = EmptyScene(2.0);
  scene.environment.gravity_mps2 = 0.0;
  spec::ObjectSpec a = Ball(0.2, {0, 0, 3}, 0.5, "a");
  a.mass_kg = 2.0;
  a.dynamic.linear_velocity = {0.5, 0, 0};
  a.dynamic.pushes = {{0.5, 0.0, {0, 3.0, 0}}};  // 3 N s impulse at 0.5 s: +1.5 m/s along y
  spec::ObjectSpec b = Ball(0.2, {0, 3, 3}, 0.5, "b");
  b.dynamic.pushes = {{0.25, 0.5, {0, 0, 2.0}}};  // 2 N for 0.5 s on 1 kg: +1 m/s along z
  scene.objects = {a, b};
  const SimTrace trace = MustSimulate(scene);
  ExpectNear(trace.frames[10].bodies[0].v_W, {0.5, 0, 0}, 1e-12);
  ExpectNear(trace.frames[20].bodies[0].v_W, {0.5, 1.5, 0}, 1e-12);
  EXPECT_NEAR(trace.frames[30].bodies[0].X_WB.p.x, 0.5, 1e-9);
  EXPECT_NEAR(trace.frames[7].bodies[1].v_W.z, 0.0, 0.0);
  EXPECT_NEAR(trace.frames[30].bodies[1].v_W.z, 1.0, 1e-9);
}

TEST(PhysicsTest, ObjectsLeavingTheGroundSquareFall) {
  auto scene = EmptyScene(2.0);
  scene.environment.ground_size_m = 4.0;
  spec::ObjectSpec box = Dynamic(spec::Shape::kBox, glm::dvec3(0.3), {1.5, 0, 0.15});
  box.friction = 0.0;
  box.dynamic.linear_velocity = {2.0, 0, 0};
  scene.objects.push_back(box);
  const SimTrace trace = MustSimulate(scene);
  EXPECT_NEAR(trace.frames[6].bodies[0].X_WB.p.z, 0.15, 1e-3);  // still on the ground at x = 1.9
  EXPECT_LT(trace.frames.back().bodies[0].X_WB.p.z, -1.0);      // past the edge at x = 2: falls
}

}  // namespace
}  // namespace synth4d::sim
