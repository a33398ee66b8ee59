#include "internal_device_choice.h"

namespace synth4d::renderer::internal {
namespace {

// Preference rank under `choice` (lower is better), or -1 when the kind is not allowed.
int Rank(DeviceKind kind, DeviceChoice choice) {
  const bool gpu = kind == DeviceKind::kDiscreteGpu || kind == DeviceKind::kIntegratedGpu ||
                   kind == DeviceKind::kVirtualGpu;
  switch (choice) {
    case DeviceChoice::kCpu:
      return kind == DeviceKind::kCpu ? 0 : -1;
    case DeviceChoice::kGpu:
      return gpu ? static_cast<int>(kind) : -1;
    case DeviceChoice::kAuto:
      return static_cast<int>(kind);
  }
  return -1;
}

const char* ChoiceName(DeviceChoice choice) {
  switch (choice) {
    case DeviceChoice::kCpu:
      return "cpu";
    case DeviceChoice::kGpu:
      return "gpu";
    case DeviceChoice::kAuto:
      return "auto";
  }
  return "?";
}

}  // namespace

const char* DeviceKindName(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kDiscreteGpu:
      return "discrete GPU";
    case DeviceKind::kIntegratedGpu:
      return "integrated GPU";
    case DeviceKind::kVirtualGpu:
      return "virtual GPU";
    case DeviceKind::kCpu:
      return "CPU";
    case DeviceKind::kOther:
      return "other";
  }
  return "?";
}

core::Result<int> ChooseDevice(std::span<const DeviceCandidate> candidates, DeviceChoice choice) {
  int best = -1, best_rank = 0;
  core::Error error =
      core::MakeError(core::ErrorCode::kUnavailable,
                      std::string("no Vulkan device fits (device=") + ChoiceName(choice) + ", " +
                          std::to_string(candidates.size()) + " found)");
  for (size_t i = 0; i < candidates.size(); ++i) {
    const DeviceCandidate& c = candidates[i];
    const int rank = Rank(c.kind, choice);
    std::string why;
    if (rank < 0) {
      why = std::string(DeviceKindName(c.kind)) + " not allowed by device=" + ChoiceName(choice);
    } else if (!c.missing.empty()) {
      why = "missing " + c.missing;
    }
    if (!why.empty()) {
      error.issues.push_back({"device " + std::to_string(i) + " '" + c.name + "'", "", why});
      continue;
    }
    if (best < 0 || rank < best_rank) {
      best = static_cast<int>(i);
      best_rank = rank;
    }
  }
  if (best >= 0) return best;
  if (candidates.empty()) {
    error.issues.push_back({"", "",
                            "the Vulkan loader reports no physical devices (is "
                            "mesa-vulkan-drivers installed?)"});
  }
  return error;
}

}  // namespace synth4d::renderer::internal
