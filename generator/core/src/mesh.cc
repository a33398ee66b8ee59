#include "synth4d/core/mesh.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "synth4d/core/check.h"

namespace synth4d::core {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

uint32_t AddVertex(Mesh& m, glm::dvec3 p, glm::dvec3 n, glm::dvec2 uv) {
  m.positions.emplace_back(p);
  m.normals.emplace_back(glm::normalize(n));
  m.uvs.emplace_back(uv);
  return static_cast<uint32_t>(m.positions.size() - 1);
}

void AddTriangle(Mesh& m, uint32_t a, uint32_t b, uint32_t c) {
  m.indices.insert(m.indices.end(), {a, b, c});
}

// Flat disc at height z facing +Z (up = true) or -Z, with u around and v = 0 at the rim.
void AddDisc(Mesh& m, double radius, double z, bool up, int slices) {
  const glm::dvec3 n(0, 0, up ? 1 : -1);
  const uint32_t centre = AddVertex(m, {0, 0, z}, n, {0.5, 1.0});
  const uint32_t first = static_cast<uint32_t>(m.positions.size());
  for (int i = 0; i <= slices; ++i) {
    const double a = kTwoPi * i / slices;
    AddVertex(m, {radius * std::cos(a), radius * std::sin(a), z}, n, {double(i) / slices, 0.0});
  }
  for (int i = 0; i < slices; ++i) {
    if (up) {
      AddTriangle(m, centre, first + i, first + i + 1);
    } else {
      AddTriangle(m, centre, first + i + 1, first + i);
    }
  }
}

// Surface of revolution about Z from a profile of (radius, z, normal_r, normal_z) rings.
struct Ring {
  double r, z, nr, nz, v;
};

void AddRevolution(Mesh& m, const std::vector<Ring>& rings, int slices) {
  const uint32_t base = static_cast<uint32_t>(m.positions.size());
  for (const Ring& ring : rings) {
    for (int i = 0; i <= slices; ++i) {
      const double a = kTwoPi * i / slices;
      const double c = std::cos(a), s = std::sin(a);
      AddVertex(m, {ring.r * c, ring.r * s, ring.z}, {ring.nr * c, ring.nr * s, ring.nz},
                {double(i) / slices, ring.v});
    }
  }
  const uint32_t stride = slices + 1;
  for (size_t k = 0; k + 1 < rings.size(); ++k) {
    for (int i = 0; i < slices; ++i) {
      const uint32_t a = base + k * stride + i, b = a + 1;
      const uint32_t c = a + stride, d = c + 1;
      // Rings go from bottom to top; counter-clockwise seen from outside.
      AddTriangle(m, a, b, d);
      AddTriangle(m, a, d, c);
    }
  }
}

}  // namespace

Aabb Bounds(const Mesh& mesh) {
  if (mesh.positions.empty()) return {};
  Aabb box{glm::dvec3(mesh.positions[0]), glm::dvec3(mesh.positions[0])};
  for (const glm::vec3& p : mesh.positions) {
    box.min = glm::min(box.min, glm::dvec3(p));
    box.max = glm::max(box.max, glm::dvec3(p));
  }
  return box;
}

Mesh MakeBox(const glm::dvec3& size) {
  SYNTH4D_CHECK(size.x > 0 && size.y > 0 && size.z > 0) << "MakeBox: non-positive size";
  Mesh m;
  const glm::dvec3 h = 0.5 * size;
  // Each face: normal n, and two tangents (u, v) with u x v = n, so corners go CCW from outside.
  const glm::dvec3 normals[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  for (const glm::dvec3& n : normals) {
    const glm::dvec3 u = std::abs(n.z) > 0.5 ? glm::dvec3(1, 0, 0) : glm::dvec3(-n.y, n.x, 0);
    const glm::dvec3 v = glm::cross(n, u);
    const uint32_t first = static_cast<uint32_t>(m.positions.size());
    const double corners[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    for (const auto& c : corners) {
      const glm::dvec3 p = (n + c[0] * u + c[1] * v) * h;
      AddVertex(m, p, n, {0.5 * (c[0] + 1), 0.5 * (c[1] + 1)});
    }
    AddTriangle(m, first, first + 1, first + 2);
    AddTriangle(m, first, first + 2, first + 3);
  }
  return m;
}

Mesh MakeSphere(double radius, int slices, int stacks) {
  SYNTH4D_CHECK(radius > 0 && slices >= 3 && stacks >= 2) << "MakeSphere: bad arguments";
  std::vector<Ring> rings;
  for (int j = 0; j <= stacks; ++j) {
    const double phi = -0.5 * std::numbers::pi + std::numbers::pi * j / stacks;
    const double c = std::cos(phi), s = std::sin(phi);
    rings.push_back({radius * c, radius * s, c, s, double(j) / stacks});
  }
  Mesh m;
  AddRevolution(m, rings, slices);
  return m;
}

Mesh MakeCylinder(double radius, double height, int slices) {
  SYNTH4D_CHECK(radius > 0 && height > 0 && slices >= 3) << "MakeCylinder: bad arguments";
  Mesh m;
  const double h = 0.5 * height;
  AddRevolution(m, {{radius, -h, 1, 0, 0.0}, {radius, h, 1, 0, 1.0}}, slices);
  AddDisc(m, radius, h, true, slices);
  AddDisc(m, radius, -h, false, slices);
  return m;
}

Mesh MakeCone(double radius, double height, int slices) {
  SYNTH4D_CHECK(radius > 0 && height > 0 && slices >= 3) << "MakeCone: bad arguments";
  Mesh m;
  const double h = 0.5 * height;
  const double len = std::hypot(radius, height);
  const double nr = height / len, nz = radius / len;
  // The apex ring has a tiny radius so each slice keeps its own normal.
  AddRevolution(m, {{radius, -h, nr, nz, 0.0}, {radius * 1e-4, h, nr, nz, 1.0}}, slices);
  AddDisc(m, radius, -h, false, slices);
  return m;
}

Mesh MakeCapsule(double radius, double height, int slices, int stacks) {
  SYNTH4D_CHECK(radius > 0 && height >= 2 * radius && slices >= 3 && stacks >= 1)
      << "MakeCapsule: bad arguments";
  const double half_cyl = 0.5 * height - radius;
  std::vector<Ring> rings;
  const int n = 2 * stacks + 2;
  for (int j = 0; j <= stacks; ++j) {  // bottom hemisphere
    const double phi = -0.5 * std::numbers::pi + 0.5 * std::numbers::pi * j / stacks;
    rings.push_back({radius * std::cos(phi), -half_cyl + radius * std::sin(phi), std::cos(phi),
                     std::sin(phi), 0.0});
  }
  for (int j = 0; j <= stacks; ++j) {  // top hemisphere
    const double phi = 0.5 * std::numbers::pi * j / stacks;
    rings.push_back({radius * std::cos(phi), half_cyl + radius * std::sin(phi), std::cos(phi),
                     std::sin(phi), 0.0});
  }
  for (size_t k = 0; k < rings.size(); ++k) rings[k].v = double(k) / (n - 1);
  Mesh m;
  AddRevolution(m, rings, slices);
  return m;
}

}  // namespace synth4d::core
