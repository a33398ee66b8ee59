// The fake renderer paints projected bounding boxes: ids, colours, nearest depth, no ground.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "synth4d/core/geometry.h"
#include "synth4d/core/mesh.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::renderer {
namespace {

RenderScene TwoBoxes() {
  RenderScene scene;
  scene.width = 100;
  scene.height = 80;
  scene.meshes = {core::MakeBox({1.0, 1.0, 1.0})};
  for (uint32_t id : {1u, 2u}) {
    RenderObject o;
    o.instance_id = id;
    o.base_color_linear = id == 1 ? glm::vec3(1, 0, 0) : glm::vec3(0, 0, 1);
    scene.objects.push_back(o);
  }
  return scene;
}

// Camera at the origin looking along world +Y: camera x = world +X, camera y = world -Z.
FrameInput Frame(const RenderScene& scene, glm::dvec3 p1_W, glm::dvec3 p2_W) {
  FrameInput in;
  in.K = core::FromVerticalFov(scene.width, scene.height, std::numbers::pi / 3);
  in.X_WC = core::LookAt({0, 0, 0}, {0, 1, 0});
  in.X_WO = {{p1_W, glm::dquat(1, 0, 0, 0)}, {p2_W, glm::dquat(1, 0, 0, 0)}};
  return in;
}

std::vector<FrameOutput> Render(const RenderScene& scene, std::vector<FrameInput> frames) {
  std::vector<FrameOutput> outs;
  auto r = CreateFakeRenderer();
  EXPECT_EQ(r->DeviceName(), "fake");
  EXPECT_TRUE(r->RenderClip(scene, frames, {}, [&](FrameOutput&& o) {
                 outs.push_back(std::move(o));
                 return core::Ok();
               }).ok());
  return outs;
}

TEST(FakeRendererTest, PaintsTheProjectedBoxWithIdColourAndNearestDepth) {
  const RenderScene scene = TwoBoxes();
  const FrameInput in = Frame(scene, {0, 5, 0}, {50, 5, 0});  // box 2 far out of view
  const auto outs = Render(scene, {in});
  ASSERT_EQ(outs.size(), 1u);
  const FrameOutput& o = outs[0];
  // Front face at y = 4.5 projects to +-0.5/4.5 * f around the centre (the nearer face is larger).
  const double half = 0.5 / 4.5 * in.K.fx;
  const double cx = in.K.cx, cy = in.K.cy;
  EXPECT_EQ(o.ids.at(int(cx), int(cy)), 1u);
  EXPECT_EQ(o.ids.at(int(cx + half - 1), int(cy)), 1u);
  EXPECT_EQ(o.ids.at(int(cx + half + 1), int(cy)), 0u);
  EXPECT_EQ(o.ids.at(int(cx), int(cy - half - 1)), 0u);
  EXPECT_FLOAT_EQ(o.depth.at(int(cx), int(cy)), 4.5f);
  EXPECT_TRUE(std::isinf(o.depth.at(0, 0)));
  EXPECT_EQ(o.rgba.at(int(cx), int(cy), 0), 255);
  EXPECT_EQ(o.rgba.at(int(cx), int(cy), 2), 0);
  EXPECT_EQ(o.rgba.at(int(cx), int(cy), 3), 255);
}

TEST(FakeRendererTest, NearestBoxWinsAndFramesComeInOrder) {
  const RenderScene scene = TwoBoxes();
  const auto outs =
      Render(scene, {Frame(scene, {0, 8, 0}, {0.2, 4, 0}), Frame(scene, {0, 3, 0}, {0.2, 6, 0})});
  ASSERT_EQ(outs.size(), 2u);
  EXPECT_EQ(outs[0].index, 0);
  EXPECT_EQ(outs[1].index, 1);
  const int cx = scene.width / 2, cy = scene.height / 2;
  EXPECT_EQ(outs[0].ids.at(cx, cy), 2u);
  EXPECT_EQ(outs[1].ids.at(cx, cy), 1u);
  EXPECT_FLOAT_EQ(outs[1].depth.at(cx, cy), 2.5f);
}

TEST(FakeRendererTest, BoxPartlyBehindTheCameraIsClippedNotLost) {
  const RenderScene scene = TwoBoxes();
  // Box 1 straddles the camera plane (y from -1 to 3, wide): its visible part fills the view.
  RenderScene wide = scene;
  wide.meshes = {core::MakeBox({4.0, 4.0, 4.0})};
  const auto outs = Render(wide, {Frame(wide, {0, 1, 0}, {0, 50, 0})});
  ASSERT_EQ(outs.size(), 1u);
  EXPECT_EQ(outs[0].ids.at(0, 0), 1u);
  EXPECT_EQ(outs[0].ids.at(99, 79), 1u);
}

TEST(FakeRendererTest, RejectsBadArguments) {
  const RenderScene scene = TwoBoxes();
  FrameInput in = Frame(scene, {0, 5, 0}, {0, 6, 0});
  in.X_WO.pop_back();
  auto r = CreateFakeRenderer();
  auto s = r->RenderClip(scene, {&in, 1}, {}, [](FrameOutput&&) { return core::Ok(); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace synth4d::renderer
