#include "internal_geometry.h"

#include "internal_gpu_types.h"

namespace synth4d::renderer::internal {
namespace {

void AppendMesh(const core::Mesh& mesh, std::vector<Vertex>& vertices,
                std::vector<uint32_t>& indices, DrawRange& range) {
  range.first_index = static_cast<uint32_t>(indices.size());
  range.index_count = static_cast<uint32_t>(mesh.indices.size());
  range.vertex_offset = static_cast<int32_t>(vertices.size());
  for (size_t i = 0; i < mesh.positions.size(); ++i) {
    Vertex v{};
    const glm::vec3& p = mesh.positions[i];
    const glm::vec3& n = mesh.normals[i];
    v.position[0] = p.x, v.position[1] = p.y, v.position[2] = p.z;
    v.normal[0] = n.x, v.normal[1] = n.y, v.normal[2] = n.z;
    if (!mesh.uvs.empty()) v.uv[0] = mesh.uvs[i].x, v.uv[1] = mesh.uvs[i].y;
    if (!mesh.colors.empty()) {
      const glm::vec3& c = mesh.colors[i];
      v.color[0] = c.r, v.color[1] = c.g, v.color[2] = c.b, v.color[3] = 1.0f;
    }
    vertices.push_back(v);
  }
  indices.insert(indices.end(), mesh.indices.begin(), mesh.indices.end());
}

core::Mesh GroundSquare(float size_m) {
  const float h = 0.5f * size_m;
  core::Mesh m;
  m.positions = {{-h, -h, 0}, {h, -h, 0}, {h, h, 0}, {-h, h, 0}};
  m.normals.assign(4, glm::vec3(0, 0, 1));
  m.uvs = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  m.indices = {0, 1, 2, 0, 2, 3};  // counter-clockwise seen from above
  return m;
}

}  // namespace

core::Result<SceneGeometry> UploadSceneGeometry(Context& context, const RenderScene& scene) {
  std::vector<Vertex> vertices;
  std::vector<uint32_t> indices;
  SceneGeometry out;
  out.meshes.resize(scene.meshes.size());
  for (size_t i = 0; i < scene.meshes.size(); ++i) {
    AppendMesh(scene.meshes[i], vertices, indices, out.meshes[i]);
  }
  if (scene.environment.ground_size_m > 0.0f) {
    AppendMesh(GroundSquare(scene.environment.ground_size_m), vertices, indices, out.ground);
  }
  if (vertices.empty()) {  // keep the buffers valid for a scene with nothing in it
    vertices.push_back(Vertex{});
    indices.push_back(0);
  }
  SYNTH4D_ASSIGN_OR_RETURN(
      out.vertices, CreateDeviceBuffer(context, vertices.data(), vertices.size() * sizeof(Vertex),
                                       VK_BUFFER_USAGE_VERTEX_BUFFER_BIT));
  SYNTH4D_ASSIGN_OR_RETURN(
      out.indices, CreateDeviceBuffer(context, indices.data(), indices.size() * sizeof(uint32_t),
                                      VK_BUFFER_USAGE_INDEX_BUFFER_BIT));
  return out;
}

}  // namespace synth4d::renderer::internal
