#pragma once
// One clip on the device: geometry uploaded once, shared render targets, and a ring of
// frames in flight (command buffer, fence, uniform buffer, readback buffer per slot). The GPU
// renders frame i + 1 ... while the CPU reads back frame i and calls the sink, in frame order.
#include <memory>
#include <span>
#include <vector>

#include "internal_context.h"
#include "internal_geometry.h"
#include "internal_memory.h"
#include "internal_pipelines.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::renderer::internal {

class ClipRenderer {
 public:
  // Uploads the scene and creates targets and `slots` frames in flight.
  static core::Result<std::unique_ptr<ClipRenderer>> Create(Context& context,
                                                            PipelineLibrary& library,
                                                            const RenderScene& scene,
                                                            const RenderOptions& options);
  // Waits for the device to finish before releasing anything.
  ~ClipRenderer();
  ClipRenderer(const ClipRenderer&) = delete;
  ClipRenderer& operator=(const ClipRenderer&) = delete;

  // Renders every frame and hands each to `sink` in order; stops at the first error.
  core::Status Run(std::span<const FrameInput> frames, const FrameSink& sink);

 private:
  struct Slot {
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    UniqueFence fence;
    Buffer uniforms;
    Buffer readback;  // rgba8 | ids u32 | depth f32, each width * height * 4 bytes
    VkDescriptorSet set = VK_NULL_HANDLE;
    UniqueQueryPool timestamps;  // start, end of drawing, end of copies (when supported)
  };

  ClipRenderer(Context& context, const RenderScene& scene, const RenderOptions& options)
      : context_(context), scene_(scene), options_(options) {}
  core::Status Init(PipelineLibrary& library);
  core::Status CreateTargets();
  core::Status CreateSlots(PipelineLibrary& library);
  void WriteFrameData(Slot& slot, const FrameInput& frame) const;
  void Record(const Slot& slot, const FrameInput& frame) const;
  void DrawScene(VkCommandBuffer cmd, const FrameInput& frame, bool with_ground) const;
  core::Status RunFrames(std::span<const FrameInput> frames, const FrameSink& sink);
  core::Status Submit(Slot& slot, const FrameInput& frame);
  core::Status Deliver(Slot& slot, int index, const FrameSink& sink);
  core::Status AddDeviceTimes(const Slot& slot);

  Context& context_;
  const RenderScene& scene_;
  RenderOptions options_;
  PipelineSet pipelines_;
  VkPipelineLayout layout_ = VK_NULL_HANDLE;
  SceneGeometry geometry_;
  Image color_, ids_, depth_, color_ms_, depth_ms_, shadow_;
  int shadow_size_ = 0;
  UniqueCommandPool pool_;
  UniqueDescriptorPool descriptor_pool_;
  std::vector<Slot> slots_;
  bool timestamps_ = false;
  RenderStats stats_;
};

}  // namespace synth4d::renderer::internal
