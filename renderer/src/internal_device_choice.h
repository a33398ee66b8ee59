#pragma once
// Device choice without Vulkan types (vk-bootstrap style): every candidate is either picked or
// rejected with a reason, and the error lists them all.
#include <span>
#include <string>

#include "synth4d/core/result.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::renderer::internal {

enum class DeviceKind { kDiscreteGpu, kIntegratedGpu, kVirtualGpu, kCpu, kOther };

struct DeviceCandidate {
  std::string name;
  DeviceKind kind = DeviceKind::kOther;
  std::string missing;  // unmet requirements ("Vulkan 1.3", "graphics queue", ...); empty = none
};

// Lower-case name of a device kind ("discrete GPU", "CPU", ...).
const char* DeviceKindName(DeviceKind kind);

// Index of the best candidate for `choice` (auto: discrete > integrated > virtual GPU > CPU),
// or kUnavailable with one issue per candidate saying why it was rejected.
core::Result<int> ChooseDevice(std::span<const DeviceCandidate> candidates, DeviceChoice choice);

}  // namespace synth4d::renderer::internal
