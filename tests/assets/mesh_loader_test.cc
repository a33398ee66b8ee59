#include "synth4d/assets/mesh_loader.h"

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

namespace synth4d::assets {
namespace {

// Debian's assimp-testmodels (installed by tools/install-deps).
const std::filesystem::path kModels = "/usr/share/assimp/models";

TEST(MeshLoaderTest, LoadsGltfTruckWithColoursAndZUp) {
  auto mesh = LoadMesh(kModels / "glTF/CesiumMilkTruck/CesiumMilkTruck.gltf", UpAxis::kY);
  ASSERT_TRUE(mesh.ok()) << mesh.error().ToString();
  EXPECT_GT(mesh->indices.size(), 1000u);
  EXPECT_EQ(mesh->colors.size(), mesh->positions.size());
  const core::Aabb b = core::Bounds(*mesh);
  const glm::dvec3 e = b.max - b.min;
  // A truck is longer than it is tall; after the Y-up fix its height is along Z.
  EXPECT_GT(std::max(e.x, e.y), e.z);
}

// glTF 1.0 node transforms are translation · rotation · scale: the truck's front and rear wheel
// sets (the same rotated wheel mesh placed twice) touch the ground at the same height, and the
// wheels reach below the body (assimp 5.2 alone lifts the rear wheels by 0.49 units).
TEST(MeshLoaderTest, GltfOneNodeTransformsPutBothTruckAxlesOnTheGround) {
  auto mesh = LoadMesh(kModels / "glTF/CesiumMilkTruck/CesiumMilkTruck.gltf", UpAxis::kY);
  ASSERT_TRUE(mesh.ok()) << mesh.error().ToString();
  double front = 1e9, rear = 1e9;
  for (const glm::vec3& p : mesh->positions) {
    if (p.x > 1.0) front = std::min(front, double{p.z});
    if (p.x < -0.8) rear = std::min(rear, double{p.z});
  }
  EXPECT_NEAR(front, rear, 0.01);
  EXPECT_NEAR(core::Bounds(*mesh).min.z, front, 1e-6);
}

TEST(MeshLoaderTest, LoadsPlyCube) {
  auto mesh = LoadMesh(kModels / "PLY/cube.ply", UpAxis::kZ);
  ASSERT_TRUE(mesh.ok()) << mesh.error().ToString();
  EXPECT_EQ(mesh->indices.size() % 3, 0u);
  EXPECT_GE(mesh->indices.size(), 36u);
}

TEST(MeshLoaderTest, MissingAndBrokenFilesAreErrors) {
  auto missing = LoadMesh("/nonexistent/x.gltf", UpAxis::kY);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  auto empty = LoadMesh(kModels / "invalid/empty.ply", UpAxis::kZ);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(empty.error().message.find("empty.ply"), std::string::npos);
}

TEST(MeshLoaderTest, FitToSizeCentresAndScales) {
  core::Mesh box = core::MakeBox({2, 2, 2});
  for (auto& p : box.positions) p += glm::vec3(5, 0, 1);
  const core::Aabb b = core::Bounds(FitToSize(box, {1, 0.5, 4}));
  EXPECT_NEAR(b.min.x, -0.5, 1e-6);
  EXPECT_NEAR(b.max.y, 0.25, 1e-6);
  EXPECT_NEAR(b.max.z, 2.0, 1e-6);
  EXPECT_EQ(DefaultUpAxis("a/b.GLTF"), UpAxis::kY);
  EXPECT_EQ(DefaultUpAxis("a/b.ply"), UpAxis::kZ);
}

}  // namespace
}  // namespace synth4d::assets
