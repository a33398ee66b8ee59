#include "synth4d/core/mesh.h"

#include <gtest/gtest.h>

namespace synth4d::core {
namespace {

// Signed volume by the divergence theorem: positive iff triangles are CCW seen from outside.
double SignedVolume(const Mesh& m) {
  double v = 0;
  for (size_t i = 0; i < m.indices.size(); i += 3) {
    const glm::dvec3 a = m.positions[m.indices[i]], b = m.positions[m.indices[i + 1]],
                     c = m.positions[m.indices[i + 2]];
    v += glm::dot(a, glm::cross(b, c)) / 6.0;
  }
  return v;
}

void ExpectWellFormed(const Mesh& m) {
  ASSERT_EQ(m.indices.size() % 3, 0u);
  ASSERT_EQ(m.normals.size(), m.positions.size());
  ASSERT_EQ(m.uvs.size(), m.positions.size());
  for (uint32_t i : m.indices) ASSERT_LT(i, m.positions.size());
}

TEST(MeshTest, BoxVolumeBoundsAndWinding) {
  const Mesh m = MakeBox({1, 2, 3});
  ExpectWellFormed(m);
  EXPECT_NEAR(SignedVolume(m), 6.0, 1e-6);
  const Aabb b = Bounds(m);
  EXPECT_NEAR(b.min.y, -1.0, 1e-6);
  EXPECT_NEAR(b.max.z, 1.5, 1e-6);
}

TEST(MeshTest, PrimitiveVolumesApproachAnalytic) {
  // Tessellated volumes are a little below the analytic ones; 32 slices lose < 2%.
  const double pi = 3.141592653589793;
  EXPECT_NEAR(SignedVolume(MakeSphere(1.0, 64, 32)) / (4.0 / 3.0 * pi), 1.0, 0.02);
  EXPECT_NEAR(SignedVolume(MakeCylinder(0.5, 2.0)) / (pi * 0.25 * 2.0), 1.0, 0.02);
  EXPECT_NEAR(SignedVolume(MakeCone(0.5, 2.0)) / (pi * 0.25 * 2.0 / 3.0), 1.0, 0.02);
  const double capsule = pi * 0.25 * 1.0 + 4.0 / 3.0 * pi * 0.125;
  EXPECT_NEAR(SignedVolume(MakeCapsule(0.5, 2.0, 64, 16)) / capsule, 1.0, 0.02);
}

TEST(MeshTest, ConeIsCentredOnItsBounds) {
  const Aabb b = Bounds(MakeCone(0.5, 2.0));
  EXPECT_NEAR(b.min.z, -1.0, 1e-6);
  EXPECT_NEAR(b.max.z, 1.0, 1e-6);
  ExpectWellFormed(MakeCapsule(0.3, 1.0));
}

}  // namespace
}  // namespace synth4d::core
