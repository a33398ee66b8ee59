// Setup of ClipRenderer: geometry upload, shared render targets and the frames-in-flight ring.
#include "internal_clip.h"

#include "internal_gpu_types.h"
#include "internal_vk.h"

namespace synth4d::renderer::internal {

core::Result<std::unique_ptr<ClipRenderer>> ClipRenderer::Create(Context& context,
                                                                 PipelineLibrary& library,
                                                                 const RenderScene& scene,
                                                                 const RenderOptions& options) {
  std::unique_ptr<ClipRenderer> clip(new ClipRenderer(context, scene, options));
  SYNTH4D_RETURN_IF_ERROR(clip->Init(library));
  return clip;
}

ClipRenderer::~ClipRenderer() { vkDeviceWaitIdle(context_.device()); }

core::Status ClipRenderer::Init(PipelineLibrary& library) {
  SYNTH4D_ASSIGN_OR_RETURN(pipelines_, library.Get(options_.msaa_samples));
  layout_ = library.layout();
  SYNTH4D_ASSIGN_OR_RETURN(geometry_, UploadSceneGeometry(context_, scene_));
  SYNTH4D_RETURN_IF_ERROR(CreateTargets());
  return CreateSlots(library);
}

core::Status ClipRenderer::CreateTargets() {
  const int w = scene_.width, h = scene_.height;
  const VkImageUsageFlags read = VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
  const VkImageUsageFlags color = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
  const VkImageUsageFlags depth = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
  const VkImageAspectFlags c = VK_IMAGE_ASPECT_COLOR_BIT, d = VK_IMAGE_ASPECT_DEPTH_BIT;
  SYNTH4D_ASSIGN_OR_RETURN(
      color_, CreateImage(context_, kColorFormat, w, h, VK_SAMPLE_COUNT_1_BIT, color | read, c));
  SYNTH4D_ASSIGN_OR_RETURN(
      ids_, CreateImage(context_, kIdFormat, w, h, VK_SAMPLE_COUNT_1_BIT, color | read, c));
  SYNTH4D_ASSIGN_OR_RETURN(
      depth_, CreateImage(context_, kDepthFormat, w, h, VK_SAMPLE_COUNT_1_BIT, depth | read, d));
  if (options_.msaa_samples > 1) {
    const auto samples = static_cast<VkSampleCountFlagBits>(options_.msaa_samples);
    const VkImageUsageFlags transient = VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
    SYNTH4D_ASSIGN_OR_RETURN(
        color_ms_, CreateImage(context_, kColorFormat, w, h, samples, color | transient, c));
    SYNTH4D_ASSIGN_OR_RETURN(
        depth_ms_, CreateImage(context_, kDepthFormat, w, h, samples, depth | transient, d));
  }
  // Without shadows the map is a tiny cleared image so the descriptor stays valid.
  shadow_size_ = options_.shadows ? options_.shadow_map_size : 16;
  SYNTH4D_ASSIGN_OR_RETURN(
      shadow_, CreateImage(context_, kShadowFormat, shadow_size_, shadow_size_,
                           VK_SAMPLE_COUNT_1_BIT, depth | VK_IMAGE_USAGE_SAMPLED_BIT, d));
  return core::Ok();
}

core::Status ClipRenderer::CreateSlots(PipelineLibrary& library) {
  VkDevice device = context_.device();
  const uint32_t n = static_cast<uint32_t>(options_.frames_in_flight);
  timestamps_ = context_.timestamp_bits() > 0 && context_.properties().limits.timestampPeriod > 0;
  VkCommandPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool_info.queueFamilyIndex = context_.queue_family();
  VkCommandPool pool = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateCommandPool(device, &pool_info, nullptr, &pool));
  pool_ = UniqueCommandPool(device, pool);
  const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, n},
                                        {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, n}};
  VkDescriptorPoolCreateInfo dp_info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  dp_info.maxSets = n;
  dp_info.poolSizeCount = 2;
  dp_info.pPoolSizes = sizes;
  VkDescriptorPool dp = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateDescriptorPool(device, &dp_info, nullptr, &dp));
  descriptor_pool_ = UniqueDescriptorPool(device, dp);

  const VkDeviceSize plane = VkDeviceSize(scene_.width) * scene_.height * 4;
  slots_.resize(n);
  for (Slot& slot : slots_) {
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = pool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    SYNTH4D_VK_RETURN_IF_ERROR(vkAllocateCommandBuffers(device, &alloc, &slot.cmd));
    VkFenceCreateInfo fence_info{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence = VK_NULL_HANDLE;
    SYNTH4D_VK_RETURN_IF_ERROR(vkCreateFence(device, &fence_info, nullptr, &fence));
    slot.fence = UniqueFence(device, fence);
    if (timestamps_) {
      VkQueryPoolCreateInfo query_info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
      query_info.queryType = VK_QUERY_TYPE_TIMESTAMP;
      query_info.queryCount = 3;
      VkQueryPool queries = VK_NULL_HANDLE;
      SYNTH4D_VK_RETURN_IF_ERROR(vkCreateQueryPool(device, &query_info, nullptr, &queries));
      slot.timestamps = UniqueQueryPool(device, queries);
    }
    const VkMemoryPropertyFlags host =
        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    SYNTH4D_ASSIGN_OR_RETURN(
        slot.uniforms,
        CreateBuffer(context_, sizeof(FrameData), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, host, 0));
    // Readback prefers cached host memory: the CPU reads every byte.
    SYNTH4D_ASSIGN_OR_RETURN(
        slot.readback,
        CreateBuffer(context_, 3 * plane, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                     VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT, VK_MEMORY_PROPERTY_HOST_CACHED_BIT));
    VkDescriptorSetLayout set_layout = library.set_layout();
    VkDescriptorSetAllocateInfo set_alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    set_alloc.descriptorPool = dp;
    set_alloc.descriptorSetCount = 1;
    set_alloc.pSetLayouts = &set_layout;
    SYNTH4D_VK_RETURN_IF_ERROR(vkAllocateDescriptorSets(device, &set_alloc, &slot.set));
    const VkDescriptorBufferInfo ubo{slot.uniforms.buffer.get(), 0, sizeof(FrameData)};
    const VkDescriptorImageInfo map{library.shadow_sampler(), shadow_.view.get(),
                                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet writes[2] = {{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET},
                                      {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET}};
    writes[0].dstSet = slot.set;
    writes[0].dstBinding = 0;
    writes[0].descriptorCount = 1;
    writes[0].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
    writes[0].pBufferInfo = &ubo;
    writes[1].dstSet = slot.set;
    writes[1].dstBinding = 1;
    writes[1].descriptorCount = 1;
    writes[1].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    writes[1].pImageInfo = &map;
    vkUpdateDescriptorSets(device, 2, writes, 0, nullptr);
  }
  return core::Ok();
}

}  // namespace synth4d::renderer::internal
