#include "synth4d/encode/image_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "synth4d/core/check.h"

namespace synth4d::encode {

namespace {

void CheckComparable(const core::ImageRgba8& a, const core::ImageRgba8& b) {
  SYNTH4D_CHECK(a.width == b.width && a.height == b.height && a.channels == 4 && b.channels == 4 &&
                a.pixels.size() == b.pixels.size())
      << a.width << "x" << a.height << "x" << a.channels << " vs " << b.width << "x" << b.height
      << "x" << b.channels;
}

uint8_t ClampByte(double v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

}  // namespace

double PsnrRgb(const core::ImageRgba8& a, const core::ImageRgba8& b) {
  CheckComparable(a, b);
  double sum_sq = 0.0;
  const size_t n = a.pixels.size() / 4;
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < 3; ++c) {
      const double d = static_cast<double>(a.pixels[i * 4 + c]) - b.pixels[i * 4 + c];
      sum_sq += d * d;
    }
  }
  if (sum_sq == 0.0 || n == 0) return std::numeric_limits<double>::infinity();
  const double mse = sum_sq / static_cast<double>(n * 3);
  return 10.0 * std::log10(255.0 * 255.0 / mse);
}

int MaxAbsDiffRgb(const core::ImageRgba8& a, const core::ImageRgba8& b) {
  CheckComparable(a, b);
  int worst = 0;
  const size_t n = a.pixels.size() / 4;
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < 3; ++c) {
      worst =
          std::max(worst, std::abs(static_cast<int>(a.pixels[i * 4 + c]) - b.pixels[i * 4 + c]));
    }
  }
  return worst;
}

core::ImageRgba8 MakeMovingPattern(int width, int height, int frame_index, bool colour_disc) {
  SYNTH4D_CHECK(width > 0 && height > 0);
  core::ImageRgba8 image(width, height, 4, 255);
  const double t = frame_index;
  // The same scene at every resolution: lengths and speeds scale with the short side S, and at
  // S = 448 the numbers below are in pixels.
  const double scale = std::min(width, height) / 448.0;
  // Checker cells of S/8 (56 px at 448) scrolling diagonally 2.5 px/frame at 448: sharp
  // (non-anti-aliased) edges that land on odd and even pixels.
  const double cell = 56.0 * scale;
  const double shift = 2.5 * scale * t;
  // A saturated red disc of radius S/6 moving right 1.7 px/frame at 448 (wrapping around).
  const double radius = std::min(width, height) / 6.0;
  const double span = width + 2.0 * radius;
  const double cx = std::fmod(0.25 * width + 1.7 * scale * t, span) - radius;
  const double cy = 0.55 * height;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double u = static_cast<double>(x) / width;
      const double v = static_cast<double>(y) / height;
      // Smooth colour gradient, slowly changing over time.
      double r = 50.0 + 150.0 * u;
      double g = 60.0 + 120.0 * v;
      double b = 120.0 + 60.0 * std::sin(6.2831853 * (u + v) + 0.05 * t);
      // Luminance checker: add or subtract the same amount from R, G and B (a pure luma edge).
      const long cx_cell = static_cast<long>(std::floor((x + shift) / cell));
      const long cy_cell = static_cast<long>(std::floor((y + shift) / cell));
      const double lum = ((cx_cell + cy_cell) % 2 == 0) ? 45.0 : -45.0;
      r += lum;
      g += lum;
      b += lum;
      const double dx = x + 0.5 - cx;
      const double dy = y + 0.5 - cy;
      if (colour_disc && dx * dx + dy * dy <= radius * radius) {
        r = 220.0;
        g = 35.0;
        b = 40.0;
      }
      image.at(x, y, 0) = ClampByte(r);
      image.at(x, y, 1) = ClampByte(g);
      image.at(x, y, 2) = ClampByte(b);
    }
  }
  return image;
}

}  // namespace synth4d::encode
