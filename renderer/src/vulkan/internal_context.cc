#include "internal_context.h"

#include <cstring>
#include <string_view>

#include "../internal_device_choice.h"
#include "internal_vk.h"

namespace synth4d::renderer::internal {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL OnDebugMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                              VkDebugUtilsMessageTypeFlagsEXT /*types*/,
                                              const VkDebugUtilsMessengerCallbackDataEXT* data,
                                              void* user) {
  const char* level =
      severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT ? "error" : "warning";
  std::string text = std::string("vulkan ") + level + ": " +
                     (data && data->pMessage ? data->pMessage : "(no message)");
  static_cast<Context*>(user)->AddMessage(std::move(text));
  return VK_FALSE;
}

VkDebugUtilsMessengerCreateInfoEXT MessengerInfo(Context* context) {
  VkDebugUtilsMessengerCreateInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
  info.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                         VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
  info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  info.pfnUserCallback = OnDebugMessage;
  info.pUserData = context;
  return info;
}

bool HasLayer(const char* name) {
  uint32_t n = 0;
  vkEnumerateInstanceLayerProperties(&n, nullptr);
  std::vector<VkLayerProperties> layers(n);
  vkEnumerateInstanceLayerProperties(&n, layers.data());
  for (const auto& l : layers) {
    if (std::strcmp(l.layerName, name) == 0) return true;
  }
  return false;
}

bool HasInstanceExtension(const char* name) {
  uint32_t n = 0;
  vkEnumerateInstanceExtensionProperties(nullptr, &n, nullptr);
  std::vector<VkExtensionProperties> exts(n);
  vkEnumerateInstanceExtensionProperties(nullptr, &n, exts.data());
  for (const auto& e : exts) {
    if (std::strcmp(e.extensionName, name) == 0) return true;
  }
  return false;
}

DeviceKind KindOf(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return DeviceKind::kDiscreteGpu;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return DeviceKind::kIntegratedGpu;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return DeviceKind::kVirtualGpu;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return DeviceKind::kCpu;
    default:
      return DeviceKind::kOther;
  }
}

// A graphics queue family index, or -1.
int GraphicsQueueFamily(VkPhysicalDevice pd) {
  uint32_t n = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, nullptr);
  std::vector<VkQueueFamilyProperties> families(n);
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, families.data());
  for (uint32_t i = 0; i < n; ++i) {
    if (families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) return static_cast<int>(i);
  }
  return -1;
}

bool OptimalHas(VkPhysicalDevice pd, VkFormat format, VkFormatFeatureFlags features) {
  VkFormatProperties p{};
  vkGetPhysicalDeviceFormatProperties(pd, format, &p);
  return (p.optimalTilingFeatures & features) == features;
}

// The unmet requirements of a device, comma-separated ("" when it fits).
std::string MissingRequirements(VkPhysicalDevice pd) {
  std::string missing;
  auto add = [&](std::string_view what) {
    if (!missing.empty()) missing += ", ";
    missing += what;
  };
  VkPhysicalDeviceProperties props{};
  vkGetPhysicalDeviceProperties(pd, &props);
  if (props.apiVersion < VK_API_VERSION_1_3) {
    add("Vulkan 1.3 (device has " + std::to_string(VK_API_VERSION_MAJOR(props.apiVersion)) + "." +
        std::to_string(VK_API_VERSION_MINOR(props.apiVersion)) + ")");
    return missing;
  }
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  VkPhysicalDeviceFeatures2 f2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f13};
  vkGetPhysicalDeviceFeatures2(pd, &f2);
  if (!f13.dynamicRendering) add("dynamicRendering");
  if (!f13.synchronization2) add("synchronization2");
  if (GraphicsQueueFamily(pd) < 0) add("a graphics queue");
  const VkFormatFeatureFlags color =
      VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT | VK_FORMAT_FEATURE_TRANSFER_SRC_BIT;
  if (!OptimalHas(pd, VK_FORMAT_R8G8B8A8_SRGB, color)) add("R8G8B8A8_SRGB colour attachment");
  if (!OptimalHas(pd, VK_FORMAT_R32_UINT, color)) add("R32_UINT colour attachment");
  if (!OptimalHas(pd, VK_FORMAT_D32_SFLOAT,
                  VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT |
                      VK_FORMAT_FEATURE_SAMPLED_IMAGE_BIT | VK_FORMAT_FEATURE_TRANSFER_SRC_BIT)) {
    add("D32_SFLOAT depth attachment");
  }
  return missing;
}

}  // namespace

