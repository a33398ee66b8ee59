#pragma once
// Buffers and images, each with its own memory allocation (a clip needs only a handful).
#include <vulkan/vulkan.h>

#include "internal_context.h"
#include "internal_vk.h"

namespace synth4d::renderer::internal {

struct Buffer {
  UniqueBuffer buffer;
  UniqueMemory memory;
  VkDeviceSize size = 0;
  void* mapped = nullptr;  // persistently mapped when host-visible
  bool coherent = false;
};

// A buffer of `size` bytes; host-visible memory is mapped. Prefers `preferred` memory flags.
core::Result<Buffer> CreateBuffer(const Context& context, VkDeviceSize size,
                                  VkBufferUsageFlags usage, VkMemoryPropertyFlags required,
                                  VkMemoryPropertyFlags preferred);
// Makes device writes to a mapped buffer visible to the host (no-op when coherent).
core::Status InvalidateForHost(const Context& context, const Buffer& buffer);
// A device-local buffer filled with `bytes` through a staging copy.
core::Result<Buffer> CreateDeviceBuffer(Context& context, const void* bytes, VkDeviceSize size,
                                        VkBufferUsageFlags usage);

struct Image {
  UniqueImage image;
  UniqueMemory memory;
  UniqueImageView view;
  VkFormat format = VK_FORMAT_UNDEFINED;
  VkImageAspectFlags aspect = 0;
};

// A 2D image with one mip level and a view over it.
core::Result<Image> CreateImage(const Context& context, VkFormat format, int width, int height,
                                VkSampleCountFlagBits samples, VkImageUsageFlags usage,
                                VkImageAspectFlags aspect);

}  // namespace synth4d::renderer::internal
