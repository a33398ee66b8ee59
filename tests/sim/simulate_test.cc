// Simulate as a whole: frames, options, validation, determinism, scripted and camera recording.
#include "synth4d/sim/simulate.h"

#include <gtest/gtest.h>

#include <cstring>
#include <numbers>

#include "sim_test_util.h"
#include "synth4d/sim/camera_path.h"
#include "synth4d/sim/timeline.h"

namespace synth4d::sim {
namespace {

using namespace testing;
using SegKind = spec::Segment::Kind;
constexpr double kPi = std::numbers::pi;

// One scripted object running every segment kind, with smooth easing where it applies.
spec::ObjectSpec EverySegmentKind() {
  std::vector<spec::Segment> s = {
      {.kind = SegKind::kMove, .duration_s = 0.5, .direction = {1, 0, 0}, .speed = 1.0},
      {.kind = SegKind::kTurn, .duration_s = 1.0, .turn_angle = kPi / 2},
      {.kind = SegKind::kTurn,
       .duration_s = 0.7,
       .easing = spec::Easing::kSmooth,
       .turn_angle = -1.0},
      {.kind = SegKind::kAccelerate, .duration_s = 0.5, .speed = 2.0},
      {.kind = SegKind::kDecelerate, .duration_s = 0.5, .easing = spec::Easing::kSmooth},
      {.kind = SegKind::kWait, .duration_s = 0.3},
      {.kind = SegKind::kReverse, .duration_s = 0.4},
      {.kind = SegKind::kRotate, .duration_s = 0.5, .axis = {0, 0, 1}, .angular_speed = 2.0},
      {.kind = SegKind::kMove,
       .duration_s = 0.6,
       .easing = spec::Easing::kSmooth,
       .target = glm::dvec3(1, 1, 0.25)},
      {.kind = SegKind::kWaypoints, .speed = 1.5, .waypoints = {{2, 1, 0.25}, {2, 2, 0.25}}},
  };
  return Scripted(s);
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool SameBits(const glm::dvec3& a, const glm::dvec3& b) {
  return SameBits(a.x, b.x) && SameBits(a.y, b.y) && SameBits(a.z, b.z);
}
bool SameBits(const core::Pose& a, const core::Pose& b) {
  return SameBits(a.p, b.p) && SameBits(a.q.w, b.q.w) && SameBits(a.q.x, b.q.x) &&
         SameBits(a.q.y, b.q.y) && SameBits(a.q.z, b.q.z);
}

void ExpectIdentical(const std::vector<FrameRecord>& a, const std::vector<FrameRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].bodies.size(), b[i].bodies.size());
    for (size_t k = 0; k < a[i].bodies.size(); ++k) {
      const BodyState &x = a[i].bodies[k], &y = b[i].bodies[k];
      ASSERT_TRUE(SameBits(x.X_WB, y.X_WB) && SameBits(x.v_W, y.v_W) && SameBits(x.w_W, y.w_W))
          << "frame " << i << " body " << k;
    }
    for (size_t c = 0; c < a[i].cameras.size(); ++c) {
      ASSERT_TRUE(SameBits(a[i].cameras[c].X_WC, b[i].cameras[c].X_WC)) << "frame " << i;
    }
  }
}

TEST(SimulateTest, RecordedScriptedStatesEqualTheTimelineExactly) {
  auto scene = EmptyScene(7.0);
  scene.objects.push_back(EverySegmentKind());
  spec::ObjectSpec box = Dynamic(spec::Shape::kBox, glm::dvec3(0.3), {1.0, 0.0, 0.15}, "box");
  scene.objects.push_back(box);  // gets pushed; must not disturb the scripted body
  const SimTrace trace = MustSimulate(scene);
  ASSERT_EQ(trace.frames.size(), 210u);
  for (const FrameRecord& f : trace.frames) {
    const BodyState s = EvaluateTimeline(scene.objects[0], f.t_s);
    ASSERT_TRUE(SameBits(f.bodies[0].X_WB, s.X_WB)) << "t=" << f.t_s;
    ASSERT_TRUE(SameBits(f.bodies[0].v_W, s.v_W)) << "t=" << f.t_s;
    ASSERT_TRUE(SameBits(f.bodies[0].w_W, s.w_W)) << "t=" << f.t_s;
  }
}

TEST(SimulateTest, SameSceneTwiceIsBitIdentical) {
  auto scene = EmptyScene(4.0);
  scene.objects.push_back(EverySegmentKind());
  const spec::Shape shapes[] = {spec::Shape::kBox, spec::Shape::kSphere, spec::Shape::kCylinder,
                                spec::Shape::kCone, spec::Shape::kCapsule};
  for (int i = 0; i < 5; ++i) {
    spec::ObjectSpec o =
        Dynamic(shapes[i], glm::dvec3(0.4), {0.3 * i, 0.6, 0.5 + 0.5 * i}, "d" + std::to_string(i));
    o.dynamic.linear_velocity = {0.3 * (2 - i), -0.4, 0};
    o.dynamic.angular_velocity = {0, 0, 1.0};
    scene.objects.push_back(o);
  }
  SimOptions options;
  options.extra_s = 1.0;
  const SimTrace a = MustSimulate(scene, options);
  const SimTrace b = MustSimulate(scene, options);
  ExpectIdentical(a.frames, b.frames);
  ExpectIdentical(a.future_frames, b.future_frames);
  ASSERT_EQ(a.contacts.size(), b.contacts.size());
  for (size_t i = 0; i < a.contacts.size(); ++i) {
    EXPECT_EQ(a.contacts[i].first_frame, b.contacts[i].first_frame);
    EXPECT_TRUE(SameBits(a.contacts[i].max_impulse_ns, b.contacts[i].max_impulse_ns));
  }
  ASSERT_EQ(a.motion_events.size(), b.motion_events.size());
  EXPECT_EQ(a.glitches.size(), b.glitches.size());
  EXPECT_FALSE(a.contacts.empty());
}

