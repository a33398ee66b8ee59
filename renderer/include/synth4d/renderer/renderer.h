#pragma once
// The renderer interface: no Vulkan types here. A clip is rendered from a RenderScene (meshes,
// objects, environment) and one FrameInput per frame; frames come back, in order, through a sink.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "synth4d/core/geometry.h"
#include "synth4d/core/image.h"
#include "synth4d/core/mesh.h"
#include "synth4d/core/result.h"

namespace synth4d::renderer {

enum class SurfaceMaterial { kMatte, kShiny };
// Surface patterns that make rotation visible: stripes follow the mesh's u coordinate (8 dark/
// light pairs over u in [0, 1), around the axis of revolution primitives); kMarkedFace recolours
// the surface whose object-frame normal is within 60 degrees of +X (a box's +X face). Pattern
// colours contrast with the base: much lighter on dark bases, much darker on light ones.
enum class SurfacePattern { kNone, kStripes, kMarkedFace };

struct RenderObject {
  uint32_t instance_id = 0;          // written to the id buffer (object i has id i + 1)
  int mesh_index = 0;                // into RenderScene::meshes
  glm::vec3 base_color_linear{0.5f}; // used where the mesh has no vertex colours
  SurfaceMaterial material = SurfaceMaterial::kMatte;
  SurfacePattern pattern = SurfacePattern::kNone;
};

enum class GroundPattern { kChecker, kGrid, kPlain };

struct RenderEnvironment {
  float ground_size_m = 20.0f;       // square at z = 0 centred at the origin; 0 = no ground
  GroundPattern ground_pattern = GroundPattern::kChecker;
  glm::vec3 ground_color_linear{0.3f};
  glm::vec3 ground_color2_linear{0.1f};
  float ground_tile_m = 1.0f;
  glm::vec3 background_linear{0.3f, 0.4f, 0.6f};
  glm::vec3 sun_direction{-0.4f, -0.3f, -1.0f};  // direction light travels, world frame
  float sun_intensity = 1.0f;
  float ambient = 0.35f;
};

// Everything uploaded once per clip.
struct RenderScene {
  int width = 448;
  int height = 448;
  std::vector<core::Mesh> meshes;
  std::vector<RenderObject> objects;
  RenderEnvironment environment;
};

// Per-frame input: the camera and the pose of every object (indexed like RenderScene::objects).
struct FrameInput {
  core::Intrinsics K;
  core::Pose X_WC;                   // OpenCV camera axes
  std::vector<core::Pose> X_WO;
};

// One rendered frame. depth is metres along the camera z axis (+inf where nothing is hit).
struct FrameOutput {
  int index = 0;
  core::ImageRgba8 rgba;             // sRGB-encoded, alpha 255
  core::ImageId ids;                 // exact: the surface at each pixel centre (never blended)
  core::ImageDepth depth;
};

// Called once per frame, in frame order; returning an error stops the clip.
using FrameSink = std::function<core::Status(FrameOutput&&)>;

// Where a clip's time went (seconds, summed over frames); filled when RenderOptions::stats is set.
// Device times come from GPU timestamps and are 0 where the device has none (and for the fake).
struct RenderStats {
  int frames = 0;
  double wall_s = 0.0;               // the whole RenderClip call
  double gpu_render_s = 0.0;         // device time drawing (shadow, colour and id passes)
  double gpu_copy_s = 0.0;           // device time copying targets into readback buffers
  double cpu_readback_s = 0.0;       // host time turning readback buffers into FrameOutputs
  double wait_s = 0.0;               // host time blocked waiting for frames to finish
  double sink_s = 0.0;               // host time inside the sink
};

struct RenderOptions {
  int msaa_samples = 1;              // 1 or 4: antialiasing of the colour image
  bool shadows = true;               // directional shadow map
  int shadow_map_size = 2048;
  int frames_in_flight = 3;          // readback of frame i overlaps rendering of i+1 ...
  RenderStats* stats = nullptr;      // optional timing output, overwritten by each clip
};

// Not thread-safe: one clip at a time per Renderer.
class Renderer {
 public:
  virtual ~Renderer() = default;
  // Renders `frames` of `scene`, delivering each to `sink` in order. Meshes upload once.
  virtual core::Status RenderClip(const RenderScene& scene, std::span<const FrameInput> frames,
                                  const RenderOptions& options, const FrameSink& sink) = 0;
  // Human-readable device name ("llvmpipe (LLVM 15.0.6, 256 bits)", "fake").
  virtual std::string DeviceName() const = 0;
};

enum class DeviceChoice { kAuto, kCpu, kGpu };

struct RendererParams {
  DeviceChoice device = DeviceChoice::kAuto;
  bool validation = false;           // Vulkan validation layers; any message fails the clip
};

// Creates the Vulkan renderer. kUnavailable lists every device found and why it was rejected.
core::Result<std::unique_ptr<Renderer>> CreateVulkanRenderer(const RendererParams& params);

// Creates the fake renderer: paints each object's projected bounding box with its id and colour.
std::unique_ptr<Renderer> CreateFakeRenderer();

}  // namespace synth4d::renderer