core::Result<std::unique_ptr<Context>> Context::Create(const RendererParams& params) {
  std::unique_ptr<Context> context(new Context());
  SYNTH4D_RETURN_IF_ERROR(context->Init(params));
  return context;
}

core::Status Context::Init(const RendererParams& params) {
  SYNTH4D_RETURN_IF_ERROR(CreateInstance(params.validation));
  SYNTH4D_RETURN_IF_ERROR(PickDevice(params.device));
  SYNTH4D_RETURN_IF_ERROR(CreateDevice());
  return CheckMessages("device creation");
}

Context::~Context() {
  if (device_ != VK_NULL_HANDLE) {
    vkDeviceWaitIdle(device_);
    vkDestroyDevice(device_, nullptr);
  }
  if (messenger_ != VK_NULL_HANDLE) {
    auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance_, "vkDestroyDebugUtilsMessengerEXT"));
    if (destroy) destroy(instance_, messenger_, nullptr);
  }
  if (instance_ != VK_NULL_HANDLE) vkDestroyInstance(instance_, nullptr);
}

core::Status Context::CreateInstance(bool validation) {
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "synth4d";
  app.pEngineName = "synth4d";
  app.apiVersion = VK_API_VERSION_1_3;
  std::vector<const char*> layers, extensions;
  VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  if (HasInstanceExtension(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
    extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
    info.flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
  }
  VkDebugUtilsMessengerCreateInfoEXT messenger_info = MessengerInfo(this);
  const VkValidationFeatureEnableEXT enables[] = {
      VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
  VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT, &messenger_info};
  features.enabledValidationFeatureCount = 1;
  features.pEnabledValidationFeatures = enables;
  if (validation) {
    if (!HasLayer(kValidationLayer)) {
      return core::MakeError(core::ErrorCode::kUnavailable,
                             std::string("validation requested but ") + kValidationLayer +
                                 " is not installed (Debian: vulkan-validationlayers)");
    }
    if (!HasInstanceExtension(VK_EXT_DEBUG_UTILS_EXTENSION_NAME)) {
      return core::MakeError(core::ErrorCode::kUnavailable, "VK_EXT_debug_utils not available");
    }
    layers.push_back(kValidationLayer);
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    info.pNext = &features;
  }
  info.pApplicationInfo = &app;
  info.enabledLayerCount = static_cast<uint32_t>(layers.size());
  info.ppEnabledLayerNames = layers.data();
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  const VkResult created = vkCreateInstance(&info, nullptr, &instance_);
  if (created != VK_SUCCESS) {
    core::Error e = VkError(created, "vkCreateInstance");
    e.message += " (no usable Vulkan driver? Debian: mesa-vulkan-drivers provides lavapipe)";
    return e;
  }
  if (validation) {
    auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance_, "vkCreateDebugUtilsMessengerEXT"));
    if (!create) return core::MakeError(core::ErrorCode::kUnavailable, "no debug messenger");
    SYNTH4D_VK_RETURN_IF_ERROR(create(instance_, &messenger_info, nullptr, &messenger_));
  }
  return core::Ok();
}

