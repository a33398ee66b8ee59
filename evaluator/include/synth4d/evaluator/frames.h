#pragma once
// Frames for the model: which frames of a video to send, a FrameSource that decodes them, and
// JPEG / base64 encoding for OpenAI-compatible image_url data URLs.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/image.h"
#include "synth4d/core/result.h"

namespace synth4d::evaluator {

// How to pick frames: `fps` > 0 samples at that rate (capped at `max_frames` when > 0, then
// uniformly); otherwise `frames` uniformly over all frames (VLM4D's rule).
struct FrameSampling {
  int frames = 16;
  double fps = 0.0;
  int max_frames = 0;
  int64_t end_frame = -1;  // >= 0: sample only frames [0, end_frame) (a held-back ending)
};

// Frame indices for a video of `frame_count` frames at `video_fps` frames per second.
// Uniform: round(linspace(0, n - 1, N)) with N = min(frames, n). Rate: floor(k * video_fps / fps)
// for k = 0, 1, ... while below n, with n = min(frame_count, end_frame) when end_frame >= 0.
// Empty when n <= 0.
std::vector<int64_t> SampleFrameIndices(int64_t frame_count, double video_fps,
                                        const FrameSampling& sampling);

// Decodes videos into frames.
class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // The frames of `video` chosen by `sampling`, in temporal order. kNotFound for a missing file,
  // kInvalidArgument for a file that is not a decodable video.
  virtual core::Result<std::vector<core::ImageRgba8>> Sample(const std::filesystem::path& video,
                                                             const FrameSampling& sampling) = 0;
};

// The libav frame source (generator/encode's VideoReader); kUnavailable when synth4d was built
// without generator/encode.
core::Result<std::unique_ptr<FrameSource>> MakeVideoFrameSource();

// JPEG bytes of an RGBA8 image (alpha ignored) at `quality` 1..100; kInternal on encoder failure.
core::Result<std::string> EncodeJpeg(const core::ImageRgba8& image, int quality);

// Standard base64 (RFC 4648, with padding).
std::string Base64(std::string_view bytes);

}  // namespace synth4d::evaluator
