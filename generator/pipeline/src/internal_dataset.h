#pragma once
// Internals of the dataset layer: one clip made and staged as sample files, and read back.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/pipeline/clip.h"
#include "synth4d/spec/loader.h"

namespace synth4d::pipeline::internal {

// One sample staged as files "<key>.<field>" in its clip's staging directory.
struct StagedSample {
  std::string key;
  std::vector<std::string> fields;  // "mp4", "qa.json", "truth.json"
};

// Why a clip failed: the stage ("sampling", "clip", "qa") and the error.
struct ClipFailure {
  std::string stage;
  core::Error error;
};

// Resolves clip `index` of the spec whose YAML is `text` (read from `path`).
core::Result<spec::ResolvedScene> ResolveClip(const std::string& text,
                                              const std::filesystem::path& path,
                                              std::optional<uint64_t> seed, int index,
                                              const spec::MeshExtentsFn& mesh_extents);

// Makes a clip into `dir` (replaced): RunClip (with options.qa set), then for each camera (and
// contrast twin) the sample files <key>.mp4, <key>.truth.json and <key>.qa.json; writes
// dir/result.json (each file's size and SHA-256) last, so a directory with it is whole. On failure `dir` is removed and `failure`
// says why.
std::optional<std::vector<StagedSample>> MakeClip(const spec::ResolvedScene& scene,
                                                  const ClipOptions& options,
                                                  renderer::Renderer* renderer,
                                                  const std::filesystem::path& dir,
                                                  ClipFailure* failure);

// The samples of a whole staged clip, or nullopt when dir/result.json is missing or any file it
// lists differs from the size and SHA-256 recorded when the clip was staged (then it is redone).
std::optional<std::vector<StagedSample>> ReadStagedClip(const std::filesystem::path& dir);

// A SHA-256 over the *.yaml files of `dir`, by sorted name (name and bytes of each).
core::Result<std::string> TemplatesSha256(const std::filesystem::path& dir);

}  // namespace synth4d::pipeline::internal
