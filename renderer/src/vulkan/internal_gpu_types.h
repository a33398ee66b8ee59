#pragma once
// Host mirrors of the shader interfaces (renderer/shaders/common.glsl) and the target formats.
#include <vulkan/vulkan.h>

#include <cstdint>

namespace synth4d::renderer::internal {

inline constexpr VkFormat kColorFormat = VK_FORMAT_R8G8B8A8_SRGB;  // encodes linear -> sRGB
inline constexpr VkFormat kIdFormat = VK_FORMAT_R32_UINT;
inline constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;  // camera: reverse-Z
inline constexpr VkFormat kShadowFormat = VK_FORMAT_D32_SFLOAT;

// One vertex: 48 bytes. color.w = 1 uses color.rgb, 0 uses the object's base colour.
struct Vertex {
  float position[3];
  float normal[3];
  float uv[2];
  float color[4];
};
static_assert(sizeof(Vertex) == 48);

// FrameData uniform block (std140): matrices column-major.
struct FrameData {
  float view_proj[16];
  float light_view_proj[16];
  float camera_pos[4];
  float sun_dir[4];
  float params[4];
  float background[4];
  float ground1[4];
  float ground2[4];
};
static_assert(sizeof(FrameData) == 224);

// DrawData push constants.
struct DrawData {
  float X_WO[16];
  float color[4];
  uint32_t info[4];  // instance id, material, pattern, is ground
};
static_assert(sizeof(DrawData) == 96);

}  // namespace synth4d::renderer::internal
