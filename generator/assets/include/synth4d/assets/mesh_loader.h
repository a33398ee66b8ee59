#pragma once
// Loads mesh assets (glTF 2.0, OBJ, PLY, anything Assimp reads) into one core::Mesh.
#include <filesystem>

#include "synth4d/core/mesh.h"
#include "synth4d/core/result.h"

namespace synth4d::assets {

// The file's up axis. glTF is +Y up by its specification; synth4d's world is +Z up.
enum class UpAxis { kY, kZ };

// The up axis a file format declares or conventionally uses (glTF, OBJ: +Y; PLY, STL: +Z).
UpAxis DefaultUpAxis(const std::filesystem::path& path);

// Loads every mesh of the file, node transforms applied, rotated so `up` becomes +Z, triangulated,
// with smooth normals and per-vertex base colours (material base/diffuse colour, linear RGB).
// kNotFound for a missing file, kInvalidArgument for a file Assimp cannot read or with no triangles.
core::Result<core::Mesh> LoadMesh(const std::filesystem::path& path, UpAxis up);

// Returns `mesh` translated so its bounding box is centred at the origin and scaled per axis so
// its extents equal `size` (metres). Requires non-degenerate bounds.
core::Mesh FitToSize(core::Mesh mesh, const glm::dvec3& size);

}  // namespace synth4d::assets
