#include "internal_memory.h"

#include <cstring>

namespace synth4d::renderer::internal {

core::Result<Buffer> CreateBuffer(const Context& context, VkDeviceSize size,
                                  VkBufferUsageFlags usage, VkMemoryPropertyFlags required,
                                  VkMemoryPropertyFlags preferred) {
  VkDevice device = context.device();
  VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  info.size = size;
  info.usage = usage;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkBuffer buffer = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateBuffer(device, &info, nullptr, &buffer));
  Buffer out;
  out.buffer = UniqueBuffer(device, buffer);
  out.size = size;
  VkMemoryRequirements req{};
  vkGetBufferMemoryRequirements(device, buffer, &req);
  SYNTH4D_ASSIGN_OR_RETURN(const uint32_t type,
                           context.FindMemoryType(req.memoryTypeBits, required, preferred));
  VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = type;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkAllocateMemory(device, &alloc, nullptr, &memory));
  out.memory = UniqueMemory(device, memory);
  SYNTH4D_VK_RETURN_IF_ERROR(vkBindBufferMemory(device, buffer, memory, 0));
  VkPhysicalDeviceMemoryProperties props{};
  vkGetPhysicalDeviceMemoryProperties(context.physical_device(), &props);
  const VkMemoryPropertyFlags flags = props.memoryTypes[type].propertyFlags;
  if (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
    SYNTH4D_VK_RETURN_IF_ERROR(vkMapMemory(device, memory, 0, VK_WHOLE_SIZE, 0, &out.mapped));
    out.coherent = (flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) != 0;
  }
  return out;
}

core::Status InvalidateForHost(const Context& context, const Buffer& buffer) {
  if (buffer.coherent) return core::Ok();
  VkMappedMemoryRange range{VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE};
  range.memory = buffer.memory.get();
  range.size = VK_WHOLE_SIZE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkInvalidateMappedMemoryRanges(context.device(), 1, &range));
  return core::Ok();
}

core::Result<Buffer> CreateDeviceBuffer(Context& context, const void* bytes, VkDeviceSize size,
                                        VkBufferUsageFlags usage) {
  SYNTH4D_ASSIGN_OR_RETURN(
      Buffer staging,
      CreateBuffer(context, size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                   VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, 0));
  std::memcpy(staging.mapped, bytes, size);
  SYNTH4D_ASSIGN_OR_RETURN(Buffer out,
                           CreateBuffer(context, size, usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                        VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0));
  SYNTH4D_RETURN_IF_ERROR(context.SubmitAndWait([&](VkCommandBuffer cmd) {
    VkBufferCopy region{0, 0, size};
    vkCmdCopyBuffer(cmd, staging.buffer.get(), out.buffer.get(), 1, &region);
  }));
  return out;
}

core::Result<Image> CreateImage(const Context& context, VkFormat format, int width, int height,
                                VkSampleCountFlagBits samples, VkImageUsageFlags usage,
                                VkImageAspectFlags aspect) {
  VkDevice device = context.device();
  VkImageCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
  info.imageType = VK_IMAGE_TYPE_2D;
  info.format = format;
  info.extent = {static_cast<uint32_t>(width), static_cast<uint32_t>(height), 1};
  info.mipLevels = 1;
  info.arrayLayers = 1;
  info.samples = samples;
  info.tiling = VK_IMAGE_TILING_OPTIMAL;
  info.usage = usage;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  VkImage image = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateImage(device, &info, nullptr, &image));
  Image out;
  out.image = UniqueImage(device, image);
  out.format = format;
  out.aspect = aspect;
  VkMemoryRequirements req{};
  vkGetImageMemoryRequirements(device, image, &req);
  SYNTH4D_ASSIGN_OR_RETURN(
      const uint32_t type,
      context.FindMemoryType(req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0));
  VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = type;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkAllocateMemory(device, &alloc, nullptr, &memory));
  out.memory = UniqueMemory(device, memory);
  SYNTH4D_VK_RETURN_IF_ERROR(vkBindImageMemory(device, image, memory, 0));
  VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
  view.image = image;
  view.viewType = VK_IMAGE_VIEW_TYPE_2D;
  view.format = format;
  view.subresourceRange = {aspect, 0, 1, 0, 1};
  VkImageView view_handle = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateImageView(device, &view, nullptr, &view_handle));
  out.view = UniqueImageView(device, view_handle);
  return out;
}

}  // namespace synth4d::renderer::internal
