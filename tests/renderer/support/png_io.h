#pragma once
// Tiny PNG reader/writer for tests (libpng's simplified API): 8-bit RGBA only.
#include <filesystem>

#include "synth4d/core/image.h"
#include "synth4d/core/result.h"

namespace synth4d::test {

// Reads a PNG as 8-bit RGBA (any PNG colour type is converted); kNotFound / kIo on failure.
core::Result<core::ImageRgba8> ReadPng(const std::filesystem::path& path);
// Writes a 4-channel image as an RGBA PNG, creating parent directories; kIo on failure.
core::Status WritePng(const std::filesystem::path& path, const core::ImageRgba8& image);

}  // namespace synth4d::test
