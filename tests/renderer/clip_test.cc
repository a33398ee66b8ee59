// Whole-clip behaviour: MSAA changes colour edges only, shadows darken the ground under an
// object, frames arrive in order with frames in flight, errors stop the clip, bad options fail,
// and device choice follows the request.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>

#include "render_test_util.h"
#include "synth4d/core/geometry.h"
#include "synth4d/core/mesh.h"

namespace synth4d::renderer {
namespace {

FrameInput Camera(const RenderScene& scene, glm::dvec3 eye = {1.0, -5.0, 2.5}) {
  FrameInput in;
  in.K = core::FromVerticalFov(scene.width, scene.height, 50.0 * std::numbers::pi / 180.0);
  in.X_WC = core::LookAt(eye, {0.0, 0.0, 0.5});
  return in;
}

TEST(ClipTest, Msaa4SmoothsColourEdgesButKeepsIdsAndDepthExact) {
  RenderScene scene = test::SceneWith(128, 96, {core::MakeSphere(0.7)});
  scene.objects[0].base_color_linear = {0.9f, 0.1f, 0.1f};
  scene.environment.ambient = 1.0f;  // flat colour: any mixed pixel comes from antialiasing
  scene.environment.sun_intensity = 0.0f;
  FrameInput in = Camera(scene);
  in.X_WO = {{{0.0, 0.0, 0.5}, glm::dquat(1, 0, 0, 0)}};
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  FrameOutput out[2];
  for (int k = 0; k < 2; ++k) {
    RenderOptions options;
    options.msaa_samples = k == 0 ? 1 : 4;
    auto o = test::RenderOne(**r, scene, in, options);
    ASSERT_TRUE(o.ok()) << o.error().ToString();
    out[k] = std::move(o).value();
  }
  EXPECT_EQ(out[0].ids.pixels, out[1].ids.pixels);
  EXPECT_EQ(out[0].depth.pixels, out[1].depth.pixels);
  // Distinct colours: two without MSAA (object, background), many blends with 4x MSAA.
  auto distinct = [](const core::ImageRgba8& im) {
    std::set<uint32_t> colours;
    for (size_t i = 0; i < im.pixels.size(); i += 4) {
      colours.insert(im.pixels[i] | im.pixels[i + 1] << 8 | im.pixels[i + 2] << 16);
    }
    return colours.size();
  };
  EXPECT_LE(distinct(out[0].rgba), 2u);
  EXPECT_GE(distinct(out[1].rgba), 4u);  // 1/4, 2/4, 3/4 coverage blends
}

TEST(ClipTest, ShadowsDarkenTheGroundUnderAnObject) {
  RenderScene scene = test::SceneWith(128, 96, {core::MakeBox({0.8, 0.8, 0.2})});
  scene.environment.ground_size_m = 10.0f;
  scene.environment.ground_pattern = GroundPattern::kPlain;
  scene.environment.ground_color_linear = glm::vec3(0.5f);
  scene.environment.sun_direction = {0.0f, 0.0f, -1.0f};  // straight down
  scene.environment.ambient = 0.3f;
  scene.environment.sun_intensity = 0.7f;
  FrameInput in = Camera(scene, {0.0, -4.0, 3.0});
  in.X_WO = {{{0.0, 0.0, 1.2}, glm::dquat(1, 0, 0, 0)}};  // floating: its shadow is below
  const core::Pose X_CW = core::Inverse(in.X_WC);
  // Probe the ground just in front of the shadow centre (visible under the floating box) and
  // 1.5 m to the side (lit).
  const glm::dvec2 under = core::Project(in.K, core::Apply(X_CW, {0.0, -0.25, 0.0}));
  const glm::dvec2 lit = core::Project(in.K, core::Apply(X_CW, {1.5, -0.25, 0.0}));
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  for (bool shadows : {false, true}) {
    RenderOptions options;
    options.shadows = shadows;
    auto out = test::RenderOne(**r, scene, in, options);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    const int ux = int(under.x), uy = int(under.y), lx = int(lit.x), ly = int(lit.y);
    ASSERT_EQ(out->ids.at(ux, uy), 0u) << "probe must see the ground";
    const int dark = out->rgba.at(ux, uy, 0), bright = out->rgba.at(lx, ly, 0);
    // Linear 0.5 * (0.3 + 0.7) = 0.5 -> sRGB 188; shadowed 0.5 * 0.3 = 0.15 -> sRGB 108.
    EXPECT_NEAR(bright, 188, 2);
    if (shadows) {
      EXPECT_NEAR(dark, 108, 3);
    } else {
      EXPECT_NEAR(dark, 188, 2);
    }
  }
}

std::vector<FrameInput> MovingBoxFrames(const RenderScene& scene, int n) {
  std::vector<FrameInput> frames;
  for (int f = 0; f < n; ++f) {
    FrameInput in = Camera(scene, {0.0, -5.0, 1.0});
    in.X_WO = {{{-1.2 + 0.4 * f, 0.0, 0.5}, glm::dquat(1, 0, 0, 0)}};
    frames.push_back(in);
  }
  return frames;
}

TEST(ClipTest, FramesInFlightDeliverInOrderAndMatchSerialRendering) {
  RenderScene scene = test::SceneWith(96, 64, {core::MakeBox({0.4, 0.4, 0.4})});
  scene.environment.ground_size_m = 10.0f;
  const std::vector<FrameInput> frames = MovingBoxFrames(scene, 7);
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  std::vector<FrameOutput> runs[2];
  const int in_flight[2] = {3, 1};
  for (int k = 0; k < 2; ++k) {
    RenderOptions options;
    options.frames_in_flight = in_flight[k];
    RenderStats stats;
    options.stats = &stats;
    auto status = (*r)->RenderClip(scene, frames, options, [&](FrameOutput&& out) {
      runs[k].push_back(std::move(out));
      return core::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.error().ToString();
    EXPECT_EQ(stats.frames, 7);
    EXPECT_GT(stats.wall_s, 0.0);
  }
  ASSERT_EQ(runs[0].size(), 7u);
  double previous_x = -1.0;
  for (int f = 0; f < 7; ++f) {
    EXPECT_EQ(runs[0][f].index, f);
    const double x = test::CentroidOfId(runs[0][f].ids, 1).x;
    EXPECT_GT(x, previous_x + 3.0) << "frame " << f << " shows another frame's box";
    previous_x = x;
    // Deterministic and independent of overlap.
    EXPECT_EQ(runs[0][f].rgba.pixels, runs[1][f].rgba.pixels) << f;
    EXPECT_EQ(runs[0][f].ids.pixels, runs[1][f].ids.pixels) << f;
    EXPECT_EQ(runs[0][f].depth.pixels, runs[1][f].depth.pixels) << f;
  }
}

TEST(ClipTest, SinkErrorStopsTheClip) {
  const RenderScene scene = test::SceneWith(64, 48, {core::MakeBox({0.4, 0.4, 0.4})});
  const std::vector<FrameInput> frames = MovingBoxFrames(scene, 6);
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  int calls = 0;
  auto status = (*r)->RenderClip(scene, frames, {}, [&](FrameOutput&&) -> core::Status {
    if (++calls == 3) return core::MakeError(core::ErrorCode::kCancelled, "enough");
    return core::Ok();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, core::ErrorCode::kCancelled);
  EXPECT_EQ(calls, 3);
  // The renderer stays usable after a stopped clip.
  calls = 0;
  EXPECT_TRUE((*r)->RenderClip(scene, frames, {},
                               [&](FrameOutput&&) {
                                 ++calls;
                                 return core::Ok();
                               })
                  .ok());
  EXPECT_EQ(calls, 6);
}

TEST(ClipTest, InvalidArgumentsAreRejected) {
  RenderScene scene = test::SceneWith(64, 48, {core::MakeBox({0.4, 0.4, 0.4})});
  std::vector<FrameInput> frames = MovingBoxFrames(scene, 1);
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  auto sink = [](FrameOutput&&) { return core::Ok(); };
  RenderOptions options;
  options.msaa_samples = 2;
  auto s = (*r)->RenderClip(scene, frames, options, sink);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument);
  frames[0].X_WO.clear();  // one pose per object needed
  s = (*r)->RenderClip(scene, frames, {}, sink);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().ToString().find("X_WO"), std::string::npos) << s.error().ToString();
  frames = MovingBoxFrames(scene, 1);
  scene.objects[0].mesh_index = 3;
  s = (*r)->RenderClip(scene, frames, {}, sink);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(ClipTest, DeviceChoiceCpuGivesLavapipe) {
  // CI renders on lavapipe: device=cpu must find it (a missing device is a failure).
  auto r = test::CreateTestRenderer(DeviceChoice::kCpu);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_NE((*r)->DeviceName().find("llvmpipe"), std::string::npos) << (*r)->DeviceName();
}

TEST(ClipTest, DeviceChoiceGpuEitherFindsAGpuOrListsWhyNot) {
  auto r = test::CreateTestRenderer(DeviceChoice::kGpu);
  if (r.ok()) {
    EXPECT_EQ((*r)->DeviceName().find("llvmpipe"), std::string::npos);
  } else {
    EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
    // Every device found is listed with its reason: lavapipe is a CPU device.
    EXPECT_NE(r.error().ToString().find("llvmpipe"), std::string::npos) << r.error().ToString();
    EXPECT_NE(r.error().ToString().find("CPU not allowed by device=gpu"), std::string::npos)
        << r.error().ToString();
  }
}

}  // namespace
}  // namespace synth4d::renderer
