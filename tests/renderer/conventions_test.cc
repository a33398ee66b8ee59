// Screen conventions on rendered images: +x in the camera frame moves right, toward the camera
// grows, counter-clockwise seen from above is counter-clockwise in a top-down image, and
// stripes make a spinning sphere visibly spin.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "render_test_util.h"
#include "synth4d/core/geometry.h"
#include "synth4d/core/mesh.h"

namespace synth4d::renderer {
namespace {

constexpr double kPi = std::numbers::pi;

FrameInput SideCamera(const RenderScene& scene) {
  FrameInput in;
  in.K = core::FromVerticalFov(scene.width, scene.height, 50.0 * kPi / 180.0);
  in.X_WC = core::LookAt({1.0, -5.0, 2.0}, {0.0, 0.0, 0.5});  // oblique, not axis-aligned
  return in;
}

// World pose of an object at camera-frame position p_C.
core::Pose AtCameraPoint(const FrameInput& in, const glm::dvec3& p_C) {
  return {core::Apply(in.X_WC, p_C), glm::dquat(1, 0, 0, 0)};
}

TEST(ConventionsTest, PlusXInCameraFrameMovesRight) {
  const RenderScene scene = test::SceneWith(128, 96, {core::MakeSphere(0.3)});
  FrameInput in = SideCamera(scene);
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  double previous_x = -1.0;
  for (double x_C : {-0.6, 0.0, 0.6}) {
    in.X_WO = {AtCameraPoint(in, {x_C, 0.1, 4.0})};
    auto out = test::RenderOne(**r, scene, in);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    const glm::dvec2 c = test::CentroidOfId(out->ids, 1);
    const glm::dvec2 expected = core::Project(in.K, {x_C, 0.1, 4.0});
    EXPECT_NEAR(c.x, expected.x, 1.5);  // a sphere's silhouette centroid ~ its projected centre
    EXPECT_NEAR(c.y, expected.y, 1.5);
    EXPECT_GT(c.x, previous_x + 10.0) << "image x must increase with camera-frame x";
    previous_x = c.x;
  }
}

TEST(ConventionsTest, TowardTheCameraGrows) {
  const RenderScene scene = test::SceneWith(128, 96, {core::MakeBox({0.5, 0.5, 0.5})});
  FrameInput in = SideCamera(scene);
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  int previous = 0;
  for (double z_C : {6.0, 4.5, 3.0}) {  // decreasing depth = toward the camera
    in.X_WO = {AtCameraPoint(in, {0.2, 0.0, z_C})};
    auto out = test::RenderOne(**r, scene, in);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    const int n = test::CountId(out->ids, 1);
    EXPECT_GT(n, previous * 1.4) << "at z_C = " << z_C;  // area ~ 1/z^2: (6/4.5)^2 = 1.78
    previous = n;
  }
}

// Angle (radians, counter-clockwise as seen on screen, image up = -y) of the marked face's
// pixels around the sphere's centroid. Marked pixels: the light contrast colour of a red base
// has green well above the base's (sRGB G > 0.45 R).
double MarkedAngleOnScreen(const FrameOutput& out) {
  const glm::dvec2 centre = test::CentroidOfId(out.ids, 1);
  glm::dvec2 sum(0.0);
  int n = 0;
  for (int y = 0; y < out.ids.height; ++y) {
    for (int x = 0; x < out.ids.width; ++x) {
      if (out.ids.at(x, y) != 1) continue;
      if (out.rgba.at(x, y, 1) > 0.45 * out.rgba.at(x, y, 0)) {
        sum += glm::dvec2(x + 0.5, y + 0.5);
        ++n;
      }
    }
  }
  EXPECT_GT(n, 30) << "marked face not found";
  const glm::dvec2 d = sum / double(n) - centre;
  return std::atan2(-d.y, d.x);
}

TEST(ConventionsTest, CounterClockwiseFromAboveIsCounterClockwiseInTopDownImage) {
  RenderScene scene = test::SceneWith(128, 128, {core::MakeSphere(0.8, 48, 24)});
  scene.objects[0].base_color_linear = {0.8f, 0.05f, 0.05f};
  scene.objects[0].pattern = SurfacePattern::kMarkedFace;  // the +X side of the sphere
  scene.environment.sun_direction = {0.0f, 0.0f, -1.0f};
  FrameInput in;
  in.K = core::FromVerticalFov(128, 128, 40.0 * kPi / 180.0);
  in.X_WC = core::LookAt({0.0, 0.0, 6.0}, {0.0, 0.0, 0.0});  // top-down
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  double angles[2];
  const double yaws[2] = {0.3, 0.3 + 40.0 * kPi / 180.0};  // +40 deg: counter-clockwise from above
  for (int k = 0; k < 2; ++k) {
    in.X_WO = {{{0.0, 0.0, 0.8}, core::FromYawPitchRoll(yaws[k], 0.0, 0.0)}};
    auto out = test::RenderOne(**r, scene, in);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    angles[k] = MarkedAngleOnScreen(*out);
  }
  // The top-down camera sees world +X to the right and +Y up, so on-screen angles equal yaws.
  EXPECT_NEAR(angles[0], yaws[0], 0.1);
  EXPECT_NEAR(angles[1] - angles[0], yaws[1] - yaws[0], 0.1);
}

// Fraction of the sphere's pixels whose colour changes by more than 40 levels between yaws.
double SpinChange(Renderer& r, SurfacePattern pattern) {
  RenderScene scene = test::SceneWith(128, 96, {core::MakeSphere(0.8)});
  scene.objects[0].base_color_linear = {0.1f, 0.3f, 0.8f};
  scene.objects[0].pattern = pattern;
  FrameInput in = SideCamera(scene);
  FrameOutput frames[2];
  // One stripe width: 8 dark/light pairs around -> 22.5 deg, also a symmetry of the 32 slices.
  const double yaws[2] = {0.0, 2.0 * kPi / 16.0};
  for (int k = 0; k < 2; ++k) {
    in.X_WO = {{{0.0, 0.0, 0.8}, core::FromYawPitchRoll(yaws[k], 0.0, 0.0)}};
    auto out = test::RenderOne(r, scene, in);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    if (!out.ok()) return 0.0;
    frames[k] = std::move(out).value();
  }
  int changed = 0, total = 0;
  for (int y = 0; y < 96; ++y) {
    for (int x = 0; x < 128; ++x) {
      if (frames[0].ids.at(x, y) != 1) continue;
      ++total;
      int d = 0;
      for (int c = 0; c < 3; ++c)
        d = std::max(d, std::abs(frames[0].rgba.at(x, y, c) - frames[1].rgba.at(x, y, c)));
      changed += d > 40;
    }
  }
  return double(changed) / std::max(total, 1);
}

TEST(ConventionsTest, StripesMakeASpinningSphereVisiblySpin) {
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_LT(SpinChange(**r, SurfacePattern::kNone), 0.02);    // a plain sphere looks the same
  EXPECT_GT(SpinChange(**r, SurfacePattern::kStripes), 0.3);  // stripes swap places
}

}  // namespace
}  // namespace synth4d::renderer
