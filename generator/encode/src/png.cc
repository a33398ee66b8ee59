#include "synth4d/encode/png.h"

#include <png.h>

#include <bit>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "synth4d/core/check.h"
#include "synth4d/core/file.h"

namespace synth4d::encode {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::MakeError;
using core::Status;

namespace {

// libpng reports errors by longjmp. The functions that call setjmp below touch only raw pointers
// and caller-owned objects, and no C++ object with a destructor lives between setjmp and a
// longjmp, so the jump never skips a destructor.
struct PngErrorState {
  char message[256] = {};
};

[[noreturn]] void OnPngError(png_structp png, png_const_charp msg) {
  auto* state = static_cast<PngErrorState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof(state->message), "%s", msg);
  png_longjmp(png, 1);
}

void OnPngWarning(png_structp, png_const_charp) {}

void WriteToString(png_structp png, png_bytep data, size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))
      ->append(reinterpret_cast<const char*>(data), length);
}

void FlushNothing(png_structp) {}

struct ReadCursor {
  const unsigned char* data = nullptr;
  size_t size = 0;
  size_t pos = 0;
};

void ReadFromCursor(png_structp png, png_bytep out, size_t length) {
  auto* cursor = static_cast<ReadCursor*>(png_get_io_ptr(png));
  if (length > cursor->size - cursor->pos) png_error(png, "file is truncated");
  std::memcpy(out, cursor->data + cursor->pos, length);
  cursor->pos += length;
}

struct EncodeJob {
  int width = 0;
  int height = 0;
  int bit_depth = 8;
  int color_type = PNG_COLOR_TYPE_RGB_ALPHA;
  bool srgb = false;
  bool swap16 = false;        // 16-bit samples are host little-endian; PNG wants big-endian
  png_bytep* rows = nullptr;  // height row pointers
  std::string* out = nullptr;
};

// Encodes `job` into *job.out; false with state->message on failure.
bool EncodePng(const EncodeJob& job, PngErrorState* state) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, state, OnPngError, OnPngWarning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, job.out, WriteToString, FlushNothing);
  png_set_IHDR(png, info, static_cast<png_uint_32>(job.width), static_cast<png_uint_32>(job.height),
               job.bit_depth, job.color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (job.srgb) png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
  png_write_info(png, info);
  if (job.swap16) png_set_swap(png);
  png_write_image(png, job.rows);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

enum class DecodeTarget { kRgba8, kGray16 };

struct DecodeJob {
  ReadCursor cursor;
  DecodeTarget target = DecodeTarget::kRgba8;
  // Outputs, owned by the caller.
  int width = 0;
  int height = 0;
  std::vector<unsigned char>* pixels = nullptr;  // RGBA8 or host-endian uint16 bytes
  std::vector<png_bytep>* rows = nullptr;
  bool wrong_type = false;  // set when kGray16 meets a non-16-bit-gray file
};

bool DecodePng(DecodeJob* job, PngErrorState* state) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, state, OnPngError, OnPngWarning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, &job->cursor, ReadFromCursor);
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  const int bit_depth = png_get_bit_depth(png, info);
  const int color_type = png_get_color_type(png, info);
  if (width == 0 || height == 0 || width > 65535 || height > 65535) {
    png_error(png, "unsupported image size");
  }
  size_t bytes_per_pixel = 4;
  if (job->target == DecodeTarget::kRgba8) {
    png_set_expand(png);  // palette -> RGB, gray < 8 bits -> 8 bits, tRNS -> alpha
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    if (!(color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS)) {
      png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    }
  } else {
    if (color_type != PNG_COLOR_TYPE_GRAY || bit_depth != 16) {
      job->wrong_type = true;
      png_destroy_read_struct(&png, &info, nullptr);
      return false;
    }
    if constexpr (std::endian::native == std::endian::little) png_set_swap(png);
    bytes_per_pixel = 2;
  }
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const size_t row_bytes = png_get_rowbytes(png, info);
  if (row_bytes != width * bytes_per_pixel) png_error(png, "unexpected row size after transforms");
  job->pixels->resize(row_bytes * height);
  job->rows->resize(height);
  for (png_uint_32 y = 0; y < height; ++y) (*job->rows)[y] = job->pixels->data() + y * row_bytes;
  png_read_image(png, job->rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  job->width = static_cast<int>(width);
  job->height = static_cast<int>(height);
  return true;
}

Status WriteEncoded(const fs::path& path, EncodeJob job) {
  std::string bytes;
  job.out = &bytes;
  PngErrorState state;
  if (!EncodePng(job, &state)) {
    return MakeError(ErrorCode::kInternal,
                     path.string() + ": PNG encoding failed: " + std::string(state.message));
  }
  return core::WriteFileAtomic(path, bytes);
}

// Reads and decodes `path`; on success fills `pixels` (see DecodeJob) and the size.
Status ReadDecoded(const fs::path& path, DecodeTarget target, std::vector<unsigned char>* pixels,
                   int* width, int* height) {
  SYNTH4D_ASSIGN_OR_RETURN(const std::string bytes, core::ReadFile(path));
  std::vector<png_bytep> rows;
  DecodeJob job;
  job.cursor = {reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), 0};
  job.target = target;
  job.pixels = pixels;
  job.rows = &rows;
  PngErrorState state;
  if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, path.string() + ": not a PNG file");
  }
  if (!DecodePng(&job, &state)) {
    if (job.wrong_type) {
      return MakeError(ErrorCode::kInvalidArgument,
                       path.string() + ": not a 16-bit grayscale PNG (depth in millimetres)");
    }
    return MakeError(ErrorCode::kInvalidArgument,
                     path.string() + ": invalid PNG: " + std::string(state.message));
  }
  *width = job.width;
  *height = job.height;
  return core::Ok();
}

}  // namespace

