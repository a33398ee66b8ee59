#pragma once
// Builds a clip's VideoTruth from the resolved scene and the simulation, then adds what the
// rendering shows (id buffers) and what each object would cover alone (CPU rasterization).
#include <string>
#include <vector>

#include "synth4d/core/image.h"
#include "synth4d/core/mesh.h"
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"
#include "synth4d/truth/video_truth.h"

namespace synth4d::truth {

// Clip key "<spec>_<index:06d>_<camera>": letters, digits, '_' and '-' only (no dots).
std::string ClipKey(const std::string& spec_key, int clip_index, const std::string& camera);

// Geometry-only truth of camera `camera_index`: poses, velocities, camera-frame positions and
// projected centres for every frame; rendered fields stay empty.
VideoTruth BuildVideoTruth(const spec::ResolvedScene& scene, const sim::SimTrace& trace,
                           int camera_index, std::string resolved_yaml);

// Records frame `frame` of the id buffer: visible pixel count and box of every object.
void ApplyIdFrame(VideoTruth& truth, int frame, const core::ImageId& ids);

// Rasterizes each object alone (meshes indexed like truth.objects) to count the pixels it would
// cover unoccluded, then sets visible_fraction and in_view. Call after every ApplyIdFrame.
void ApplyCoverage(VideoTruth& truth, const std::vector<core::Mesh>& meshes);

// Pixel counts of one object rasterized alone.
struct Coverage {
  int in_image = 0;    // pixels of the K.width x K.height image
  int extended = 0;    // pixels of the sensor extended by one image size on every side
};

// Pixels covered by `mesh` placed at X_CO (camera from object, OpenCV axes), sampled at pixel
// centres; triangles are clipped at the near plane z = 1 mm. `stamp` is scratch space reused
// across calls (resized as needed).
Coverage CoveredPixels(const core::Mesh& mesh, const core::Pose& X_CO, const core::Intrinsics& K,
                       std::vector<uint32_t>& stamp, uint32_t& stamp_value);

}  // namespace synth4d::truth
