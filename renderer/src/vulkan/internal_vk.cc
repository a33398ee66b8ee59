#include "internal_vk.h"

#include <string>

namespace synth4d::renderer::internal {

const char* VkResultName(VkResult result) {
  switch (result) {
#define SYNTH4D_CASE(x) \
  case x:               \
    return #x;
    SYNTH4D_CASE(VK_SUCCESS)
    SYNTH4D_CASE(VK_NOT_READY)
    SYNTH4D_CASE(VK_TIMEOUT)
    SYNTH4D_CASE(VK_INCOMPLETE)
    SYNTH4D_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
    SYNTH4D_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    SYNTH4D_CASE(VK_ERROR_INITIALIZATION_FAILED)
    SYNTH4D_CASE(VK_ERROR_DEVICE_LOST)
    SYNTH4D_CASE(VK_ERROR_MEMORY_MAP_FAILED)
    SYNTH4D_CASE(VK_ERROR_LAYER_NOT_PRESENT)
    SYNTH4D_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
    SYNTH4D_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
    SYNTH4D_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
    SYNTH4D_CASE(VK_ERROR_TOO_MANY_OBJECTS)
    SYNTH4D_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
    SYNTH4D_CASE(VK_ERROR_FRAGMENTED_POOL)
    SYNTH4D_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
    SYNTH4D_CASE(VK_ERROR_UNKNOWN)
#undef SYNTH4D_CASE
    default:
      return "VK_ERROR_(unlisted)";
  }
}

core::Error VkError(VkResult result, std::string_view what) {
  const bool unavailable =
      result == VK_ERROR_INITIALIZATION_FAILED || result == VK_ERROR_INCOMPATIBLE_DRIVER ||
      result == VK_ERROR_LAYER_NOT_PRESENT || result == VK_ERROR_EXTENSION_NOT_PRESENT ||
      result == VK_ERROR_FEATURE_NOT_PRESENT || result == VK_ERROR_DEVICE_LOST;
  return core::MakeError(unavailable ? core::ErrorCode::kUnavailable : core::ErrorCode::kInternal,
                         std::string(what) + " failed: " + VkResultName(result) + " (" +
                             std::to_string(static_cast<int>(result)) + ")");
}

}  // namespace synth4d::renderer::internal
