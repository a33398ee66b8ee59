#pragma once
// internal: Bullet collision shapes and mass properties for scene objects.
#include <btBulletDynamicsCommon.h>

#include <memory>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim::internal {

// A collision shape in the body's centre-of-mass frame C (axes of the body frame B, origin at the
// centre of mass), with its mass properties.
struct BodyShape {
  std::vector<std::unique_ptr<btCollisionShape>> owned;  // the root shape is owned.back()
  btCollisionShape* root = nullptr;
  glm::dvec3 p_BC{0.0};       // centre of mass in B (bounding-box centre frame), m
  glm::dvec3 inertia{0.0};    // principal moments about the centre of mass for 1 kg, kg m^2
  double inner_radius = 0.0;  // radius of a sphere about C inside the shape (CCD), m
};

// Extra collision margin of cones and convex hulls: Bullet grows those shapes outward by their
// margin, so it is kept small (a 2 mm skin) rather than Bullet's 4 cm default.
inline constexpr double kHullMargin = 0.002;

// Builds the shape of `object` (sizes must be > 0). Meshes load object.asset with assets::LoadMesh
// and FitToSize; their errors are returned. Exact shapes and inertias for box, sphere, cylinder,
// cone (centre of mass h/4 above the base) and capsule; non-round primitives and meshes use a
// convex hull, meshes with the centre of mass at the box centre and box inertia.
core::Result<BodyShape> MakeBodyShape(const spec::ObjectSpec& object);

}  // namespace synth4d::sim::internal
