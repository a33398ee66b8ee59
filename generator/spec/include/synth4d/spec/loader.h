#pragma once
// Scene specs: YAML -> ResolvedScene. The language is documented in docs/scene-spec.md.
// Every problem of a file is reported at once: kInvalidArgument with one core::Issue per problem
// (where = "file:line:col", field = "objects[2].motion.segments[0].speed", message).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "synth4d/assets/mesh_loader.h"
#include "synth4d/core/result.h"
#include "synth4d/spec/scene.h"

namespace synth4d::spec {

// Bounding-box extents (m) of a mesh file loaded with `up`; kNotFound / kInvalidArgument on
// failure.
using MeshExtentsFn =
    std::function<core::Result<glm::dvec3>(const std::filesystem::path&, assets::UpAxis)>;

struct ResolveOptions {
  // Dataset seed; unset = the spec's `clip.seed` (0 when absent). Ignored for resolved files.
  std::optional<uint64_t> dataset_seed;
  // Clip index within the dataset. Ignored for resolved files (they pin their clip seed).
  uint64_t clip_index = 0;
  // Mesh probe; empty = assets::LoadMesh + bounds (tests and the fuzzer pass a stub).
  MeshExtentsFn mesh_extents;
};

// Reads, validates and resolves the spec at `path`: every distribution sampled from one Rng seeded
// with core::ClipSeed(dataset_seed, file stem, clip_index). kNotFound if the file is missing.
core::Result<ResolvedScene> ResolveSpecFile(const std::filesystem::path& path,
                                            const ResolveOptions& options = {});

// Same as ResolveSpecFile for YAML `text`; `display_name` stands for the file (messages, the spec
// key = its stem, and the directory relative asset paths start from).
core::Result<ResolvedScene> ResolveSpecString(std::string_view text,
                                              const std::filesystem::path& display_name,
                                              const ResolveOptions& options = {});

// Checks the spec at `path` without sampling (keys, types, ranges, distributions, assets, names,
// references). Seeds in `options` are unused. kNotFound if the file is missing.
core::Status ValidateSpecFile(const std::filesystem::path& path,
                              const ResolveOptions& options = {});

// ValidateSpecFile for YAML `text` named `display_name`.
core::Status ValidateSpecString(std::string_view text, const std::filesystem::path& display_name,
                                const ResolveOptions& options = {});

}  // namespace synth4d::spec
