#include "synth4d/core/geometry.h"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

namespace synth4d::core {
namespace {

constexpr double kPi = std::numbers::pi;

void ExpectNear(const glm::dvec3& a, const glm::dvec3& b, double tol = 1e-9) {
  EXPECT_NEAR(a.x, b.x, tol);
  EXPECT_NEAR(a.y, b.y, tol);
  EXPECT_NEAR(a.z, b.z, tol);
}

TEST(GeometryTest, QuaternionConstructorIsWxyz) {
  const glm::dquat q(0.5, 0.1, 0.2, 0.3);
  EXPECT_EQ(q.w, 0.5);
  EXPECT_EQ(q.x, 0.1);
}

TEST(GeometryTest, YawRotatesXTowardY) {
  const glm::dquat q = FromYawPitchRoll(kPi / 2, 0, 0);
  ExpectNear(q * glm::dvec3(1, 0, 0), {0, 1, 0});
  EXPECT_NEAR(Heading(q, {1, 0, 0}), kPi / 2, 1e-12);
}

TEST(GeometryTest, PitchAndRollOrder) {
  // R = Rz(yaw) Ry(pitch) Rx(roll): roll acts first, in the body frame.
  const glm::dquat q = FromYawPitchRoll(kPi / 2, 0, kPi / 2);
  // Body +Y -> (roll 90 about X) +Z -> (yaw) stays +Z.
  ExpectNear(q * glm::dvec3(0, 1, 0), {0, 0, 1});
  const glm::dquat p = FromYawPitchRoll(0, kPi / 2, 0);
  // Pitch +90 about Y takes +X to -Z (right-hand rule).
  ExpectNear(p * glm::dvec3(1, 0, 0), {0, 0, -1});
}

TEST(GeometryTest, ComposeAndInverse) {
  const Pose a{{1, 2, 3}, FromYawPitchRoll(0.3, -0.2, 0.1)};
  const Pose b{{-1, 0.5, 2}, FromYawPitchRoll(-1.0, 0.4, 0.7)};
  const glm::dvec3 p(0.3, -0.7, 1.1);
  ExpectNear(Apply(Compose(a, b), p), Apply(a, Apply(b, p)));
  ExpectNear(Apply(Inverse(a), Apply(a, p)), p);
  const glm::dvec4 h = ToMatrix(a) * glm::dvec4(p, 1.0);
  ExpectNear(glm::dvec3(h), Apply(a, p));
}

TEST(GeometryTest, LookAtUsesOpenCvAxes) {
  // Camera on -Y looking at the origin: image right is world +X, image down is world -Z.
  const Pose X_WC = LookAt({0, -5, 0}, {0, 0, 0});
  ExpectNear(X_WC.q * glm::dvec3(1, 0, 0), {1, 0, 0});
  ExpectNear(X_WC.q * glm::dvec3(0, 1, 0), {0, 0, -1});
  ExpectNear(X_WC.q * glm::dvec3(0, 0, 1), {0, 1, 0});
  // Straight down: up falls back to +Y, still a proper rotation.
  const Pose down = LookAt({0, 0, 5}, {0, 0, 0});
  ExpectNear(down.q * glm::dvec3(0, 0, 1), {0, 0, -1});
  EXPECT_NEAR(glm::length(down.q), 1.0, 1e-12);
}

TEST(GeometryTest, ProjectionOfAxisAndOffsets) {
  const Intrinsics K = FromVerticalFov(640, 480, 2 * std::atan(0.5));  // f = 480
  EXPECT_NEAR(K.fy, 480.0, 1e-9);
  EXPECT_NEAR(VerticalFov(K), 2 * std::atan(0.5), 1e-12);
  const glm::dvec2 c = Project(K, {0, 0, 2});
  EXPECT_NEAR(c.x, 320.0, 1e-9);
  EXPECT_NEAR(c.y, 240.0, 1e-9);
  const glm::dvec2 r = Project(K, {1, 0.5, 4});  // right and down
  EXPECT_NEAR(r.x, 320.0 + 120.0, 1e-9);
  EXPECT_NEAR(r.y, 240.0 + 60.0, 1e-9);
}

}  // namespace
}  // namespace synth4d::core