core::Status Context::PickDevice(DeviceChoice choice) {
  uint32_t n = 0;
  SYNTH4D_VK_RETURN_IF_ERROR(vkEnumeratePhysicalDevices(instance_, &n, nullptr));
  std::vector<VkPhysicalDevice> devices(n);
  SYNTH4D_VK_RETURN_IF_ERROR(vkEnumeratePhysicalDevices(instance_, &n, devices.data()));
  std::vector<DeviceCandidate> candidates;
  for (VkPhysicalDevice pd : devices) {
    VkPhysicalDeviceProperties props{};
    vkGetPhysicalDeviceProperties(pd, &props);
    candidates.push_back({props.deviceName, KindOf(props.deviceType), MissingRequirements(pd)});
  }
  SYNTH4D_ASSIGN_OR_RETURN(const int index, ChooseDevice(candidates, choice));
  physical_ = devices[index];
  device_name_ = candidates[index].name;
  queue_family_ = static_cast<uint32_t>(GraphicsQueueFamily(physical_));
  vkGetPhysicalDeviceProperties(physical_, &properties_);
  vkGetPhysicalDeviceMemoryProperties(physical_, &memory_);
  uint32_t nf = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(physical_, &nf, nullptr);
  std::vector<VkQueueFamilyProperties> families(nf);
  vkGetPhysicalDeviceQueueFamilyProperties(physical_, &nf, families.data());
  timestamp_bits_ = families[queue_family_].timestampValidBits;
  return core::Ok();
}

core::Status Context::CreateDevice() {
  const float priority = 1.0f;
  VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  queue.queueFamilyIndex = queue_family_;
  queue.queueCount = 1;
  queue.pQueuePriorities = &priority;
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  f13.dynamicRendering = VK_TRUE;
  f13.synchronization2 = VK_TRUE;
  VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &f13};
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queue;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateDevice(physical_, &info, nullptr, &device_));
  vkGetDeviceQueue(device_, queue_family_, 0, &queue_);
  return core::Ok();
}

void Context::AddMessage(std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  messages_.push_back(std::move(message));
}

std::vector<std::string> Context::TakeMessages() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(messages_, {});
}

core::Status Context::CheckMessages(const char* during) {
  std::vector<std::string> messages = TakeMessages();
  if (messages.empty()) return core::Ok();
  core::Error e = core::MakeError(
      core::ErrorCode::kInternal,
      std::to_string(messages.size()) + " Vulkan validation message(s) during " + during);
  for (std::string& m : messages) e.issues.push_back({"validation", "", std::move(m)});
  return e;
}

core::Result<uint32_t> Context::FindMemoryType(uint32_t type_bits, VkMemoryPropertyFlags required,
                                               VkMemoryPropertyFlags preferred) const {
  int fallback = -1;
  for (uint32_t i = 0; i < memory_.memoryTypeCount; ++i) {
    if (!(type_bits & (1u << i))) continue;
    const VkMemoryPropertyFlags flags = memory_.memoryTypes[i].propertyFlags;
    if ((flags & required) != required) continue;
    if ((flags & preferred) == preferred) return i;
    if (fallback < 0) fallback = static_cast<int>(i);
  }
  if (fallback >= 0) return static_cast<uint32_t>(fallback);
  return core::MakeError(core::ErrorCode::kUnavailable, "no suitable Vulkan memory type");
}

bool Context::FormatHas(VkFormat format, VkFormatFeatureFlags features) const {
  return OptimalHas(physical_, format, features);
}

core::Status Context::SubmitAndWait(const std::function<void(VkCommandBuffer)>& record) {
  VkCommandPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pool_info.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
  pool_info.queueFamilyIndex = queue_family_;
  VkCommandPool pool_handle = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateCommandPool(device_, &pool_info, nullptr, &pool_handle));
  UniqueCommandPool pool(device_, pool_handle);
  VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  alloc.commandPool = pool.get();
  alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  alloc.commandBufferCount = 1;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkAllocateCommandBuffers(device_, &alloc, &cmd));
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  SYNTH4D_VK_RETURN_IF_ERROR(vkBeginCommandBuffer(cmd, &begin));
  record(cmd);
  SYNTH4D_VK_RETURN_IF_ERROR(vkEndCommandBuffer(cmd));
  VkFenceCreateInfo fence_info{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  VkFence fence_handle = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateFence(device_, &fence_info, nullptr, &fence_handle));
  UniqueFence fence(device_, fence_handle);
  VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &cmd;
  SYNTH4D_VK_RETURN_IF_ERROR(vkQueueSubmit(queue_, 1, &submit, fence.get()));
  SYNTH4D_VK_RETURN_IF_ERROR(vkWaitForFences(device_, 1, &fence_handle, VK_TRUE, UINT64_MAX));
  return core::Ok();
}

}  // namespace synth4d::renderer::internal
