// Visibility: an object fully behind another has no id pixels; a half-hidden one about half.
#include <gtest/gtest.h>

#include <numbers>

#include "render_test_util.h"
#include "synth4d/core/geometry.h"
#include "synth4d/core/mesh.h"

namespace synth4d::renderer {
namespace {

FrameInput Camera(const RenderScene& scene) {
  FrameInput in;
  in.K = core::FromVerticalFov(scene.width, scene.height, 50.0 * std::numbers::pi / 180.0);
  in.X_WC = core::LookAt({0.5, -6.0, 1.5}, {0.0, 0.0, 1.0});
  return in;
}

core::Pose At(const FrameInput& in, const glm::dvec3& p_C) {
  return {core::Apply(in.X_WC, p_C), in.X_WC.q};  // box axes = camera axes: fronto-parallel
}

TEST(VisibilityTest, FullyBehindAnotherHasNoIdPixels) {
  const RenderScene scene =
      test::SceneWith(128, 96, {core::MakeBox({1.5, 1.5, 0.2}), core::MakeBox({0.5, 0.5, 0.5})});
  FrameInput in = Camera(scene);
  in.X_WO = {At(in, {0.0, 0.0, 3.0}), At(in, {0.1, -0.1, 6.0})};
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  auto out = test::RenderOne(**r, scene, in);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_GT(test::CountId(out->ids, 1), 1000);
  EXPECT_EQ(test::CountId(out->ids, 2), 0);
  // Move the hidden box out from behind: now it shows.
  in.X_WO[1] = At(in, {2.0, 0.0, 6.0});
  out = test::RenderOne(**r, scene, in);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_GT(test::CountId(out->ids, 2), 50);  // 0.5 m at 6 m: about 9 x 9 px
}

TEST(VisibilityTest, HalfHiddenShowsAboutHalf) {
  // Occluder: a wall whose right edge lies on the optical axis (camera x = 0); the back box is
  // centred on the axis, so the wall hides its left half.
  const RenderScene scene =
      test::SceneWith(128, 96, {core::MakeBox({2.0, 3.0, 0.1}), core::MakeBox({0.8, 0.8, 0.8})});
  FrameInput in = Camera(scene);
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  in.X_WO = {At(in, {-1.0, 0.0, 2.5}), At(in, {0.0, 0.0, 5.0})};
  auto hidden = test::RenderOne(**r, scene, in);
  ASSERT_TRUE(hidden.ok()) << hidden.error().ToString();
  in.X_WO[0] = At(in, {-30.0, 0.0, 2.5});  // wall far out of view
  auto alone = test::RenderOne(**r, scene, in);
  ASSERT_TRUE(alone.ok()) << alone.error().ToString();
  const int full = test::CountId(alone->ids, 2);
  const int half = test::CountId(hidden->ids, 2);
  EXPECT_GT(full, 300);
  EXPECT_NEAR(double(half) / full, 0.5, 0.05);  // edge pixels: about 2 columns of ~30
  // The visible half is the right one: every visible pixel is right of the image centre.
  for (int y = 0; y < 96; ++y) {
    for (int x = 0; x < 64; ++x) EXPECT_NE(hidden->ids.at(x, y), 2u);
  }
}

}  // namespace
}  // namespace synth4d::renderer
