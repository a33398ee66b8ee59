#include "png_io.h"

#include <png.h>

#include <cstring>

namespace synth4d::test {

core::Result<core::ImageRgba8> ReadPng(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) {
    return core::MakeError(core::ErrorCode::kNotFound, "no such PNG: " + path.string());
  }
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, path.c_str())) {
    return core::MakeError(core::ErrorCode::kIo, path.string() + ": " + png.message);
  }
  png.format = PNG_FORMAT_RGBA;
  core::ImageRgba8 image(static_cast<int>(png.width), static_cast<int>(png.height), 4);
  if (!png_image_finish_read(&png, nullptr, image.pixels.data(), 0, nullptr)) {
    const std::string message = png.message;
    png_image_free(&png);
    return core::MakeError(core::ErrorCode::kIo, path.string() + ": " + message);
  }
  return image;
}

core::Status WritePng(const std::filesystem::path& path, const core::ImageRgba8& image) {
  if (image.channels != 4) return core::MakeError(core::ErrorCode::kInvalidArgument, "not RGBA");
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = PNG_FORMAT_RGBA;
  if (!png_image_write_to_file(&png, path.c_str(), 0, image.pixels.data(), 0, nullptr)) {
    return core::MakeError(core::ErrorCode::kIo, path.string() + ": " + png.message);
  }
  return core::Ok();
}

}  // namespace synth4d::test
