#pragma once
// Dense and per-frame ground truth computed from a clip's truth and its rendered buffers: forward
// optical flow (analytic, from the known poses, camera and depth), 3D boxes and velocities in the
// camera frame, and the camera per frame. Formats and conventions: docs/formats.md.
#include <string>
#include <vector>

#include "synth4d/core/image.h"
#include "synth4d/truth/video_truth.h"

namespace synth4d::truth {

// Forward flow of frame `frame` to frame + 1, in pixels, row-major (dx, dy) per pixel: where the
// surface seen at a pixel centre moves on screen. A pixel of object i follows the object's rigid
// motion, the background (id 0) is static in the world, a pixel with infinite depth is a
// direction and moves with the camera's rotation only. The last frame's flow is zero.
std::vector<float> ForwardFlow(const VideoTruth& truth, int frame, const core::ImageId& ids,
                               const core::ImageDepth& depth);

// The 8 corners of object `o`'s bounding box at frame `frame`, world frame, metres. Corner k has
// body-frame signs (x, y, z) = (k&1 ? + : -, k&2 ? + : -, k&4 ? + : -) times half the size.
std::vector<glm::dvec3> BoxCorners_W(const VideoTruth& truth, int o, int frame);

// <key>.boxes.json: per object and frame the 2D box, 3D box corners (world and camera), centre
// and velocities (world, and expressed in camera axes), visible pixels.
std::string BoxesJson(const VideoTruth& truth);

// <key>.camera.json: intrinsics K (3x3), resolution, fps, and per frame the world-from-camera
// pose (4x4, position, quaternion w x y z), OpenCV axes.
std::string CameraJson(const VideoTruth& truth);

}  // namespace synth4d::truth
