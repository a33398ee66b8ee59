#include "synth4d/sim/camera_path.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "sim_test_util.h"
#include "synth4d/core/geometry.h"

namespace synth4d::sim {
namespace {

using Kind = spec::CameraPath::Kind;
using testing::ExpectNear;
constexpr double kPi = std::numbers::pi;

spec::ClipSettings Clip() {
  spec::ClipSettings clip;
  clip.width = 320;
  clip.height = 240;
  return clip;
}

spec::CameraSpec Camera(Kind kind) {
  spec::CameraSpec c;
  c.position = {0, -8, 4};
  c.look_at = {0, 0, 0};
  c.path.kind = kind;
  return c;
}

glm::dvec3 ViewDirection(const CameraState& s) { return s.X_WC.q * glm::dvec3(0, 0, 1); }

// Pixel of world point p_W in camera state s.
glm::dvec2 PixelOf(const CameraState& s, const glm::dvec3& p_W) {
  return core::Project(s.K, core::Apply(core::Inverse(s.X_WC), p_W));
}

TEST(CameraPathTest, StaticUsesLookAtAndIntrinsicsFromFov) {
  const CameraState s = CameraAt(Camera(Kind::kStatic), Clip(), 1.0);
  const core::Pose expected = core::LookAt({0, -8, 4}, {0, 0, 0});
  ExpectNear(s.X_WC.p, expected.p, 0.0);
  EXPECT_EQ(s.K.width, 320);
  EXPECT_NEAR(core::VerticalFov(s.K), 0.8726646259971648, 1e-12);
  const glm::dvec2 centre = PixelOf(s, {0, 0, 0});
  EXPECT_NEAR(centre.x, 160.0, 1e-9);
  EXPECT_NEAR(centre.y, 120.0, 1e-9);
}

TEST(CameraPathTest, OrbitTurnsCounterClockwiseSeenFromAbove) {
  spec::CameraSpec c = Camera(Kind::kOrbit);
  c.path.orbit_rate = 0.5;
  for (double t : {0.0, 1.0, 2.5}) {
    const CameraState s = CameraAt(c, Clip(), t);
    const double a = 0.5 * t;
    ExpectNear(s.X_WC.p, {8 * std::sin(a), -8 * std::cos(a), 4}, 1e-12);  // CCW from -Y toward +X
    const glm::dvec2 centre = PixelOf(s, c.path.orbit_center);  // still looking at the centre
    EXPECT_NEAR(centre.x, 160.0, 1e-9);
    EXPECT_NEAR(centre.y, 120.0, 1e-9);
  }
  // The angle about the centre, measured CCW from above, grows as rate * t.
  const glm::dvec3 p = CameraAt(c, Clip(), 2.0).X_WC.p;
  EXPECT_NEAR(std::atan2(p.y, p.x) - std::atan2(-8.0, 0.0), 1.0, 1e-12);
}

TEST(CameraPathTest, PanTurnsLeftAndTiltTurnsUp) {
  spec::CameraSpec c = Camera(Kind::kPanTilt);
  c.position = {0, -8, 1};
  c.look_at = {0, 0, 1};  // level view along +Y
  c.path.pan_rate = 0.3;
  const CameraState s = CameraAt(c, Clip(), 2.0);
  const glm::dvec3 d = ViewDirection(s);
  EXPECT_NEAR(std::atan2(d.y, d.x), kPi / 2 + 0.6, 1e-12);  // azimuth grows CCW: a left turn
  ExpectNear(s.X_WC.p, c.position, 0.0);
  // What was straight ahead now appears on the right of the image.
  EXPECT_GT(PixelOf(s, {0, 0, 1}).x, 160.0);
  c.path.pan_rate = 0.0;
  c.path.tilt_rate = 0.2;
  const glm::dvec3 up = ViewDirection(CameraAt(c, Clip(), 1.0));
  EXPECT_NEAR(std::asin(up.z), 0.2, 1e-12);
}

TEST(CameraPathTest, DollyTruckPedestalMoveAlongCameraAxes) {
  for (Kind kind : {Kind::kDolly, Kind::kTruck, Kind::kPedestal}) {
    spec::CameraSpec c = Camera(kind);
    c.position = {1, -6, 2};
    c.look_at = {1, 0, 2};  // level, so world up is camera -y
    c.path.speed = 0.5;
    const CameraState s0 = CameraAt(c, Clip(), 0.0), s = CameraAt(c, Clip(), 2.0);
    const glm::dvec3 d_C = glm::conjugate(s0.X_WC.q) * (s.X_WC.p - s0.X_WC.p);
    const glm::dvec3 expected = kind == Kind::kDolly   ? glm::dvec3(0, 0, 1)
                                : kind == Kind::kTruck ? glm::dvec3(1, 0, 0)
                                                       : glm::dvec3(0, -1, 0);
    ExpectNear(d_C, expected, 1e-12, spec::CameraPathKindName(kind));
    EXPECT_EQ(s.X_WC.q, s0.X_WC.q) << "orientation stays fixed";
  }
  spec::CameraSpec tilted = Camera(Kind::kPedestal);  // pedestal is world +Z even when tilted
  tilted.path.speed = 1.0;
  ExpectNear(CameraAt(tilted, Clip(), 1.5).X_WC.p, {0, -8, 5.5}, 1e-12);
}

TEST(CameraPathTest, FollowKeepsTargetAtImageCentre) {
  spec::CameraSpec c = Camera(Kind::kFollow);
  c.path.follow_offset = {1, -5, 2};
  for (const glm::dvec3& target : {glm::dvec3(0, 0, 0.5), glm::dvec3(3, -2, 0.2)}) {
    const CameraState s = CameraAt(c, Clip(), 0.7, target);
    ExpectNear(s.X_WC.p, target + c.path.follow_offset, 1e-12);
    const glm::dvec2 px = PixelOf(s, target);
    EXPECT_NEAR(px.x, 160.0, 1e-9);
    EXPECT_NEAR(px.y, 120.0, 1e-9);
  }
}

TEST(CameraPathTest, KeyframesInterpolateLinearOrSmooth) {
  spec::CameraSpec c = Camera(Kind::kKeyframes);
  c.path.keyframes = {{1.0, {0, -8, 4}, {0, 0, 0}}, {3.0, {8, -8, 4}, {4, 0, 0}}};
  ExpectNear(CameraAt(c, Clip(), 0.0).X_WC.p, {0, -8, 4}, 0.0);  // before the first: held
  ExpectNear(CameraAt(c, Clip(), 9.0).X_WC.p, {8, -8, 4}, 0.0);  // after the last: held
  const CameraState mid = CameraAt(c, Clip(), 2.0);
  ExpectNear(mid.X_WC.p, {4, -8, 4}, 1e-12);
  EXPECT_NEAR(PixelOf(mid, {2, 0, 0}).x, 160.0, 1e-9);
  c.path.interpolation = spec::Easing::kSmooth;
  ExpectNear(CameraAt(c, Clip(), 1.5).X_WC.p, {8 * 0.15625, -8, 4}, 1e-12);
}

}  // namespace
}  // namespace synth4d::sim
