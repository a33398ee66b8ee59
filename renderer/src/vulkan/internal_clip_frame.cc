// Per-frame work of ClipRenderer: uniforms, command recording, submission and readback.
#include <chrono>
#include <cstring>

#include "../internal_math.h"
#include "internal_clip.h"
#include "internal_gpu_types.h"
#include "internal_vk.h"

namespace synth4d::renderer::internal {
namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Stages and writes of the previous frame that may still touch the shared targets.
constexpr VkPipelineStageFlags2 kPrevStages =
    VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT |
    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT |
    VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
constexpr VkAccessFlags2 kPrevWrites =
    VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT;
constexpr VkPipelineStageFlags2 kDepthStages =
    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
constexpr VkAccessFlags2 kDepthAccess =
    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT;

VkImageMemoryBarrier2 Barrier(const Image& image, VkPipelineStageFlags2 src_stage,
                              VkAccessFlags2 src_access, VkPipelineStageFlags2 dst_stage,
                              VkAccessFlags2 dst_access, VkImageLayout old_layout,
                              VkImageLayout new_layout) {
  VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
  b.srcStageMask = src_stage;
  b.srcAccessMask = src_access;
  b.dstStageMask = dst_stage;
  b.dstAccessMask = dst_access;
  b.oldLayout = old_layout;
  b.newLayout = new_layout;
  b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  b.image = image.image.get();
  b.subresourceRange = {image.aspect, 0, 1, 0, 1};
  return b;
}

// A barrier that discards the previous frame's contents and prepares an attachment.
VkImageMemoryBarrier2 StartAttachment(const Image& image, bool depth) {
  return Barrier(
      image, kPrevStages, kPrevWrites,
      depth ? kDepthStages : VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
      depth ? kDepthAccess
            : VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT,
      VK_IMAGE_LAYOUT_UNDEFINED,
      depth ? VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
}

void PipelineBarrier(VkCommandBuffer cmd, std::span<const VkImageMemoryBarrier2> images,
                     const VkBufferMemoryBarrier2* buffer = nullptr) {
  VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
  dep.imageMemoryBarrierCount = static_cast<uint32_t>(images.size());
  dep.pImageMemoryBarriers = images.data();
  dep.bufferMemoryBarrierCount = buffer ? 1 : 0;
  dep.pBufferMemoryBarriers = buffer;
  vkCmdPipelineBarrier2(cmd, &dep);
}

VkRenderingAttachmentInfo Attachment(const Image& image, VkClearValue clear, bool store) {
  VkRenderingAttachmentInfo a{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
  a.imageView = image.view.get();
  a.imageLayout = image.aspect == VK_IMAGE_ASPECT_DEPTH_BIT
                      ? VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL
                      : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  a.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
  a.storeOp = store ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE;
  a.clearValue = clear;
  return a;
}

void BeginRendering(VkCommandBuffer cmd, int width, int height,
                    std::span<const VkRenderingAttachmentInfo> colors,
                    const VkRenderingAttachmentInfo& depth) {
  VkRenderingInfo info{VK_STRUCTURE_TYPE_RENDERING_INFO};
  info.renderArea = {{0, 0}, {static_cast<uint32_t>(width), static_cast<uint32_t>(height)}};
  info.layerCount = 1;
  info.colorAttachmentCount = static_cast<uint32_t>(colors.size());
  info.pColorAttachments = colors.data();
  info.pDepthAttachment = &depth;
  vkCmdBeginRendering(cmd, &info);
  const VkViewport viewport{0, 0, float(width), float(height), 0.0f, 1.0f};
  vkCmdSetViewport(cmd, 0, 1, &viewport);
  const VkRect2D scissor{{0, 0}, {static_cast<uint32_t>(width), static_cast<uint32_t>(height)}};
  vkCmdSetScissor(cmd, 0, 1, &scissor);
}

void ToFloats(const glm::dmat4& m, float out[16]) {
  for (int c = 0; c < 4; ++c) {
    for (int r = 0; r < 4; ++r) out[c * 4 + r] = static_cast<float>(m[c][r]);
  }
}

void ToFloats(const glm::dvec3& v, double w, float out[4]) {
  out[0] = float(v.x), out[1] = float(v.y), out[2] = float(v.z), out[3] = float(w);
}

}  // namespace

void ClipRenderer::WriteFrameData(Slot& slot, const FrameInput& frame) const {
  const RenderEnvironment& env = scene_.environment;
  FrameData data{};
  ToFloats(CameraViewProj(frame.K, frame.X_WC), data.view_proj);
  const glm::dvec3 sun = glm::length(env.sun_direction) > 0.0f
                             ? glm::normalize(glm::dvec3(env.sun_direction))
                             : glm::dvec3(0.0, 0.0, -1.0);
  const std::vector<glm::dvec3> points = ShadowFitPoints(scene_, frame);
  const SunFrustum sun_frustum = FitSunFrustum(sun, points, shadow_size_);
  const bool shadows = options_.shadows && sun_frustum.valid && !scene_.objects.empty();
  ToFloats(sun_frustum.light_view_proj, data.light_view_proj);
  ToFloats(frame.X_WC.p, 1.0, data.camera_pos);
  ToFloats(sun, env.sun_intensity, data.sun_dir);
  data.params[0] = env.ambient;
  data.params[1] = shadows ? 1.0f : 0.0f;
  data.params[2] = static_cast<float>(1.5 * sun_frustum.texel_m);  // normal-offset bias
  data.params[3] = 1.0f / static_cast<float>(shadow_size_);
  ToFloats(glm::dvec3(env.background_linear), 1.0, data.background);
  ToFloats(glm::dvec3(env.ground_color_linear), env.ground_tile_m, data.ground1);
  ToFloats(glm::dvec3(env.ground_color2_linear), static_cast<double>(env.ground_pattern),
           data.ground2);
  std::memcpy(slot.uniforms.mapped, &data, sizeof(data));
}

void ClipRenderer::DrawScene(VkCommandBuffer cmd, const FrameInput& frame, bool with_ground) const {
  for (size_t i = 0; i < scene_.objects.size(); ++i) {
    const RenderObject& object = scene_.objects[i];
    DrawData draw{};
    ToFloats(core::ToMatrix(frame.X_WO[i]), draw.X_WO);
    ToFloats(glm::dvec3(object.base_color_linear), 1.0, draw.color);
    draw.info[0] = object.instance_id;
    draw.info[1] = static_cast<uint32_t>(object.material);
    draw.info[2] = static_cast<uint32_t>(object.pattern);
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof(draw), &draw);
    const DrawRange& r = geometry_.meshes[object.mesh_index];
    vkCmdDrawIndexed(cmd, r.index_count, 1, r.first_index, r.vertex_offset, 0);
  }
  if (with_ground && geometry_.ground.index_count > 0) {
    DrawData draw{};
    ToFloats(glm::dmat4(1.0), draw.X_WO);
    draw.info[3] = 1;  // ground: id 0, patterned in the shader
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof(draw), &draw);
    const DrawRange& r = geometry_.ground;
    vkCmdDrawIndexed(cmd, r.index_count, 1, r.first_index, r.vertex_offset, 0);
  }
}

