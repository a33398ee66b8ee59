#include "synth4d/pipeline/render_setup.h"

#include <gtest/gtest.h>

#include "synth4d/spec/loader.h"

namespace synth4d::pipeline {
namespace {

spec::ResolvedScene Scene(const std::string& front) {
  const std::string text = R"(
clip: {duration: 1, fps: 10, resolution: [64, 48], seed: 1}
objects:
  - {name: car, shape: box, size: [1.0, 0.5, 0.4], color: red, position: [0, 0])" +
                           front + R"(}
cameras:
  - {name: main, position: [0, -6, 3], look_at: [0, 0, 0]}
)";
  auto scene = spec::ResolveSpecString(text, "render_setup_test.yaml", {});
  EXPECT_TRUE(scene.ok()) << scene.error().ToString();
  return *scene;
}

// A box with a front shows which way it faces: the faces looking along its front axis (and only
// those) carry a colour that stands out from its base colour; a box without a front is plain.
TEST(RenderSetup, ABoxWithAFrontHasItsFrontFaceMarked) {
  for (const auto& [front, axis] :
       {std::pair{"+x", glm::dvec3(1, 0, 0)}, std::pair{"-y", glm::dvec3(0, -1, 0)}}) {
    const spec::ResolvedScene scene = Scene(std::string(", front: \"") + front + "\"");
    auto meshes = BuildObjectMeshes(scene);
    ASSERT_TRUE(meshes.ok()) << meshes.error().ToString();
    const core::Mesh& box = meshes->front();
    ASSERT_EQ(box.colors.size(), box.positions.size());
    const glm::vec3 base = MakeRenderScene(scene, *meshes).objects.front().base_color_linear;
    int marked = 0;
    for (size_t i = 0; i < box.positions.size(); ++i) {
      const bool front_face = glm::dot(glm::dvec3(box.normals[i]), axis) > 0.99;
      const float difference = glm::length(box.colors[i] - base);
      if (front_face) {
        EXPECT_GT(difference, 0.3f) << front;
        ++marked;
      } else {
        EXPECT_EQ(difference, 0.0f) << front;
      }
    }
    EXPECT_EQ(marked, 4) << front;  // one quad
  }
  auto plain = BuildObjectMeshes(Scene(""));
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->front().colors.empty());
}

}  // namespace
}  // namespace synth4d::pipeline
