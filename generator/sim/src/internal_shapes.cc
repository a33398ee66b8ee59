#include "internal_shapes.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "synth4d/assets/mesh_loader.h"
#include "synth4d/core/mesh.h"

namespace synth4d::sim::internal {
namespace {

using spec::Shape;
constexpr double kPi = std::numbers::pi;
// Tessellation of the hulls of non-round primitives: support queries cost one dot product per
// vertex, and 24 facets around keep the surface within 1 % of the true radius.
constexpr int kHullSlices = 24;

btVector3 Bt(const glm::dvec3& v) { return {v.x, v.y, v.z}; }

template <class T>
T* Own(BodyShape* s, std::unique_ptr<T> shape) {
  T* raw = shape.get();
  s->owned.push_back(std::move(shape));
  s->root = raw;
  return raw;
}

// Convex hull of `mesh` translated by `offset`, with a thin margin.
void MakeHull(BodyShape* s, const core::Mesh& mesh, const glm::dvec3& offset) {
  auto hull = std::make_unique<btConvexHullShape>();
  for (const glm::vec3& p : mesh.positions) {
    hull->addPoint(Bt(glm::dvec3(p) + offset), false);
  }
  hull->recalcLocalAabb();
  hull->optimizeConvexHull();
  hull->setMargin(kHullMargin);
  Own(s, std::move(hull));
}

bool Round(const glm::dvec3& size) { return std::abs(size.x - size.y) <= 1e-9 * size.x; }

glm::dvec3 BoxInertia(const glm::dvec3& d) {
  return glm::dvec3(d.y * d.y + d.z * d.z, d.x * d.x + d.z * d.z, d.x * d.x + d.y * d.y) / 12.0;
}

void MakeBox(BodyShape* s, const glm::dvec3& d) {
  Own(s, std::make_unique<btBoxShape>(Bt(0.5 * d)));
  s->inertia = BoxInertia(d);
}

void MakeSphere(BodyShape* s, const glm::dvec3& d) {
  const glm::dvec3 a = 0.5 * d;  // semi-axes (ellipsoid)
  if (Round(d) && std::abs(d.z - d.x) <= 1e-9 * d.x) {
    Own(s, std::make_unique<btSphereShape>(a.x));
  } else {
    MakeHull(s, assets::FitToSize(core::MakeSphere(0.5, kHullSlices, kHullSlices / 2), d),
             glm::dvec3(0.0));
  }
  s->inertia =
      glm::dvec3(a.y * a.y + a.z * a.z, a.x * a.x + a.z * a.z, a.x * a.x + a.y * a.y) / 5.0;
}

void MakeCylinder(BodyShape* s, const glm::dvec3& d) {
  const double a = 0.5 * d.x, b = 0.5 * d.y, h = d.z;  // elliptic cross-section semi-axes
  if (Round(d)) {
    Own(s, std::make_unique<btCylinderShapeZ>(Bt(0.5 * d)));
  } else {
    MakeHull(s, assets::FitToSize(core::MakeCylinder(0.5, 1.0, kHullSlices), d), glm::dvec3(0.0));
  }
  s->inertia = {b * b / 4 + h * h / 12, a * a / 4 + h * h / 12, (a * a + b * b) / 4};
}

// A cone (btConeShapeZ, centred on its bounding box) shifted by `offset`, so its frame origin can
// be the centre of mass. A custom convex type: Bullet then calls these virtual support functions
// instead of its inlined cone code, and the body stays convex (a compound would lose CCD).
ATTRIBUTE_ALIGNED16(class) OffsetCone : public btConvexInternalShape {
 public:
  BT_DECLARE_ALIGNED_ALLOCATOR();
  OffsetCone(double radius, double height, const btVector3& offset)
      : cone_(radius, height), offset_(offset), half_(radius, radius, 0.5 * height) {
    m_shapeType = CUSTOM_CONVEX_SHAPE_TYPE;
  }
  btVector3 localGetSupportingVertexWithoutMargin(const btVector3& v) const override {
    return cone_.localGetSupportingVertexWithoutMargin(v) + offset_;
  }
  void batchedUnitVectorGetSupportingVertexWithoutMargin(const btVector3* v, btVector3* out, int n)
      const override {
    for (int i = 0; i < n; ++i) {
      out[i] = localGetSupportingVertexWithoutMargin(v[i]);
    }
  }
  void getAabb(const btTransform& t, btVector3& lo, btVector3& hi) const override {
    btTransformAabb(offset_ - half_, offset_ + half_, getMargin(), t, lo, hi);
  }
  void calculateLocalInertia(btScalar mass, btVector3 & inertia) const override {
    cone_.calculateLocalInertia(mass, inertia);
  }
  const char* getName() const override { return "OffsetCone"; }

 private:
  btConeShapeZ cone_;
  btVector3 offset_;
  btVector3 half_;
};

void MakeCone(BodyShape* s, const glm::dvec3& d) {
  const double a = 0.5 * d.x, b = 0.5 * d.y, h = d.z;
  s->p_BC = {0.0, 0.0, -0.25 * h};  // centroid of a cone: a quarter of the height above the base
  if (Round(d)) {
    Own(s, std::make_unique<OffsetCone>(a, h, Bt(-s->p_BC)))->setMargin(kHullMargin);
  } else {
    MakeHull(s, assets::FitToSize(core::MakeCone(0.5, 1.0, kHullSlices), d), -s->p_BC);
  }
  s->inertia = {0.15 * b * b + 0.0375 * h * h, 0.15 * a * a + 0.0375 * h * h,
                0.15 * (a * a + b * b)};
}

void MakeCapsule(BodyShape* s, const glm::dvec3& d) {
  const double r = 0.5 * d.x, h = d.z;
  if (Round(d) && h >= 2.0 * r) {
    const double a = h - 2.0 * r;  // length of the cylindrical part
    Own(s, std::make_unique<btCapsuleShapeZ>(r, a));
    const double m_cyl = kPi * r * r * a, m_cap = 2.0 / 3.0 * kPi * r * r * r;  // unit density
    const double m = m_cyl + 2.0 * m_cap;
    const double iz = m_cyl * r * r / 2 + 2 * m_cap * 2 * r * r / 5;
    const double ix =
        m_cyl * (3 * r * r + a * a) / 12 + 2 * m_cap * (2 * r * r / 5 + a * a / 4 + 3 * a * r / 8);
    s->inertia = glm::dvec3(ix, ix, iz) / m;
  } else {
    const double rr = 0.5 * std::min(d.x, d.y);
    MakeHull(s, assets::FitToSize(core::MakeCapsule(rr, std::max(h, 2.0 * rr), kHullSlices, 4), d),
             glm::dvec3(0.0));
    s->inertia = BoxInertia(d);
  }
}

}  // namespace

core::Result<BodyShape> MakeBodyShape(const spec::ObjectSpec& object) {
  BodyShape s;
  const glm::dvec3& d = object.size;
  switch (object.shape) {
    case Shape::kBox:
      MakeBox(&s, d);
      break;
    case Shape::kSphere:
      MakeSphere(&s, d);
      break;
    case Shape::kCylinder:
      MakeCylinder(&s, d);
      break;
    case Shape::kCone:
      MakeCone(&s, d);
      break;
    case Shape::kCapsule:
      MakeCapsule(&s, d);
      break;
    case Shape::kMesh: {
      SYNTH4D_ASSIGN_OR_RETURN(core::Mesh mesh, assets::LoadMesh(object.asset, object.up_axis));
      const core::Aabb b = core::Bounds(mesh);
      const glm::dvec3 e = b.max - b.min;
      if (!(e.x > 0 && e.y > 0 && e.z > 0)) {
        return core::MakeError(core::ErrorCode::kInvalidArgument, object.asset + ": flat mesh");
      }
      MakeHull(&s, assets::FitToSize(std::move(mesh), d), glm::dvec3(0.0));
      s.inertia = BoxInertia(d);
      break;
    }
  }
  s.inner_radius = 0.25 * std::min({d.x, d.y, d.z});
  if (object.shape == Shape::kSphere) {
    s.inner_radius = 0.5 * std::min({d.x, d.y, d.z});
  }
  return s;
}

}  // namespace synth4d::sim::internal
