#pragma once
// RGBA8 (bytes R, G, B, A in memory) <-> I420 (yuv420p) with the BT.601 limited-range matrix,
// via libyuv. libyuv names formats by a little-endian 32-bit word, so our R,G,B,A byte order is
// libyuv's "ABGR": ABGRToI420 / I420ToABGR.
#include <cstdint>

namespace synth4d::encode::internal {

// Planes of a yuv420p picture (e.g. an AVFrame's data/linesize).
struct I420Planes {
  uint8_t* y = nullptr;
  int stride_y = 0;
  uint8_t* u = nullptr;
  int stride_u = 0;
  uint8_t* v = nullptr;
  int stride_v = 0;
};

struct ConstI420Planes {
  const uint8_t* y = nullptr;
  int stride_y = 0;
  const uint8_t* u = nullptr;
  int stride_u = 0;
  const uint8_t* v = nullptr;
  int stride_v = 0;
};

// RGBA8 -> I420, BT.601 limited range; chroma is the average of each 2x2 block. Even width and
// height expected (CHECK). Alpha is ignored.
void RgbaToI420(const uint8_t* rgba, int stride_rgba, int width, int height, const I420Planes& out);

enum class ChromaUpsampling {
  kNearest,   // each chroma sample covers its 2x2 block (libyuv I420ToABGR)
  kBilinear,  // interpolated between sample centres (3:1 / 9:3:3:1), matching the 2x2-average
              // (centre-sited) downsampling of RgbaToI420
};

// I420 -> RGBA8 (alpha 255), BT.601 limited range: the inverse of RgbaToI420 up to rounding
// and the chroma lost to 4:2:0.
void I420ToRgba(const ConstI420Planes& in, int width, int height, uint8_t* rgba, int stride_rgba,
                ChromaUpsampling upsampling = ChromaUpsampling::kBilinear);

}  // namespace synth4d::encode::internal