void ClipRenderer::Record(const Slot& slot, const FrameInput& frame) const {
  VkCommandBuffer cmd = slot.cmd;
  VkDescriptorSet set = slot.set;
  VkBuffer readback = slot.readback.buffer.get();
  VkQueryPool queries = slot.timestamps.get();
  if (timestamps_) {
    vkCmdResetQueryPool(cmd, queries, 0, 3);
    vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT, queries, 0);
  }
  const int w = scene_.width, h = scene_.height;
  const bool msaa = options_.msaa_samples > 1;
  const VkDeviceSize vb_offset = 0;
  const VkBuffer vb = geometry_.vertices.buffer.get();

  std::vector<VkImageMemoryBarrier2> start = {
      StartAttachment(shadow_, true), StartAttachment(color_, false), StartAttachment(ids_, false),
      StartAttachment(depth_, true)};
  if (msaa) {
    start.push_back(StartAttachment(color_ms_, false));
    start.push_back(StartAttachment(depth_ms_, true));
  }
  PipelineBarrier(cmd, start);

  // Sun's shadow map: objects only (the ground receives but casts nothing).
  {
    VkClearValue far{};
    far.depthStencil.depth = 1.0f;
    BeginRendering(cmd, shadow_size_, shadow_size_, {}, Attachment(shadow_, far, true));
    if (options_.shadows) {
      vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines_.shadow);
      vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, layout_, 0, 1, &set, 0,
                              nullptr);
      vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &vb_offset);
      vkCmdBindIndexBuffer(cmd, geometry_.indices.buffer.get(), 0, VK_INDEX_TYPE_UINT32);
      DrawScene(cmd, frame, false);
    }
    vkCmdEndRendering(cmd);
    const VkImageMemoryBarrier2 to_read =
        Barrier(shadow_, kDepthStages, VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
                VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    PipelineBarrier(cmd, {&to_read, 1});
  }

  const glm::vec3 bg = scene_.environment.background_linear;
  VkClearValue background{};
  background.color = {{bg.r, bg.g, bg.b, 1.0f}};
  VkClearValue zero{};  // id 0; reverse-Z depth 0 = infinitely far
  // Colour pass (one sample: also ids and depth).
  {
    std::vector<VkRenderingAttachmentInfo> colors;
    if (msaa) {
      VkRenderingAttachmentInfo a = Attachment(color_ms_, background, false);
      a.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
      a.resolveImageView = color_.view.get();
      a.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
      colors.push_back(a);
    } else {
      colors.push_back(Attachment(color_, background, true));
      colors.push_back(Attachment(ids_, zero, true));
    }
    BeginRendering(cmd, w, h, colors, Attachment(msaa ? depth_ms_ : depth_, zero, !msaa));
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines_.color);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, layout_, 0, 1, &set, 0, nullptr);
    vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &vb_offset);
    vkCmdBindIndexBuffer(cmd, geometry_.indices.buffer.get(), 0, VK_INDEX_TYPE_UINT32);
    DrawScene(cmd, frame, true);
    vkCmdEndRendering(cmd);
  }
  // Id pass for MSAA clips: one sample per pixel at the pixel centre, never blended.
  if (msaa) {
    const VkRenderingAttachmentInfo id_attachment = Attachment(ids_, zero, true);
    BeginRendering(cmd, w, h, {&id_attachment, 1}, Attachment(depth_, zero, true));
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines_.id);
    DrawScene(cmd, frame, true);
    vkCmdEndRendering(cmd);
  }

  if (timestamps_) vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, queries, 1);
  const VkPipelineStageFlags2 copy = VK_PIPELINE_STAGE_2_COPY_BIT;
  const VkAccessFlags2 copy_read = VK_ACCESS_2_TRANSFER_READ_BIT;
  const VkImageMemoryBarrier2 to_copy[] = {
      Barrier(color_, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
              VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, copy, copy_read,
              VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL),
      Barrier(ids_, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
              VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, copy, copy_read,
              VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL),
      Barrier(depth_, kDepthStages, VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, copy, copy_read,
              VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL)};
  PipelineBarrier(cmd, to_copy);
  const VkDeviceSize plane = VkDeviceSize(w) * h * 4;
  const Image* sources[] = {&color_, &ids_, &depth_};
  for (int k = 0; k < 3; ++k) {
    VkBufferImageCopy region{};
    region.bufferOffset = k * plane;
    region.imageSubresource = {sources[k]->aspect, 0, 0, 1};
    region.imageExtent = {static_cast<uint32_t>(w), static_cast<uint32_t>(h), 1};
    vkCmdCopyImageToBuffer(cmd, sources[k]->image.get(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                           readback, 1, &region);
  }
  VkBufferMemoryBarrier2 to_host{VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER_2};
  to_host.srcStageMask = copy;
  to_host.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
  to_host.dstStageMask = VK_PIPELINE_STAGE_2_HOST_BIT;
  to_host.dstAccessMask = VK_ACCESS_2_HOST_READ_BIT;
  to_host.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  to_host.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  to_host.buffer = readback;
  to_host.size = VK_WHOLE_SIZE;
  PipelineBarrier(cmd, {}, &to_host);
  if (timestamps_) vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, queries, 2);
}

