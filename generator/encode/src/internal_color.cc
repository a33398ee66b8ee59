#include "internal_color.h"

#include <libyuv/convert.h>
#include <libyuv/convert_argb.h>

#include "synth4d/core/check.h"

namespace synth4d::encode::internal {

void RgbaToI420(const uint8_t* rgba, int stride_rgba, int width, int height,
                const I420Planes& out) {
  SYNTH4D_CHECK(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0)
      << width << "x" << height;
  // "ABGR" in libyuv = R,G,B,A bytes in memory. libyuv's I420 is BT.601, limited range.
  const int rc = libyuv::ABGRToI420(rgba, stride_rgba, out.y, out.stride_y, out.u, out.stride_u,
                                    out.v, out.stride_v, width, height);
  SYNTH4D_CHECK(rc == 0) << "libyuv::ABGRToI420 failed: " << rc;
}

void I420ToRgba(const ConstI420Planes& in, int width, int height, uint8_t* rgba, int stride_rgba,
                ChromaUpsampling upsampling) {
  SYNTH4D_CHECK(width > 0 && height > 0) << width << "x" << height;
  // libyuv writes "ABGR" (R,G,B,A bytes) the way libyuv::I420ToABGR does: the ARGB kernel with U
  // and V swapped and the "YVU" constants. kYvuI601Constants = BT.601, limited range; A = 255.
  const libyuv::FilterMode filter =
      upsampling == ChromaUpsampling::kBilinear ? libyuv::kFilterBilinear : libyuv::kFilterNone;
  const int rc = libyuv::I420ToARGBMatrixFilter(in.y, in.stride_y, in.v, in.stride_v, in.u,
                                                in.stride_u, rgba, stride_rgba,
                                                &libyuv::kYvuI601Constants, width, height, filter);
  SYNTH4D_CHECK(rc == 0) << "libyuv::I420ToARGBMatrixFilter failed: " << rc;
}

}  // namespace synth4d::encode::internal
