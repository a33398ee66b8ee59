#pragma once
// A RenderScene's meshes (and the ground square) in one vertex and one index buffer.
#include <vector>

#include "internal_context.h"
#include "internal_memory.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::renderer::internal {

struct DrawRange {
  uint32_t first_index = 0;
  uint32_t index_count = 0;
  int32_t vertex_offset = 0;
};

struct SceneGeometry {
  Buffer vertices;
  Buffer indices;
  std::vector<DrawRange> meshes;  // indexed like RenderScene::meshes
  DrawRange ground;               // index_count 0 when the scene has no ground
};

// Uploads every mesh once (device-local); the ground is a square of ground_size_m at z = 0.
core::Result<SceneGeometry> UploadSceneGeometry(Context& context, const RenderScene& scene);

}  // namespace synth4d::renderer::internal
