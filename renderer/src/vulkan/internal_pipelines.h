#pragma once
// Descriptor and pipeline layouts, the shadow sampler, and the graphics pipelines per MSAA count.
#include <vulkan/vulkan.h>

#include <map>
#include <memory>

#include "internal_context.h"
#include "internal_vk.h"

namespace synth4d::renderer::internal {

// The pipelines a clip uses at one sample count.
struct PipelineSet {
  VkPipeline shadow = VK_NULL_HANDLE;  // depth only, sun's view
  VkPipeline color = VK_NULL_HANDLE;   // colour (+ id when samples == 1)
  VkPipeline id = VK_NULL_HANDLE;      // id + depth, one sample (only when samples > 1)
};

class PipelineLibrary {
 public:
  // Creates layouts, sampler and shader modules.
  static core::Result<std::unique_ptr<PipelineLibrary>> Create(const Context& context);

  VkDescriptorSetLayout set_layout() const { return set_layout_.get(); }
  VkPipelineLayout layout() const { return layout_.get(); }
  VkSampler shadow_sampler() const { return sampler_.get(); }
  // The pipelines for `samples` (1 or 4), created on first use and kept.
  core::Result<PipelineSet> Get(int samples);

 private:
  struct Owned {
    UniquePipeline shadow, color, id;
  };
  explicit PipelineLibrary(const Context& context) : context_(context) {}
  core::Status Init();
  core::Result<Owned> Build(int samples);

  const Context& context_;
  UniqueDescriptorSetLayout set_layout_;
  UniquePipelineLayout layout_;
  UniqueSampler sampler_;
  UniqueShaderModule scene_vert_, shade_frag_, shade_id_frag_, id_vert_, id_frag_, shadow_vert_;
  std::map<int, Owned> pipelines_;
};

}  // namespace synth4d::renderer::internal