Status WritePng(const fs::path& path, const core::ImageRgba8& image, PngColor color) {
  const int c = image.channels;
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<size_t>(image.width) * image.height * c) {
    return MakeError(ErrorCode::kInvalidArgument, path.string() + ": empty or inconsistent image");
  }
  if (c != 1 && c != 3 && c != 4) {
    return MakeError(ErrorCode::kInvalidArgument,
                     path.string() + ": " + std::to_string(c) + " channels; PNG takes 1, 3 or 4");
  }
  const bool drop_alpha = c == 4 && color == PngColor::kRgb;
  std::vector<unsigned char> rgb;  // only when dropping alpha
  if (drop_alpha) {
    rgb.resize(static_cast<size_t>(image.width) * image.height * 3);
    const size_t n = static_cast<size_t>(image.width) * image.height;
    for (size_t i = 0; i < n; ++i) {
      rgb[i * 3 + 0] = image.pixels[i * 4 + 0];
      rgb[i * 3 + 1] = image.pixels[i * 4 + 1];
      rgb[i * 3 + 2] = image.pixels[i * 4 + 2];
    }
  }
  const int out_channels = drop_alpha ? 3 : c;
  unsigned char* base =
      drop_alpha ? rgb.data() : const_cast<unsigned char*>(image.pixels.data());  // libpng API
  std::vector<png_bytep> rows(static_cast<size_t>(image.height));
  for (int y = 0; y < image.height; ++y) {
    rows[static_cast<size_t>(y)] = base + static_cast<size_t>(y) * image.width * out_channels;
  }
  EncodeJob job;
  job.width = image.width;
  job.height = image.height;
  job.bit_depth = 8;
  job.color_type = out_channels == 1   ? PNG_COLOR_TYPE_GRAY
                   : out_channels == 3 ? PNG_COLOR_TYPE_RGB
                                       : PNG_COLOR_TYPE_RGB_ALPHA;
  job.srgb = true;
  job.rows = rows.data();
  return WriteEncoded(path, job);
}

core::Result<core::ImageRgba8> ReadPng(const fs::path& path) {
  std::vector<unsigned char> pixels;
  int width = 0;
  int height = 0;
  SYNTH4D_RETURN_IF_ERROR(ReadDecoded(path, DecodeTarget::kRgba8, &pixels, &width, &height));
  core::ImageRgba8 image;
  image.width = width;
  image.height = height;
  image.channels = 4;
  image.pixels = std::move(pixels);
  return image;
}

ImageDepthMm DepthToMillimetres(const core::ImageDepth& depth_m) {
  SYNTH4D_CHECK(depth_m.channels == 1) << "depth image has " << depth_m.channels << " channels";
  ImageDepthMm out(depth_m.width, depth_m.height, 1, 0);
  for (size_t i = 0; i < depth_m.pixels.size(); ++i) {
    const double d = depth_m.pixels[i];
    if (!std::isfinite(d) || d <= 0.0) continue;
    const double mm = std::round(d * 1000.0);
    if (mm < 1.0 || mm > 65535.0) continue;  // below 0.5 mm or beyond 65.535 m: no data
    out.pixels[i] = static_cast<uint16_t>(mm);
  }
  return out;
}

Status WriteDepthPng16(const fs::path& path, const ImageDepthMm& depth_mm) {
  if (depth_mm.width <= 0 || depth_mm.height <= 0 || depth_mm.channels != 1 ||
      depth_mm.pixels.size() != static_cast<size_t>(depth_mm.width) * depth_mm.height) {
    return MakeError(ErrorCode::kInvalidArgument,
                     path.string() + ": depth PNG needs a non-empty 1-channel image");
  }
  std::vector<png_bytep> rows(static_cast<size_t>(depth_mm.height));
  auto* base = reinterpret_cast<unsigned char*>(const_cast<uint16_t*>(depth_mm.pixels.data()));
  for (int y = 0; y < depth_mm.height; ++y) {
    rows[static_cast<size_t>(y)] = base + static_cast<size_t>(y) * depth_mm.width * 2;
  }
  EncodeJob job;
  job.width = depth_mm.width;
  job.height = depth_mm.height;
  job.bit_depth = 16;
  job.color_type = PNG_COLOR_TYPE_GRAY;
  job.srgb = false;  // linear data, not a colour
  job.swap16 = std::endian::native == std::endian::little;
  job.rows = rows.data();
  return WriteEncoded(path, job);
}

Status WriteDepthPng16(const fs::path& path, const core::ImageDepth& depth_m) {
  if (depth_m.channels != 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     path.string() + ": depth image must have 1 channel");
  }
  return WriteDepthPng16(path, DepthToMillimetres(depth_m));
}

core::Result<ImageDepthMm> ReadDepthPng16(const fs::path& path) {
  std::vector<unsigned char> bytes;
  int width = 0;
  int height = 0;
  SYNTH4D_RETURN_IF_ERROR(ReadDecoded(path, DecodeTarget::kGray16, &bytes, &width, &height));
  ImageDepthMm out(width, height, 1, 0);
  std::memcpy(out.pixels.data(), bytes.data(), bytes.size());
  return out;
}

}  // namespace synth4d::encode
