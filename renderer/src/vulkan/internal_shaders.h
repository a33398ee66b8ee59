#pragma once
// SPIR-V of renderer/shaders/*, compiled by glslc at build time and embedded in the library.
#include <cstdint>
#include <span>

namespace synth4d::renderer::internal {

// Colour and id vertex stage (scene.vert).
std::span<const uint32_t> SceneVertSpirv();
// Colour fragment stage without (shade.frag) and with (WITH_ID) the instance-id output.
std::span<const uint32_t> ShadeFragSpirv(bool with_id);
// Id-only pass stages (id.vert, id.frag).
std::span<const uint32_t> IdVertSpirv();
std::span<const uint32_t> IdFragSpirv();
// Shadow-map vertex stage (shadow.vert).
std::span<const uint32_t> ShadowVertSpirv();

}  // namespace synth4d::renderer::internal
