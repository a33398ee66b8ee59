#pragma once
// Image comparison and synthetic test content for the encoder's tests and benchmarks.
#include "synth4d/core/image.h"

namespace synth4d::encode {

// PSNR in dB over the R, G, B channels of two RGBA8 images of the same size (alpha ignored);
// +infinity when identical. Different sizes or channel counts are a bug (CHECK).
double PsnrRgb(const core::ImageRgba8& a, const core::ImageRgba8& b);

// Largest absolute difference of any R, G or B sample (same preconditions as PsnrRgb).
int MaxAbsDiffRgb(const core::ImageRgba8& a, const core::ImageRgba8& b);

// A deterministic textured frame that moves with `frame_index`, the same scene at every size
// (lengths and speeds scale with the short side S; in pixels at S = 448): a smooth colour gradient
// background, a luminance checkerboard of 56 px cells with sharp edges scrolling diagonally
// 2.5 px/frame, and with `colour_disc` a saturated red disc (radius S/6) with a sharp edge moving
// right 1.7 px/frame -- roughly the statistics of a rendered synth4d clip. Sharp colour edges lose
// chroma to 4:2:0 subsampling, so the disc caps the PSNR any 4:2:0 codec can reach (about 31 dB
// at 64x48, 40 dB at 448x448; bench_encode prints it).
core::ImageRgba8 MakeMovingPattern(int width, int height, int frame_index, bool colour_disc = true);

}  // namespace synth4d::encode