core::Status ClipRenderer::Submit(Slot& slot, const FrameInput& frame) {
  WriteFrameData(slot, frame);
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  SYNTH4D_VK_RETURN_IF_ERROR(vkBeginCommandBuffer(slot.cmd, &begin));
  Record(slot, frame);
  SYNTH4D_VK_RETURN_IF_ERROR(vkEndCommandBuffer(slot.cmd));
  VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &slot.cmd;
  SYNTH4D_VK_RETURN_IF_ERROR(vkQueueSubmit(context_.queue(), 1, &submit, slot.fence.get()));
  return context_.CheckMessages("frame submission");
}

core::Status ClipRenderer::Deliver(Slot& slot, int index, const FrameSink& sink) {
  VkFence fence = slot.fence.get();
  const Clock::time_point t0 = Clock::now();
  SYNTH4D_VK_RETURN_IF_ERROR(vkWaitForFences(context_.device(), 1, &fence, VK_TRUE, UINT64_MAX));
  SYNTH4D_VK_RETURN_IF_ERROR(vkResetFences(context_.device(), 1, &fence));
  const Clock::time_point t1 = Clock::now();
  SYNTH4D_RETURN_IF_ERROR(AddDeviceTimes(slot));
  SYNTH4D_RETURN_IF_ERROR(InvalidateForHost(context_, slot.readback));
  SYNTH4D_RETURN_IF_ERROR(context_.CheckMessages("frame rendering"));
  const int w = scene_.width, h = scene_.height;
  const size_t n = size_t(w) * h;
  const auto* bytes = static_cast<const uint8_t*>(slot.readback.mapped);
  FrameOutput out;
  out.index = index;
  // One pass per plane straight from the mapped buffer (no zero-fill first).
  out.rgba.width = out.ids.width = out.depth.width = w;
  out.rgba.height = out.ids.height = out.depth.height = h;
  out.rgba.channels = 4;
  out.rgba.pixels.assign(bytes, bytes + 4 * n);
  const auto* ids = reinterpret_cast<const uint32_t*>(bytes + 4 * n);
  out.ids.pixels.assign(ids, ids + n);
  const auto* d = reinterpret_cast<const float*>(bytes + 8 * n);
  out.depth.pixels.resize(n);
  for (size_t i = 0; i < n; ++i) out.depth.pixels[i] = DepthMetresFromBuffer(d[i]);
  const Clock::time_point t2 = Clock::now();
  core::Status status = sink(std::move(out));
  stats_.wait_s += Seconds(t1 - t0);
  stats_.cpu_readback_s += Seconds(t2 - t1);
  stats_.sink_s += Seconds(Clock::now() - t2);
  ++stats_.frames;
  return status;
}

