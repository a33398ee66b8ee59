#pragma once
// Triangle meshes in an object's own frame (metres), and tessellated primitives.
#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

namespace synth4d::core {

struct Aabb {
  glm::dvec3 min{0.0};
  glm::dvec3 max{0.0};
};

// Indexed triangle mesh. `colors` (linear RGB per vertex) is empty when the object's colour applies.
struct Mesh {
  std::vector<glm::vec3> positions;
  std::vector<glm::vec3> normals;
  std::vector<glm::vec2> uvs;      // texture coordinates used for surface patterns
  std::vector<glm::vec3> colors;   // optional per-vertex base colour (linear RGB)
  std::vector<uint32_t> indices;   // 3 per triangle, counter-clockwise seen from outside
};

// Axis-aligned bounds of the mesh's positions (zero box for an empty mesh).
Aabb Bounds(const Mesh& mesh);

// Box with full extents `size` centred at the origin.
Mesh MakeBox(const glm::dvec3& size);
// UV sphere of `radius` centred at the origin.
Mesh MakeSphere(double radius, int slices = 32, int stacks = 16);
// Cylinder along Z, centred at the origin, total height `height`.
Mesh MakeCylinder(double radius, double height, int slices = 32);
// Cone along Z with its base at z = -height/2 and apex at +height/2 (centred on its bounding box).
Mesh MakeCone(double radius, double height, int slices = 32);
// Capsule along Z with total height `height` (>= 2 radius), centred at the origin.
Mesh MakeCapsule(double radius, double height, int slices = 32, int stacks = 8);

}  // namespace synth4d::core
