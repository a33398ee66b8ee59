#pragma once
// VideoTruth: the ground truth of one clip seen by one camera — what truth.json stores and what
// question generation reads. Everything here is computed from the simulation and the rendering.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/geometry.h"
#include "synth4d/sim/trace.h"

namespace synth4d::truth {

inline constexpr const char* kTruthSchema = "synth4d.truth/1";

// Static description of an object (from the resolved scene): what a question may refer to.
struct ObjectInfo {
  uint32_t id = 0;              // instance id in the id buffer (object index + 1)
  std::string name;
  std::string shape;            // "box", "sphere", ..., "mesh"
  std::string asset;            // mesh file name (shape "mesh"), else empty
  std::string color_name;       // palette name, or empty for a custom colour
  glm::dvec3 color_srgb{0.0};
  std::string material;         // "rubber", "metal", ...
  glm::dvec3 size{0.0};         // full bounding-box extents, metres, body frame
  std::string motion;           // "static", "dynamic", "scripted"
  std::optional<glm::dvec3> front;  // body axis that points forward, if the object has one
  std::string prototype;
};

// One object at one frame. Geometry fields come from the simulation; the rendered fields
// (box, pixel counts, visible_fraction) are absent until the clip is rendered.
struct ObjectFrame {
  core::Pose X_WB;                         // world pose, quaternion (w, x, y, z)
  glm::dvec3 v_W{0.0};                     // linear velocity, m/s
  glm::dvec3 w_W{0.0};                     // angular velocity, rad/s
  glm::dvec3 p_C{0.0};                     // body centre in the camera frame (OpenCV), metres
  std::optional<glm::dvec2> centre_px;     // projection of the centre; absent when behind the camera
  bool rendered = false;
  std::optional<std::array<int, 4>> box;   // x0, y0, x1, y1: visible pixels span [x0, x1) x [y0, y1)
  int visible_px = 0;                      // pixels of this object's id in the id buffer
  int unoccluded_px = 0;                   // pixels it would cover alone, inside the image
  int silhouette_px = 0;                   // pixels it would cover alone on a sensor extended by
                                           // one image size on every side (parts out of frame too)
  double visible_fraction = 0.0;           // visible_px / silhouette_px: occlusion and leaving the
                                           // frame both reduce it (0 when silhouette_px = 0)
  bool in_view = false;                    // unoccluded_px > 0: its silhouette meets the image
};

struct ClipInfo {
  std::string key;                 // clip key: no dots (WebDataset), e.g. "demo_000003_front"
  std::string spec_key;            // spec file stem
  std::string camera;              // camera name
  int camera_index = 0;
  double fps = 30.0;
  int num_frames = 0;
  int width = 0;
  int height = 0;
  uint64_t seed = 0;
  uint64_t dataset_seed = 0;
  int clip_index = 0;
  std::string synth4d_version;
};

struct VideoTruth {
  ClipInfo clip;
  core::Intrinsics K;
  std::vector<core::Pose> X_WC;                    // per frame, world from camera (OpenCV axes)
  std::vector<ObjectInfo> objects;
  std::vector<std::vector<ObjectFrame>> frames;    // [object][frame]
  std::vector<sim::ContactEvent> contacts;
  std::vector<sim::MotionEvent> motion_events;
  std::vector<sim::Glitch> glitches;
  std::string resolved_scene_yaml;                 // the resolved scene, verbatim
};

}  // namespace synth4d::truth