core::Status ClipRenderer::AddDeviceTimes(const Slot& slot) {
  if (!timestamps_) return core::Ok();
  uint64_t t[3] = {};
  SYNTH4D_VK_RETURN_IF_ERROR(vkGetQueryPoolResults(context_.device(), slot.timestamps.get(), 0, 3,
                                                   sizeof(t), t, sizeof(uint64_t),
                                                   VK_QUERY_RESULT_64_BIT));
  const double ns = context_.properties().limits.timestampPeriod * 1e-9;
  stats_.gpu_render_s += double(t[1] - t[0]) * ns;
  stats_.gpu_copy_s += double(t[2] - t[1]) * ns;
  return core::Ok();
}

core::Status ClipRenderer::Run(std::span<const FrameInput> frames, const FrameSink& sink) {
  const Clock::time_point start = Clock::now();
  stats_ = RenderStats{};
  core::Status status = RunFrames(frames, sink);
  stats_.wall_s = Seconds(Clock::now() - start);
  if (options_.stats) *options_.stats = stats_;
  return status;
}

core::Status ClipRenderer::RunFrames(std::span<const FrameInput> frames, const FrameSink& sink) {
  const int n = static_cast<int>(frames.size());
  const int slots = static_cast<int>(slots_.size());
  for (int i = 0; i < n; ++i) {
    // Slot i % slots last held frame i - slots, the oldest still in flight.
    if (i >= slots) SYNTH4D_RETURN_IF_ERROR(Deliver(slots_[i % slots], i - slots, sink));
    SYNTH4D_RETURN_IF_ERROR(Submit(slots_[i % slots], frames[i]));
  }
  for (int j = std::max(0, n - slots); j < n; ++j) {
    SYNTH4D_RETURN_IF_ERROR(Deliver(slots_[j % slots], j, sink));
  }
  return context_.CheckMessages("clip");
}

}  // namespace synth4d::renderer::internal
