#include "internal_pipelines.h"

#include <vector>

#include "internal_gpu_types.h"
#include "internal_shaders.h"

namespace synth4d::renderer::internal {
namespace {

core::Result<UniqueShaderModule> MakeModule(VkDevice device, std::span<const uint32_t> words) {
  VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  info.codeSize = words.size_bytes();
  info.pCode = words.data();
  VkShaderModule module = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateShaderModule(device, &info, nullptr, &module));
  return UniqueShaderModule(device, module);
}

// What varies between the three pipelines.
struct PipelineDesc {
  VkShaderModule vert = VK_NULL_HANDLE;
  VkShaderModule frag = VK_NULL_HANDLE;  // none for the shadow pass
  bool full_vertex = false;              // all attributes, or the position only
  std::vector<VkFormat> color_formats;
  VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
  bool shadow = false;  // standard depth + bias, no culling
};

core::Result<UniquePipeline> MakePipeline(VkDevice device, VkPipelineLayout layout,
                                          const PipelineDesc& d) {
  std::vector<VkPipelineShaderStageCreateInfo> stages;
  VkPipelineShaderStageCreateInfo stage{VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
  stage.stage = VK_SHADER_STAGE_VERTEX_BIT;
  stage.module = d.vert;
  stage.pName = "main";
  stages.push_back(stage);
  if (d.frag != VK_NULL_HANDLE) {
    stage.stage = VK_SHADER_STAGE_FRAGMENT_BIT;
    stage.module = d.frag;
    stages.push_back(stage);
  }
  const VkVertexInputBindingDescription binding{0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
  const VkVertexInputAttributeDescription attributes[] = {
      {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, position)},
      {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, normal)},
      {2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(Vertex, uv)},
      {3, 0, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(Vertex, color)},
  };
  VkPipelineVertexInputStateCreateInfo vertex{
      VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
  vertex.vertexBindingDescriptionCount = 1;
  vertex.pVertexBindingDescriptions = &binding;
  vertex.vertexAttributeDescriptionCount = d.full_vertex ? 4 : 1;
  vertex.pVertexAttributeDescriptions = attributes;
  VkPipelineInputAssemblyStateCreateInfo assembly{
      VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
  assembly.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
  VkPipelineViewportStateCreateInfo viewport{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
  viewport.viewportCount = 1;
  viewport.scissorCount = 1;
  VkPipelineRasterizationStateCreateInfo raster{
      VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
  raster.polygonMode = VK_POLYGON_MODE_FILL;
  // Meshes are counter-clockwise seen from outside; OpenCV's y-down camera maps to Vulkan's
  // y-down framebuffer without a mirror, so outside faces stay counter-clockwise on screen.
  raster.cullMode = d.shadow ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT;
  raster.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
  raster.lineWidth = 1.0f;
  if (d.shadow) {  // slope-scaled bias against shadow acne (the shader adds a normal offset)
    raster.depthBiasEnable = VK_TRUE;
    raster.depthBiasConstantFactor = 1.0f;
    raster.depthBiasSlopeFactor = 1.5f;
  }
  VkPipelineMultisampleStateCreateInfo multisample{
      VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
  multisample.rasterizationSamples = d.samples;
  VkPipelineDepthStencilStateCreateInfo depth{
      VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
  depth.depthTestEnable = VK_TRUE;
  depth.depthWriteEnable = VK_TRUE;
  // Camera passes use reverse-Z (near = 1, infinitely far = 0); the sun pass standard depth.
  depth.depthCompareOp = d.shadow ? VK_COMPARE_OP_LESS : VK_COMPARE_OP_GREATER;
  std::vector<VkPipelineColorBlendAttachmentState> blends(d.color_formats.size());
  for (auto& b : blends) {
    b.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT |
                       VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
  }
  VkPipelineColorBlendStateCreateInfo blend{
      VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
  blend.attachmentCount = static_cast<uint32_t>(blends.size());
  blend.pAttachments = blends.data();
  const VkDynamicState dynamic_states[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
  VkPipelineDynamicStateCreateInfo dynamic{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
  dynamic.dynamicStateCount = 2;
  dynamic.pDynamicStates = dynamic_states;
  VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
  rendering.colorAttachmentCount = static_cast<uint32_t>(d.color_formats.size());
  rendering.pColorAttachmentFormats = d.color_formats.data();
  rendering.depthAttachmentFormat = d.shadow ? kShadowFormat : kDepthFormat;
  VkGraphicsPipelineCreateInfo info{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO, &rendering};
  info.stageCount = static_cast<uint32_t>(stages.size());
  info.pStages = stages.data();
  info.pVertexInputState = &vertex;
  info.pInputAssemblyState = &assembly;
  info.pViewportState = &viewport;
  info.pRasterizationState = &raster;
  info.pMultisampleState = &multisample;
  info.pDepthStencilState = &depth;
  info.pColorBlendState = &blend;
  info.pDynamicState = &dynamic;
  info.layout = layout;
  VkPipeline pipeline = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(
      vkCreateGraphicsPipelines(device, VK_NULL_HANDLE, 1, &info, nullptr, &pipeline));
  return UniquePipeline(device, pipeline);
}

}  // namespace

core::Result<std::unique_ptr<PipelineLibrary>> PipelineLibrary::Create(const Context& context) {
  std::unique_ptr<PipelineLibrary> library(new PipelineLibrary(context));
  SYNTH4D_RETURN_IF_ERROR(library->Init());
  return library;
}

core::Status PipelineLibrary::Init() {
  VkDevice device = context_.device();
  const VkDescriptorSetLayoutBinding bindings[] = {
      {0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1,
       VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
      {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
  };
  VkDescriptorSetLayoutCreateInfo set_info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  set_info.bindingCount = 2;
  set_info.pBindings = bindings;
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateDescriptorSetLayout(device, &set_info, nullptr, &set_layout));
  set_layout_ = UniqueDescriptorSetLayout(device, set_layout);

  const VkPushConstantRange push{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                                 sizeof(DrawData)};
  VkPipelineLayoutCreateInfo layout_info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  layout_info.setLayoutCount = 1;
  layout_info.pSetLayouts = &set_layout;
  layout_info.pushConstantRangeCount = 1;
  layout_info.pPushConstantRanges = &push;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreatePipelineLayout(device, &layout_info, nullptr, &layout));
  layout_ = UniquePipelineLayout(device, layout);

  // Shadow lookups: hardware depth compare (lit if fragment depth <= stored), bilinear PCF where
  // the format allows it, and "lit" (depth 1) outside the map.
  const bool linear =
      context_.FormatHas(kShadowFormat, VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT);
  VkSamplerCreateInfo sampler_info{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
  sampler_info.magFilter = linear ? VK_FILTER_LINEAR : VK_FILTER_NEAREST;
  sampler_info.minFilter = sampler_info.magFilter;
  sampler_info.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
  sampler_info.addressModeU = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER;
  sampler_info.addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER;
  sampler_info.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER;
  sampler_info.compareEnable = VK_TRUE;
  sampler_info.compareOp = VK_COMPARE_OP_LESS_OR_EQUAL;
  sampler_info.borderColor = VK_BORDER_COLOR_FLOAT_OPAQUE_WHITE;
  VkSampler sampler = VK_NULL_HANDLE;
  SYNTH4D_VK_RETURN_IF_ERROR(vkCreateSampler(device, &sampler_info, nullptr, &sampler));
  sampler_ = UniqueSampler(device, sampler);

  SYNTH4D_ASSIGN_OR_RETURN(scene_vert_, MakeModule(device, SceneVertSpirv()));
  SYNTH4D_ASSIGN_OR_RETURN(shade_frag_, MakeModule(device, ShadeFragSpirv(false)));
  SYNTH4D_ASSIGN_OR_RETURN(shade_id_frag_, MakeModule(device, ShadeFragSpirv(true)));
  SYNTH4D_ASSIGN_OR_RETURN(id_vert_, MakeModule(device, IdVertSpirv()));
  SYNTH4D_ASSIGN_OR_RETURN(id_frag_, MakeModule(device, IdFragSpirv()));
  SYNTH4D_ASSIGN_OR_RETURN(shadow_vert_, MakeModule(device, ShadowVertSpirv()));
  return core::Ok();
}

core::Result<PipelineLibrary::Owned> PipelineLibrary::Build(int samples) {
  VkDevice device = context_.device();
  Owned owned;
  PipelineDesc shadow;
  shadow.vert = shadow_vert_.get();
  shadow.shadow = true;
  SYNTH4D_ASSIGN_OR_RETURN(owned.shadow, MakePipeline(device, layout_.get(), shadow));
  PipelineDesc color;
  color.vert = scene_vert_.get();
  color.full_vertex = true;
  color.samples = static_cast<VkSampleCountFlagBits>(samples);
  if (samples == 1) {  // one pass writes colour, id and depth
    color.frag = shade_id_frag_.get();
    color.color_formats = {kColorFormat, kIdFormat};
  } else {  // MSAA colour; ids and depth come from a separate one-sample pass
    color.frag = shade_frag_.get();
    color.color_formats = {kColorFormat};
    PipelineDesc id;
    id.vert = id_vert_.get();
    id.frag = id_frag_.get();
    id.color_formats = {kIdFormat};
    SYNTH4D_ASSIGN_OR_RETURN(owned.id, MakePipeline(device, layout_.get(), id));
  }
  SYNTH4D_ASSIGN_OR_RETURN(owned.color, MakePipeline(device, layout_.get(), color));
  return owned;
}

core::Result<PipelineSet> PipelineLibrary::Get(int samples) {
  auto it = pipelines_.find(samples);
  if (it == pipelines_.end()) {
    SYNTH4D_ASSIGN_OR_RETURN(Owned owned, Build(samples));
    it = pipelines_.emplace(samples, std::move(owned)).first;
  }
  return PipelineSet{it->second.shadow.get(), it->second.color.get(), it->second.id.get()};
}

}  // namespace synth4d::renderer::internal
