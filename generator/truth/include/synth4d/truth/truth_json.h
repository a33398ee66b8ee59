#pragma once
// truth.json (schema synth4d.truth/1, docs/formats.md): writing and reading VideoTruth.
#include <string>
#include <string_view>

#include "synth4d/core/result.h"
#include "synth4d/truth/video_truth.h"

namespace synth4d::truth {

// Serialises `truth` as pretty JSON. Values are rounded to fixed resolutions (1 um, 1e-9 for
// quaternions, 1e-3 px, 1e-6 for fractions), so FromJson(ToJson(t)) serialises identically.
std::string ToJson(const VideoTruth& truth);

// Parses truth.json; errors name `source` and the offending field.
core::Result<VideoTruth> FromJson(std::string_view json, const std::string& source);

}  // namespace synth4d::truth
