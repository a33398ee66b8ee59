#pragma once
// manifest.json (schema synth4d.dataset/1, docs/formats.md): what a dataset directory holds and
// how it was made. A run rewrites it (atomically) after every shard it completes, so a killed run
// can resume; `complete` turns true when every shard of the run is written.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/qa/balance.h"

namespace synth4d::shard {

inline constexpr const char* kManifestSchema = "synth4d.dataset/1";
inline constexpr const char* kManifestName = "manifest.json";

struct SpecRecord {
  std::string key;     // spec file stem: clip keys and seeds use it
  std::string path;    // as given to `generate`
  std::string sha256;  // of the spec file's bytes
  uint64_t dataset_seed = 0;
  int clips = 0;
  std::vector<std::string> held_out;  // held-out rules of its `dataset:` section, as text
};

struct SplitRecord {
  std::string name;
  double fraction = 0.0;
};

// Everything that decides the bytes of the dataset. A run resumes only a directory whose config
// is identical; merge joins only parts with identical configs.
struct DatasetConfig {
  std::vector<SpecRecord> specs;
  std::vector<SplitRecord> splits;
  std::string held_out_split = "test";
  int shard_samples = 0;  // samples per shard (whole clips; may exceed by cameras - 1)
  std::string renderer;   // "vulkan" or "fake"
  std::vector<std::pair<std::string, std::string>> settings;  // render, video and QA knobs
  std::string templates_sha256;  // of the QA template files (sorted by name)
  qa::BalanceOptions balance;    // applied per split to qa.json
};

// A shard on disk.
struct ShardRecord {
  std::string name;  // "<split>-<index:06d>.tar"
  std::string split;
  uint64_t bytes = 0;
  std::string sha256;
  int clips = 0;                    // clips packed (each gives one sample per camera)
  std::vector<std::string> keys;    // sample keys in shard order
  std::vector<std::string> failed;  // clips of this shard that failed (see failures)
};

// A clip that produced no sample.
struct FailureRecord {
  std::string key;  // clip key without the camera: "<spec>_<index:06d>"
  std::string spec;
  int index = 0;
  std::string stage;  // "sampling", "clip" (simulate/render/encode) or "qa"
  std::string code;   // core::ErrorCodeName
  std::string error;
};

struct SplitCounts {
  std::string name;
  int shards = 0;
  int clips = 0;           // scenes that produced samples
  int samples = 0;         // one per clip and camera
  int items = 0;           // questions in the shards' <key>.qa.json
  int balanced_items = 0;  // questions in <split>/qa.json
};

struct Manifest {
  std::string schema = kManifestSchema;
  std::string synth4d_version;
  bool complete = false;
  std::optional<std::pair<int, int>> part;  // (index, count) of a cluster part; none when whole
  DatasetConfig config;
  std::vector<std::string> layout;      // every shard name of the whole dataset, in order
  std::vector<ShardRecord> shards;      // written shards, in layout order
  std::vector<FailureRecord> failures;  // sorted by key
  std::vector<SplitCounts> counts;      // filled by Finalize (whole datasets only)

  // The record of shard `name`, or nullptr.
  const ShardRecord* FindShard(const std::string& name) const;
};

// Canonical JSON text of `config` (fixed key order), used to compare configs.
std::string ConfigToJson(const DatasetConfig& config);

// Serialises `manifest` as pretty JSON with a fixed key order.
std::string ManifestToJson(const Manifest& manifest);

// Parses manifest JSON; errors name `source` and the field.
core::Result<Manifest> ManifestFromJson(std::string_view json, const std::string& source);

// Reads DIR/manifest.json; kNotFound when absent.
core::Result<Manifest> ReadManifest(const std::filesystem::path& dir);

// Writes DIR/manifest.json atomically.
core::Status WriteManifest(const std::filesystem::path& dir, const Manifest& manifest);

// The file name of shard `index` of `split`: "<split>-<index:06d>.tar".
std::string ShardName(const std::string& split, int index);

}  // namespace synth4d::shard
