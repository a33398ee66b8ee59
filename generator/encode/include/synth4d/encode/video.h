#pragma once
// Types shared by the video writer and reader: exact frame rates and the colour conventions.
//
// Colour conventions of every video synth4d writes (and what the reader assumes for untagged
// files): frames are sRGB-encoded RGBA8; the alpha channel is dropped. RGB -> Y'CbCr uses the
// BT.601 matrix with limited ("MPEG", "TV") range: Y' in [16, 235], Cb/Cr in [16, 240], 4:2:0
// chroma subsampling (yuv420p). The stream is tagged accordingly:
//   matrix_coefficients      = SMPTE 170M (BT.601)     -- the matrix libyuv applies
//   color_range              = MPEG (limited)           -- the range libyuv produces
//   color_primaries          = BT.709                   -- sRGB primaries are the BT.709 primaries
//   transfer_characteristics = IEC 61966-2-1 (sRGB)     -- the pixels are sRGB-encoded
// libyuv converts only matrix and range; primaries and transfer are passed through untouched, so
// tagging them as sRGB describes the pixels exactly.
#include <cstdint>
#include <string>

#include "synth4d/core/result.h"

namespace synth4d::encode {

// An exact rational number (frames per second, or seconds per tick). num > 0, den > 0.
struct Rational {
  int num = 0;
  int den = 1;

  // The value as a double.
  double ToDouble() const { return static_cast<double>(num) / den; }
  friend bool operator==(const Rational&, const Rational&) = default;
};

// Converts a frame rate in frames/s to an exact rational: integers within 1e-3 become n/1;
// NTSC rates (n*1000/1001, e.g. 23.976, 29.97, 59.94) within 1e-3 become n*1000/1001; other
// values use the nearest rational with num, den <= 100000. kInvalidArgument if fps is not finite,
// <= 0 or > 1000.
core::Result<Rational> FpsToRational(double fps);

// Verbosity of libav* (and libx264, which logs through libav) on stderr. The level is global
// to the process; main() should choose it (libav's default, kInfo, prints x264 statistics for
// every clip).
enum class LibavLogLevel { kQuiet, kError, kWarning, kInfo };

// Sets libav's global log level (see LibavLogLevel).
void SetLibavLogLevel(LibavLogLevel level);

}  // namespace synth4d::encode
