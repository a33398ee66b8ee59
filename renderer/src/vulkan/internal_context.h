#pragma once
// The Vulkan instance, validation messenger, chosen physical device, logical device and queue.
#include <vulkan/vulkan.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::renderer::internal {

class Context {
 public:
  // Creates instance, messenger (when params.validation), device and queue; kUnavailable lists
  // every device found and why it was rejected.
  static core::Result<std::unique_ptr<Context>> Create(const RendererParams& params);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  VkDevice device() const { return device_; }
  VkPhysicalDevice physical_device() const { return physical_; }
  VkQueue queue() const { return queue_; }
  uint32_t queue_family() const { return queue_family_; }
  const VkPhysicalDeviceProperties& properties() const { return properties_; }
  const std::string& device_name() const { return device_name_; }
  uint32_t timestamp_bits() const { return timestamp_bits_; }
  bool validation() const { return messenger_ != VK_NULL_HANDLE; }

  // Validation warnings and errors received since the last call (empty without validation).
  std::vector<std::string> TakeMessages();
  // kInternal listing the messages if any arrived since the last call.
  core::Status CheckMessages(const char* during);

  // A memory type with `required` flags among `type_bits`, preferring `preferred` flags too.
  core::Result<uint32_t> FindMemoryType(uint32_t type_bits, VkMemoryPropertyFlags required,
                                        VkMemoryPropertyFlags preferred) const;
  // True if `format` with optimal tiling has all `features`.
  bool FormatHas(VkFormat format, VkFormatFeatureFlags features) const;
  // Records commands with `record`, submits them and waits for completion.
  core::Status SubmitAndWait(const std::function<void(VkCommandBuffer)>& record);

  // Appends a validation message (called from the debug messenger).
  void AddMessage(std::string message);

 private:
  Context() = default;
  core::Status Init(const RendererParams& params);
  core::Status CreateInstance(bool validation);
  core::Status PickDevice(DeviceChoice choice);
  core::Status CreateDevice();

  VkInstance instance_ = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  uint32_t queue_family_ = 0;
  uint32_t timestamp_bits_ = 0;
  VkPhysicalDeviceProperties properties_{};
  VkPhysicalDeviceMemoryProperties memory_{};
  std::string device_name_;
  std::mutex mu_;
  std::vector<std::string> messages_;
};

}  // namespace synth4d::renderer::internal
