// The Vulkan renderer: validates arguments, then renders the clip through ClipRenderer.
#include <algorithm>

#include "../internal_math.h"
#include "internal_clip.h"
#include "internal_context.h"
#include "internal_gpu_types.h"
#include "internal_pipelines.h"

namespace synth4d::renderer {
namespace {

class VulkanRenderer final : public Renderer {
 public:
  VulkanRenderer(std::unique_ptr<internal::Context> context,
                 std::unique_ptr<internal::PipelineLibrary> library)
      : context_(std::move(context)), library_(std::move(library)) {}
  ~VulkanRenderer() override {
    library_.reset();  // before the device goes
    context_.reset();
  }

  core::Status RenderClip(const RenderScene& scene, std::span<const FrameInput> frames,
                          const RenderOptions& options, const FrameSink& sink) override {
    SYNTH4D_RETURN_IF_ERROR(internal::ValidateClip(scene, frames, options));
    if (frames.empty()) return core::Ok();
    SYNTH4D_RETURN_IF_ERROR(CheckSampleCount(options.msaa_samples));
    RenderOptions clip_options = options;
    clip_options.frames_in_flight =
        std::min<int>(options.frames_in_flight, static_cast<int>(frames.size()));
    std::unique_ptr<internal::ClipRenderer> clip;
    {
      auto created = internal::ClipRenderer::Create(*context_, *library_, scene, clip_options);
      if (!created.ok()) {
        context_->TakeMessages();
        return created.error();
      }
      clip = std::move(created).value();
    }
    core::Status status = clip->Run(frames, sink);
    clip.reset();  // waits for the device
    if (!status.ok()) return status;
    return context_->CheckMessages("clip teardown");
  }

  std::string DeviceName() const override { return context_->device_name(); }

 private:
  core::Status CheckSampleCount(int samples) const {
    const VkPhysicalDeviceLimits& limits = context_->properties().limits;
    const VkSampleCountFlags both =
        limits.framebufferColorSampleCounts & limits.framebufferDepthSampleCounts;
    if (both & static_cast<VkSampleCountFlags>(samples)) return core::Ok();
    return core::MakeError(
        core::ErrorCode::kUnavailable,
        std::to_string(samples) + "x MSAA not supported by " + context_->device_name());
  }

  std::unique_ptr<internal::Context> context_;
  std::unique_ptr<internal::PipelineLibrary> library_;
};

}  // namespace

core::Result<std::unique_ptr<Renderer>> CreateVulkanRenderer(const RendererParams& params) {
  SYNTH4D_ASSIGN_OR_RETURN(std::unique_ptr<internal::Context> context,
                           internal::Context::Create(params));
  SYNTH4D_ASSIGN_OR_RETURN(std::unique_ptr<internal::PipelineLibrary> library,
                           internal::PipelineLibrary::Create(*context));
  SYNTH4D_RETURN_IF_ERROR(context->CheckMessages("renderer creation"));
  return std::unique_ptr<Renderer>(
      std::make_unique<VulkanRenderer>(std::move(context), std::move(library)));
}

}  // namespace synth4d::renderer
