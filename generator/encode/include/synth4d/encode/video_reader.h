#pragma once
// VideoReader: decodes a video file (any format/codec libav reads; synth4d writes H.264 MP4)
// to RGBA8 frames, inverting the writer's colour conversion (BT.601 limited range, video.h).
// Streams tagged with another matrix or full range are converted with their own tags.
// Frame i is the i-th frame in presentation order, counting from 0.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "synth4d/core/image.h"
#include "synth4d/core/result.h"
#include "synth4d/encode/video.h"

namespace synth4d::encode {

struct VideoInfo {
  int width = 0;           // pixels
  int height = 0;          // pixels
  Rational fps;            // exact frames per second (guessed by libav from the stream timing)
  double fps_value = 0.0;  // fps as a double
  // Frames in the stream: the container's sample count when it has one (MP4 does), else counted
  // by demuxing every packet at Open.
  int64_t frame_count = 0;
  // Seconds: the stream duration from the container (edit lists applied), else
  // frame_count / fps.
  double duration_s = 0.0;
  std::string codec_name;  // e.g. "h264"
  std::string pix_fmt;     // decoder output format, e.g. "yuv420p"
};

struct VideoReaderOptions {
  // Decoder threads; 1 by default (many readers may run in parallel), 0 = libav's choice.
  int threads = 1;
};

class VideoReader {
 public:
  // Opens `path` and its first video stream. kNotFound if missing; kInvalidArgument if it is not
  // a video libav can decode; kInternal for other libav failures.
  static core::Result<VideoReader> Open(const std::filesystem::path& path,
                                        const VideoReaderOptions& options = {});

  VideoReader(VideoReader&&) noexcept;
  VideoReader& operator=(VideoReader&&) noexcept;
  ~VideoReader();

  // Stream properties (see VideoInfo).
  const VideoInfo& info() const;

  // Decodes the next frame into `frame` (RGBA, alpha 255); returns false at the end of the
  // stream. kIo / kInternal on a corrupt stream.
  core::Result<bool> ReadNext(core::ImageRgba8* frame);

  // Index of the frame the next ReadNext returns.
  int64_t next_index() const;

  // Restarts from frame 0 (reopens the file).
  core::Status Rewind();

  // Decodes every frame from the start.
  core::Result<std::vector<core::ImageRgba8>> ReadAll();

  // Decodes from the start and returns the frames at `indices`, in the order given (duplicates
  // and any order allowed; e.g. np.linspace(0, n-1, N) rounded). Decodes sequentially, keeping
  // only the requested frames. kInvalidArgument for an index < 0 or >= the frames decoded.
  core::Result<std::vector<core::ImageRgba8>> ReadFrames(std::span<const int64_t> indices);

  // Decodes every frame from the start and returns how many there are (like
  // `ffprobe -count_frames`); the reader is left at the end.
  core::Result<int64_t> CountFrames();

  struct Impl;

 private:
  explicit VideoReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace synth4d::encode
