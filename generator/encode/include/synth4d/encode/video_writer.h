#pragma once
// VideoWriter: RGBA8 frames -> H.264 (libx264) in MP4, yuv420p, BT.601 limited range (video.h),
// `moov` before `mdat` (faststart). Encoding runs on a thread owned by the writer, fed by a
// bounded queue, so the caller can render the next frame while the previous ones are encoded.
//
// Crash safety: the file is written to core::TempPathFor(path) and renamed to `path` only by a
// successful Finish(). A writer destroyed without Finish(), or one that failed, deletes its
// temporary file and never creates `path`.
//
// Thread safety: one thread calls Write/Finish; the writer's own thread is internal.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "synth4d/core/image.h"
#include "synth4d/core/result.h"
#include "synth4d/encode/video.h"

namespace synth4d::encode {

struct VideoWriterOptions {
  int width = 0;   // pixels; must be even (4:2:0 chroma needs 2x2 blocks)
  int height = 0;  // pixels; must be even
  // Frames per second, converted exactly by FpsToRational (30 -> 30/1, 29.97 -> 30000/1001).
  double fps = 30.0;
  // When set, used instead of `fps` (e.g. {30000, 1001}).
  std::optional<Rational> fps_exact;
  // x264 constant rate factor, 0 (lossless) .. 51. 20 by default: on rendered-like frames at
  // 448x448 and 640x480 it stays within 0.6 dB mean RGB PSNR of CRF 18 (the usual "visually
  // lossless" point) for about 18% fewer bytes, above 35 dB on every frame; the 4:2:0 chroma floor
  // (about 40 dB on sharp colour edges) dominates either way. Figures: bench_encode, README.md.
  int crf = 20;
  // x264 preset: ultrafast superfast veryfast faster fast medium slow slower veryslow placebo.
  std::string preset = "veryfast";
  // x264 threads; 0 = x264's choice. 1 by default: the batch runs many clips in parallel.
  int threads = 1;
  // Frames queued for the encoder thread before Write() blocks (memory: depth * w * h * 4 bytes).
  int queue_depth = 4;
  // Largest keyframe interval in frames; 0 = x264's default (250).
  int keyint = 0;
};

class VideoWriter {
 public:
  // Validates `options`, creates the parent directory and the temporary file, and opens the
  // encoder. kInvalidArgument for bad options (odd size, crf, preset, fps); kIo if the file cannot
  // be created; kUnavailable if libx264 is missing; kInternal for other libav failures.
  static core::Result<VideoWriter> Open(const std::filesystem::path& path,
                                        const VideoWriterOptions& options);

  VideoWriter(VideoWriter&&) noexcept;
  VideoWriter& operator=(VideoWriter&&) noexcept;
  // Abandons an unfinished video: stops the encoder thread and deletes the temporary file.
  ~VideoWriter();

  // Queues one frame (width x height, 4 channels); blocks only while the queue is full.
  // kInvalidArgument for a wrong size (the writer stays usable); an earlier encoder or I/O error
  // is returned here (and by Finish) once it happens, and the writer is then dead.
  core::Status Write(core::ImageRgba8&& frame);
  // Copies `frame` and queues it (see the rvalue overload).
  core::Status Write(const core::ImageRgba8& frame);

  // Drains the queue, flushes the encoder, writes the MP4 index, fsyncs and renames the temporary
  // file to `path`. Any error deletes the temporary file. kInvalidArgument if no frame was written
  // or Finish already ran.
  core::Status Finish();

  // Frames accepted by Write so far.
  int64_t frames_written() const;
  // The exact frame rate of the stream.
  Rational fps() const;
  // The final path.
  const std::filesystem::path& path() const;

  struct Impl;

 private:
  explicit VideoWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace synth4d::encode