TEST(SimulateTest, FramesFutureFramesAndStepRate) {
  auto scene = EmptyScene(2.0);
  scene.clip.fps = 25.0;
  scene.objects.push_back(Ball(0.1, {0, 0, 40}));  // reaches the ground after 2.85 s
  SimOptions options;
  options.extra_s = 0.6;
  const SimTrace trace = MustSimulate(scene, options);
  EXPECT_EQ(trace.fps, 25.0);
  EXPECT_EQ(trace.step_hz, 250.0);  // 240 rounded up to a whole multiple of 25 fps
  ASSERT_EQ(trace.frames.size(), 50u);
  ASSERT_EQ(trace.future_frames.size(), 15u);
  EXPECT_EQ(trace.frames[7].t_s, 7 / 25.0);
  EXPECT_EQ(trace.future_frames[0].t_s, 50 / 25.0);
  EXPECT_LT(trace.future_frames.back().bodies[0].X_WB.p.z,
            trace.frames.back().bodies[0].X_WB.p.z);  // still falling after the clip
  ASSERT_EQ(trace.frames[3].cameras.size(), 1u);
  EXPECT_EQ(trace.frames[3].cameras[0].K.width, 320);
}

TEST(SimulateTest, StaticObjectsKeepTheirPose) {
  auto scene = EmptyScene(1.0);
  spec::ObjectSpec wall;
  wall.name = "wall";
  wall.position = {1, 2, 0.5};
  wall.orientation = glm::angleAxis(0.3, glm::dvec3(0, 0, 1));
  scene.objects.push_back(wall);
  const SimTrace trace = MustSimulate(scene);
  for (const FrameRecord& f : trace.frames) {
    EXPECT_EQ(f.bodies[0].X_WB.p, wall.position);
    EXPECT_EQ(f.bodies[0].X_WB.q, wall.orientation);
    EXPECT_EQ(f.bodies[0].v_W, glm::dvec3(0.0));
  }
}

TEST(SimulateTest, FollowCameraKeepsScriptedTargetCentred) {
  auto scene = EmptyScene(2.0);
  scene.objects.push_back(EverySegmentKind());
  scene.cameras[0].path.kind = spec::CameraPath::Kind::kFollow;
  scene.cameras[0].path.follow_target = "car";
  const SimTrace trace = MustSimulate(scene);
  for (const FrameRecord& f : trace.frames) {
    const CameraState& c = f.cameras[0];
    const glm::dvec2 px =
        core::Project(c.K, core::Apply(core::Inverse(c.X_WC), f.bodies[0].X_WB.p));
    EXPECT_NEAR(px.x, 160.0, 1e-6);
    EXPECT_NEAR(px.y, 120.0, 1e-6);
  }
}

TEST(SimulateTest, MeshObjectsUseTheirConvexHull) {
  auto scene = EmptyScene(1.5);
  spec::ObjectSpec cube = Dynamic(spec::Shape::kMesh, {0.5, 0.3, 0.4}, {0, 0, 0.5}, "cube");
  cube.asset = "/usr/share/assimp/models/PLY/cube.ply";
  cube.up_axis = assets::UpAxis::kZ;
  scene.objects.push_back(cube);
  const SimTrace trace = MustSimulate(scene);
  EXPECT_NEAR(trace.frames.back().bodies[0].X_WB.p.z, 0.2, 0.003);  // 2 mm hull skin
  spec::ObjectSpec missing = cube;
  missing.asset = "/nonexistent/x.ply";
  scene.objects = {missing};
  auto result = Simulate(scene);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kNotFound);
  EXPECT_NE(result.error().ToString().find("objects[0].asset"), std::string::npos);
}

TEST(SimulateTest, InvalidScenesAreErrorsWithFieldPaths) {
  auto scene = EmptyScene(1.0);
  spec::ObjectSpec bad = Ball(0.1, {0, 0, 1});
  bad.mass_kg = 0.0;
  scene.objects.push_back(bad);
  scene.cameras[0].path.kind = spec::CameraPath::Kind::kFollow;
  scene.cameras[0].path.follow_target = "nobody";
  SimOptions options;
  options.step_hz = -1.0;
  auto result = Simulate(scene, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
  const std::string text = result.error().ToString();
  EXPECT_NE(text.find("objects[0].mass_kg"), std::string::npos) << text;
  EXPECT_NE(text.find("cameras[0].path.follow_target"), std::string::npos) << text;
  EXPECT_NE(text.find("options.step_hz"), std::string::npos) << text;
  scene = EmptyScene(1.0);
  scene.cameras.clear();
  EXPECT_FALSE(Simulate(scene).ok());
}

}  // namespace
}  // namespace synth4d::sim
