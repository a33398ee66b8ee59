#include "synth4d/truth/build.h"

#include <cmath>

#include <gtest/gtest.h>

namespace synth4d::truth {
namespace {

// A scene with one 1 m cube at the origin and a camera 5 m away on -Y looking at it.
spec::ResolvedScene CubeScene() {
  spec::ResolvedScene scene;
  scene.spec_key = "unit";
  scene.clip = {.duration_s = 0.1, .fps = 10, .width = 64, .height = 48, .seed = 7,
                .dataset_seed = 1, .clip_index = 3};
  spec::ObjectSpec cube;
  cube.name = "cube";
  cube.size = {1, 1, 1};
  cube.color = {{1, 0, 0}, "red"};
  scene.objects.push_back(cube);
  spec::CameraSpec cam;
  cam.name = "front";
  scene.cameras.push_back(cam);
  return scene;
}

sim::SimTrace OneFrameTrace(const core::Pose& X_WB, const core::Pose& X_WC,
                            const core::Intrinsics& K) {
  sim::SimTrace trace;
  trace.fps = 10;
  sim::FrameRecord f;
  f.bodies.push_back({X_WB, {1, 0, 0}, {0, 0, 0.5}});
  f.cameras.push_back({X_WC, K});
  trace.frames.push_back(f);
  return trace;
}

TEST(TruthBuildTest, ClipKeysHaveNoDots) {
  EXPECT_EQ(ClipKey("demo", 3, "front"), "demo_000003_front");
  EXPECT_EQ(ClipKey("my.scene", 12, "cam 1"), "my-scene_000012_cam-1");
}

TEST(TruthBuildTest, CameraFramePositionAndProjection) {
  const core::Intrinsics K = core::FromVerticalFov(64, 48, 0.8);
  const core::Pose X_WC = core::LookAt({0, -5, 0}, {0, 0, 0});
  const core::Pose X_WB{{1, 0, 0.5}, {1, 0, 0, 0}};
  const VideoTruth t = BuildVideoTruth(CubeScene(), OneFrameTrace(X_WB, X_WC, K), 0, "yaml");
  EXPECT_EQ(t.clip.key, "unit_000003_front");
  ASSERT_EQ(t.frames.size(), 1u);
  const ObjectFrame& f = t.frames[0][0];
  // World +X is image right, world +Z is image up (camera y down), depth 5 m.
  EXPECT_NEAR(f.p_C.x, 1.0, 1e-12);
  EXPECT_NEAR(f.p_C.y, -0.5, 1e-12);
  EXPECT_NEAR(f.p_C.z, 5.0, 1e-12);
  ASSERT_TRUE(f.centre_px.has_value());
  EXPECT_NEAR(f.centre_px->x, 32 + K.fx * 0.2, 1e-9);
  EXPECT_NEAR(f.centre_px->y, 24 - K.fy * 0.1, 1e-9);
  EXPECT_EQ(t.objects[0].id, 1u);
  EXPECT_EQ(t.objects[0].color_name, "red");
}

TEST(TruthBuildTest, BehindCameraHasNoCentre) {
  const core::Intrinsics K = core::FromVerticalFov(64, 48, 0.8);
  const core::Pose X_WC = core::LookAt({0, -5, 0}, {0, 0, 0});
  const VideoTruth t =
      BuildVideoTruth(CubeScene(), OneFrameTrace({{0, -8, 0}, {1, 0, 0, 0}}, X_WC, K), 0, "");
  EXPECT_FALSE(t.frames[0][0].centre_px.has_value());
}

TEST(TruthBuildTest, CoverageOfAFrontFacingSquareMatchesItsArea) {
  // A 1 m cube 5 m in front of a camera with f = 100 px: its front face spans 1 * 100 / 4.5 px.
  const core::Intrinsics K{200, 200, 100, 100, 100, 100};
  const core::Mesh cube = core::MakeBox({1, 1, 1});
  std::vector<uint32_t> stamp;
  uint32_t value = 0;
  const Coverage c = CoveredPixels(cube, {{0, 0, 5}, {1, 0, 0, 0}}, K, stamp, value);
  const double side = 100.0 / 4.5;  // near face at z = 4.5
  EXPECT_NEAR(c.in_image, side * side, 4 * side);  // within one pixel row/column per edge
  EXPECT_EQ(c.extended, c.in_image);               // wholly inside the frame
  // The same call again (new stamp) gives the same count; far off-screen or behind gives 0.
  EXPECT_EQ(CoveredPixels(cube, {{0, 0, 5}, {1, 0, 0, 0}}, K, stamp, value).in_image, c.in_image);
  EXPECT_EQ(CoveredPixels(cube, {{100, 0, 5}, {1, 0, 0, 0}}, K, stamp, value).extended, 0);
  EXPECT_EQ(CoveredPixels(cube, {{0, 0, -5}, {1, 0, 0, 0}}, K, stamp, value).extended, 0);
}

TEST(TruthBuildTest, CoverageCountsThePartOutOfFrame) {
  // A thin square facing the camera, centred on the right image edge (x = 200 px): half of it is
  // out of frame.
  const core::Intrinsics K{200, 200, 100, 100, 100, 100};
  std::vector<uint32_t> stamp;
  uint32_t value = 0;
  const Coverage c =
      CoveredPixels(core::MakeBox({1, 1, 0.01}), {{5, 0, 5}, {1, 0, 0, 0}}, K, stamp, value);
  EXPECT_GT(c.in_image, 0);
  EXPECT_NEAR(double(c.in_image) / c.extended, 0.5, 0.05);
}

TEST(TruthBuildTest, CoverageClipsAtTheNearPlane) {
  // The camera sits inside a large box: every pixel is covered, nothing crashes.
  const core::Intrinsics K{40, 30, 20, 20, 20, 15};
  std::vector<uint32_t> stamp;
  uint32_t value = 0;
  EXPECT_EQ(CoveredPixels(core::MakeBox({10, 10, 10}), {}, K, stamp, value).in_image, 40 * 30);
}

TEST(TruthBuildTest, IdFrameGivesBoxesCountsAndVisibleFraction) {
  const core::Intrinsics K{64, 48, 100, 100, 32, 24};
  const core::Pose X_WC{{0, 0, 0}, {1, 0, 0, 0}};  // camera axes = world axes
  VideoTruth t = BuildVideoTruth(CubeScene(), OneFrameTrace({{0, 0, 10}, {1, 0, 0, 0}}, X_WC, K),
                                 0, "");
  core::ImageId ids(64, 48, 1, 0);
  for (int y = 20; y < 25; ++y) {
    for (int x = 10; x < 17; ++x) ids.at(x, y) = 1;
  }
  ids.at(0, 0) = 99;  // an id with no object is ignored
  ApplyIdFrame(t, 0, ids);
  const ObjectFrame& f = t.frames[0][0];
  EXPECT_TRUE(f.rendered);
  EXPECT_EQ(f.visible_px, 35);
  ASSERT_TRUE(f.box.has_value());
  EXPECT_EQ(*f.box, (std::array<int, 4>{10, 20, 17, 25}));
  ApplyCoverage(t, {core::MakeBox({1, 1, 1})});
  // Front face at 9.5 m: 100 / 9.5 = 10.5 px a side, about 111 px in all.
  EXPECT_TRUE(f.in_view);
  EXPECT_NEAR(f.unoccluded_px, 111, 25);
  EXPECT_EQ(f.silhouette_px, f.unoccluded_px);
  EXPECT_NEAR(f.visible_fraction, 35.0 / f.silhouette_px, 1e-12);
}

}  // namespace
}  // namespace synth4d::truth
