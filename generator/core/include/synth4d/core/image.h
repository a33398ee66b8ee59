#pragma once
// Plain row-major image buffers: RGBA8 colour, uint32 instance ids, float depth (metres).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace synth4d::core {

template <class T>
struct Image {
  int width = 0;
  int height = 0;
  int channels = 1;
  std::vector<T> pixels;  // row-major, top row first, channels interleaved

  Image() = default;
  Image(int w, int h, int c, T fill = T{})
      : width(w), height(h), channels(c), pixels(static_cast<size_t>(w) * h * c, fill) {}

  T& at(int x, int y, int c = 0) { return pixels[(static_cast<size_t>(y) * width + x) * channels + c]; }
  const T& at(int x, int y, int c = 0) const {
    return pixels[(static_cast<size_t>(y) * width + x) * channels + c];
  }
};

using ImageRgba8 = Image<uint8_t>;   // 4 channels, sRGB-encoded
using ImageId = Image<uint32_t>;     // 1 channel: instance id, 0 = background
using ImageDepth = Image<float>;     // 1 channel: metres along the camera z axis, +inf = nothing

// Instance id 0 is the background/ground; object i of a scene has id i + 1.
inline constexpr uint32_t kBackgroundId = 0;

}  // namespace synth4d::core
