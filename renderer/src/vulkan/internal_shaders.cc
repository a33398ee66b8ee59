#include "internal_shaders.h"

namespace synth4d::renderer::internal {
namespace {

// Each .inc is glslc -mfmt=c output: a brace-enclosed list of SPIR-V words.
constexpr uint32_t kSceneVert[] =
#include "scene.vert.inc"
    ;
constexpr uint32_t kShadeFrag[] =
#include "shade.frag.inc"
    ;
constexpr uint32_t kShadeIdFrag[] =
#include "shade_id.frag.inc"
    ;
constexpr uint32_t kIdVert[] =
#include "id.vert.inc"
    ;
constexpr uint32_t kIdFrag[] =
#include "id.frag.inc"
    ;
constexpr uint32_t kShadowVert[] =
#include "shadow.vert.inc"
    ;

}  // namespace

std::span<const uint32_t> SceneVertSpirv() { return kSceneVert; }
std::span<const uint32_t> ShadeFragSpirv(bool with_id) {
  return with_id ? std::span<const uint32_t>(kShadeIdFrag) : std::span<const uint32_t>(kShadeFrag);
}
std::span<const uint32_t> IdVertSpirv() { return kIdVert; }
std::span<const uint32_t> IdFragSpirv() { return kIdFrag; }
std::span<const uint32_t> ShadowVertSpirv() { return kShadowVert; }

}  // namespace synth4d::renderer::internal
