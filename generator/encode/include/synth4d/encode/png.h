#pragma once
// PNG files (libpng): 8-bit colour frames and 16-bit depth maps in millimetres. Writes are
// atomic (core::WriteFileAtomic); 8-bit files carry an sRGB chunk, 16-bit depth files none.
#include <cstdint>
#include <filesystem>

#include "synth4d/core/image.h"
#include "synth4d/core/result.h"

namespace synth4d::encode {

// Depth in millimetres, 1 channel; 0 = no data or out of range.
using ImageDepthMm = core::Image<uint16_t>;

// Largest depth a 16-bit millimetre PNG holds: 65535 mm.
inline constexpr double kMaxDepthPngMetres = 65.535;

enum class PngColor {
  kAsIs,  // write the image's channels: 1 = gray, 3 = RGB, 4 = RGBA
  kRgb,   // drop alpha from a 4-channel image (3-channel images are written as they are)
};

// Writes an 8-bit image (1, 3 or 4 channels) to `path`. kInvalidArgument for an empty image or
// another channel count; kIo if the file cannot be written.
core::Status WritePng(const std::filesystem::path& path, const core::ImageRgba8& image,
                      PngColor color = PngColor::kAsIs);

// Reads a PNG as 4-channel RGBA8 (gray, RGB and palette are expanded, alpha 255 where absent,
// 16-bit reduced to 8). kNotFound if missing; kInvalidArgument if not a valid PNG.
core::Result<core::ImageRgba8> ReadPng(const std::filesystem::path& path);

// Converts metres (camera z) to millimetres, rounded to nearest: non-finite, <= 0, below 0.5 mm
// or beyond kMaxDepthPngMetres become 0 ("no data"). The image must have 1 channel (CHECK).
ImageDepthMm DepthToMillimetres(const core::ImageDepth& depth_m);

// Writes a 1-channel uint16 millimetre depth map as a 16-bit grayscale PNG. kInvalidArgument for
// an empty image or channels != 1; kIo if the file cannot be written.
core::Status WriteDepthPng16(const std::filesystem::path& path, const ImageDepthMm& depth_mm);

// Converts metres with DepthToMillimetres and writes a 16-bit PNG (see above).
core::Status WriteDepthPng16(const std::filesystem::path& path, const core::ImageDepth& depth_m);

// Reads a 16-bit grayscale PNG as millimetres. kNotFound if missing; kInvalidArgument if not a
// valid PNG or not 16-bit grayscale.
core::Result<ImageDepthMm> ReadDepthPng16(const std::filesystem::path& path);

}  // namespace synth4d::encode
