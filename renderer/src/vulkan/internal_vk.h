#pragma once
// Vulkan error mapping and RAII owners for device-level handles.
#include <vulkan/vulkan.h>

#include <string_view>
#include <utility>

#include "synth4d/core/result.h"

namespace synth4d::renderer::internal {

// The enum name of a VkResult ("VK_ERROR_DEVICE_LOST", ...).
const char* VkResultName(VkResult result);

// An Error for a failed Vulkan call: kUnavailable for missing drivers/devices/features,
// kInternal otherwise; the message names the call and the VkResult.
core::Error VkError(VkResult result, std::string_view what);

// Owns a handle created from `device`; destroys it with Destroy(device, handle, nullptr).
template <class H, auto Destroy>
class DeviceHandle {
 public:
  DeviceHandle() = default;
  DeviceHandle(VkDevice device, H handle) : device_(device), handle_(handle) {}
  DeviceHandle(DeviceHandle&& o) noexcept
      : device_(o.device_), handle_(std::exchange(o.handle_, VK_NULL_HANDLE)) {}
  DeviceHandle& operator=(DeviceHandle&& o) noexcept {
    if (this != &o) {
      Reset();
      device_ = o.device_;
      handle_ = std::exchange(o.handle_, VK_NULL_HANDLE);
    }
    return *this;
  }
  DeviceHandle(const DeviceHandle&) = delete;
  DeviceHandle& operator=(const DeviceHandle&) = delete;
  ~DeviceHandle() { Reset(); }

  H get() const { return handle_; }
  explicit operator bool() const { return handle_ != VK_NULL_HANDLE; }
  void Reset() {
    if (handle_ != VK_NULL_HANDLE) Destroy(device_, handle_, nullptr);
    handle_ = VK_NULL_HANDLE;
  }

 private:
  VkDevice device_ = VK_NULL_HANDLE;
  H handle_ = VK_NULL_HANDLE;
};

using UniqueBuffer = DeviceHandle<VkBuffer, vkDestroyBuffer>;
using UniqueMemory = DeviceHandle<VkDeviceMemory, vkFreeMemory>;
using UniqueImage = DeviceHandle<VkImage, vkDestroyImage>;
using UniqueImageView = DeviceHandle<VkImageView, vkDestroyImageView>;
using UniqueSampler = DeviceHandle<VkSampler, vkDestroySampler>;
using UniqueShaderModule = DeviceHandle<VkShaderModule, vkDestroyShaderModule>;
using UniquePipeline = DeviceHandle<VkPipeline, vkDestroyPipeline>;
using UniquePipelineLayout = DeviceHandle<VkPipelineLayout, vkDestroyPipelineLayout>;
using UniqueDescriptorSetLayout = DeviceHandle<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout>;
using UniqueDescriptorPool = DeviceHandle<VkDescriptorPool, vkDestroyDescriptorPool>;
using UniqueCommandPool = DeviceHandle<VkCommandPool, vkDestroyCommandPool>;
using UniqueFence = DeviceHandle<VkFence, vkDestroyFence>;
using UniqueQueryPool = DeviceHandle<VkQueryPool, vkDestroyQueryPool>;

}  // namespace synth4d::renderer::internal

// Evaluates a VkResult-returning call; on failure returns VkError from the enclosing function.
#define SYNTH4D_VK_RETURN_IF_ERROR(call)                                        \
  do {                                                                          \
    const VkResult synth4d_vk_result_ = (call);                                 \
    if (synth4d_vk_result_ != VK_SUCCESS) {                                     \
      return ::synth4d::renderer::internal::VkError(synth4d_vk_result_, #call); \
    }                                                                           \
  } while (0)
