#pragma once
// File helpers. Every output is written to a temporary name and renamed into place, so a crash
// never leaves a partial file that looks complete.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"

namespace synth4d::core {

// Reads the whole file; kNotFound if missing, kIo on read failure.
Result<std::string> ReadFile(const std::filesystem::path& path);

// Writes `bytes` to `path` atomically (temp file in the same directory, fsync, rename).
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes);

// A temporary sibling name for `path` (".<name>.tmp-<pid>-<n>"), for writers that stream.
std::filesystem::path TempPathFor(const std::filesystem::path& path);

// True for a name made by TempPathFor.
bool IsTempName(std::string_view file_name);

// Deletes what killed writers left under `dir` (files and folders named by TempPathFor), at any
// depth except inside folders named in `skip`. Returns how many it removed.
int RemoveTemporaries(const std::filesystem::path& dir,
                      const std::vector<std::string>& skip = {});

}  // namespace synth4d::core
