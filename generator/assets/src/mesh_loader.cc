#include "synth4d/assets/mesh_loader.h"

#include <assimp/material.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <algorithm>
#include <assimp/Importer.hpp>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace synth4d::assets {
namespace {

using core::ErrorCode;
using core::MakeError;

std::string LowerExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

// Base colour of a material: glTF base colour factor, else diffuse colour, else mid gray.
glm::vec3 BaseColor(const aiMaterial* material) {
  aiColor4D color;
  if (material->Get(AI_MATKEY_BASE_COLOR, color) == AI_SUCCESS) return {color.r, color.g, color.b};
  if (material->Get(AI_MATKEY_COLOR_DIFFUSE, color) == AI_SUCCESS)
    return {color.r, color.g, color.b};
  return glm::vec3(0.5f);
}

// Assimp 5.2's glTF 1.0 importer composes a node's translation T, rotation R and scale S as
// R·S·T instead of T·R·S (its glTF 2.0 importer is right): a rotated child node lands in the
// wrong place (the milk truck's rear wheels float 0.5 units up). Returns the ids of the nodes
// whose transform it composed from those properties, read from the file; empty for other files.
std::set<std::string> Gltf1TrsNodes(const std::filesystem::path& path, const aiScene& scene) {
  aiString format, version;
  if (scene.mMetaData == nullptr || !scene.mMetaData->Get("SourceAsset_Format", format) ||
      !scene.mMetaData->Get("SourceAsset_FormatVersion", version) ||
      std::string(format.C_Str()) != "glTF Importer" || std::string(version.C_Str()) != "1.0") {
    return {};
  }
  std::set<std::string> ids;
  std::ifstream in(path);
  const nlohmann::json gltf = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!gltf.is_object() || !gltf.contains("nodes") || !gltf["nodes"].is_object()) return ids;
  for (const auto& [id, node] : gltf["nodes"].items()) {
    if (node.is_object() && !node.contains("matrix") &&
        (node.contains("rotation") || node.contains("scale"))) {
      ids.insert(id);
    }
  }
  return ids;
}

// T·R·S from assimp's R·S·T: same linear part A = R·S, translation A⁻¹·(A·t) = t.
aiMatrix4x4 FixTrsOrder(const aiMatrix4x4& m) {
  aiMatrix3x3 linear(m);
  linear.Inverse();
  const aiVector3D t = linear * aiVector3D(m.a4, m.b4, m.c4);
  aiMatrix4x4 fixed = m;
  fixed.a4 = t.x;
  fixed.b4 = t.y;
  fixed.c4 = t.z;
  return fixed;
}

void AppendNode(const aiScene& scene, const aiNode& node, const aiMatrix4x4& parent,
                const std::set<std::string>& trs_nodes, core::Mesh& out) {
  const aiMatrix4x4 local = trs_nodes.count(node.mName.C_Str()) ? FixTrsOrder(node.mTransformation)
                                                                : node.mTransformation;
  const aiMatrix4x4 transform = parent * local;
  aiMatrix3x3 normal_matrix(transform);
  normal_matrix.Inverse().Transpose();
  for (unsigned m = 0; m < node.mNumMeshes; ++m) {
    const aiMesh& mesh = *scene.mMeshes[node.mMeshes[m]];
    if (!(mesh.mPrimitiveTypes & aiPrimitiveType_TRIANGLE)) continue;
    const glm::vec3 color = BaseColor(scene.mMaterials[mesh.mMaterialIndex]);
    const uint32_t base = static_cast<uint32_t>(out.positions.size());
    for (unsigned v = 0; v < mesh.mNumVertices; ++v) {
      const aiVector3D p = transform * mesh.mVertices[v];
      aiVector3D n = mesh.HasNormals() ? normal_matrix * mesh.mNormals[v] : aiVector3D(0, 0, 1);
      n.Normalize();
      out.positions.emplace_back(p.x, p.y, p.z);
      out.normals.emplace_back(n.x, n.y, n.z);
      const aiVector3D uv = mesh.HasTextureCoords(0) ? mesh.mTextureCoords[0][v] : aiVector3D();
      out.uvs.emplace_back(uv.x, uv.y);
      if (mesh.HasVertexColors(0)) {
        const aiColor4D c = mesh.mColors[0][v];
        out.colors.emplace_back(c.r, c.g, c.b);
      } else {
        out.colors.push_back(color);
      }
    }
    for (unsigned f = 0; f < mesh.mNumFaces; ++f) {
      const aiFace& face = mesh.mFaces[f];
      if (face.mNumIndices != 3) continue;
      for (unsigned k = 0; k < 3; ++k) out.indices.push_back(base + face.mIndices[k]);
    }
  }
  for (unsigned c = 0; c < node.mNumChildren; ++c) {
    AppendNode(scene, *node.mChildren[c], transform, trs_nodes, out);
  }
}

}  // namespace

UpAxis DefaultUpAxis(const std::filesystem::path& path) {
  const std::string ext = LowerExtension(path);
  return (ext == ".gltf" || ext == ".glb" || ext == ".obj" || ext == ".fbx") ? UpAxis::kY
                                                                             : UpAxis::kZ;
}

core::Result<core::Mesh> LoadMesh(const std::filesystem::path& path, UpAxis up) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return MakeError(ErrorCode::kNotFound, path.string() + ": mesh file not found");
  }
  Assimp::Importer importer;
  const aiScene* scene =
      importer.ReadFile(path.string(), aiProcess_Triangulate | aiProcess_GenSmoothNormals |
                                           aiProcess_JoinIdenticalVertices | aiProcess_SortByPType |
                                           aiProcess_ValidateDataStructure);
  if (scene == nullptr || scene->mRootNode == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     path.string() + ": cannot read mesh: " + importer.GetErrorString());
  }
  core::Mesh mesh;
  // Y-up files: rotate +90 degrees about X so +Y becomes +Z (and +Z becomes -Y).
  aiMatrix4x4 root;
  if (up == UpAxis::kY) aiMatrix4x4::RotationX(static_cast<ai_real>(M_PI / 2), root);
  AppendNode(*scene, *scene->mRootNode, root, Gltf1TrsNodes(path, *scene), mesh);
  if (mesh.indices.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, path.string() + ": mesh has no triangles");
  }
  return mesh;
}

core::Mesh FitToSize(core::Mesh mesh, const glm::dvec3& size) {
  const core::Aabb box = core::Bounds(mesh);
  const glm::dvec3 extent = box.max - box.min;
  SYNTH4D_CHECK(extent.x > 0 && extent.y > 0 && extent.z > 0) << "FitToSize: flat mesh";
  const glm::dvec3 centre = 0.5 * (box.min + box.max);
  const glm::dvec3 scale = size / extent;
  for (glm::vec3& p : mesh.positions) p = glm::vec3((glm::dvec3(p) - centre) * scale);
  // Non-uniform scaling: normals transform by the inverse scale.
  for (glm::vec3& n : mesh.normals) n = glm::normalize(glm::vec3(glm::dvec3(n) / scale));
  return mesh;
}

}  // namespace synth4d::assets
