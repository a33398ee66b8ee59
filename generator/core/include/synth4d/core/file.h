#pragma once
// File helpers. Every output is written to a temporary name and renamed into place, so a crash
// never leaves a partial file that looks complete.
#include <filesystem>
#include <string>
#include <string_view>

#include "synth4d/core/result.h"

namespace synth4d::core {

// Reads the whole file; kNotFound if missing, kIo on read failure.
Result<std::string> ReadFile(const std::filesystem::path& path);

// Writes `bytes` to `path` atomically (temp file in the same directory, fsync, rename).
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes);

// A temporary sibling name for `path` (".<name>.tmp-<pid>-<n>"), for writers that stream.
std::filesystem::path TempPathFor(const std::filesystem::path& path);

}  // namespace synth4d::core
