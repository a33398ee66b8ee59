#include "synth4d/evaluator/frames.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "synth4d/core/frames.h"

namespace synth4d::evaluator {

using core::ErrorCode;
using core::MakeError;

std::vector<int64_t> SampleFrameIndices(int64_t frame_count, double video_fps,
                                        const FrameSampling& sampling) {
  std::vector<int64_t> indices;
  if (sampling.end_frame >= 0) frame_count = std::min(frame_count, sampling.end_frame);
  if (frame_count <= 0) return indices;
  auto uniform = [frame_count](int64_t wanted) {
    const auto n = static_cast<int>(std::min<int64_t>(frame_count, INT32_MAX));
    const auto k = static_cast<int>(std::clamp<int64_t>(wanted, 1, frame_count));
    const std::vector<int> picked = core::UniformFrames(n, k);  // the frames QA was checked on
    return std::vector<int64_t>(picked.begin(), picked.end());
  };
  if (sampling.fps > 0.0 && video_fps > 0.0) {
    const double step = video_fps / sampling.fps;
    for (int64_t k = 0;; ++k) {
      const auto index = static_cast<int64_t>(std::floor(static_cast<double>(k) * step + 1e-9));
      if (index >= frame_count) break;
      indices.push_back(index);
    }
    if (sampling.max_frames > 0 && static_cast<int64_t>(indices.size()) > sampling.max_frames) {
      return uniform(sampling.max_frames);
    }
    return indices;
  }
  return uniform(sampling.frames);
}

#ifndef SYNTH4D_EVAL_HAS_VIDEO_READER
core::Result<std::unique_ptr<FrameSource>> MakeVideoFrameSource() {
  return MakeError(
      ErrorCode::kUnavailable,
      "video decoding needs generator/encode (synth4d_encode), which this build lacks; "
      "use --blind or build with generator/encode");
}
#endif

core::Result<std::string> EncodeJpeg(const core::ImageRgba8& image, int quality) {
  SYNTH4D_CHECK(image.channels == 4) << "EncodeJpeg expects RGBA8, got " << image.channels;
  const std::unique_ptr<void, decltype(&tjDestroy)> handle(tjInitCompress(), &tjDestroy);
  if (!handle) return MakeError(ErrorCode::kInternal, "tjInitCompress failed");
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;  // NOLINT(runtime/int): the turbojpeg API type
  const int rc =
      tjCompress2(handle.get(), image.pixels.data(), image.width, 0, image.height, TJPF_RGBA, &jpeg,
                  &size, TJSAMP_420, std::clamp(quality, 1, 100), TJFLAG_FASTDCT);
  const std::unique_ptr<unsigned char, decltype(&tjFree)> owned(jpeg, &tjFree);
  if (rc != 0) {
    return MakeError(ErrorCode::kInternal,
                     std::string("JPEG encoding failed: ") + tjGetErrorStr2(handle.get()));
  }
  return std::string(reinterpret_cast<const char*>(jpeg), size);
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                       (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace synth4d::evaluator
