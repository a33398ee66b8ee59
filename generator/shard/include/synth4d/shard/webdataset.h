#pragma once
// WebDataset shards: tar files where a sample is a run of adjacent members "<key>.<field>" sharing
// a key. Keys have no dots (the field starts at the first dot of the name) and no '/'.
// A shard is written under a temporary name and renamed when complete, so a file with a shard's
// final name is always whole.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/shard/tar.h"

namespace synth4d::shard {

// True for a valid sample key: 1+ characters from [A-Za-z0-9_-].
bool IsValidKey(std::string_view key);

// One member of a sample: `field` ("mp4", "truth.json") with its bytes, or a file to stream.
struct SampleField {
  std::string field;
  std::string data;  // used when `file` is empty
  std::filesystem::path file;
};

// A finished shard.
struct ShardSummary {
  std::string name;  // file name, e.g. "train-000003.tar"
  uint64_t bytes = 0;
  std::string sha256;
  std::vector<std::string> keys;  // in shard order
};

// Writes one shard: samples in the order added, each sample's fields sorted by field name.
class ShardWriter {
 public:
  // Starts `path` under core::TempPathFor(path). kIo if the file cannot be created.
  static core::Result<ShardWriter> Create(const std::filesystem::path& path);

  ShardWriter(ShardWriter&&) noexcept;
  ShardWriter& operator=(ShardWriter&&) noexcept;
  // Deletes the temporary file of an unfinished shard.
  ~ShardWriter();

  // Appends a sample. kInvalidArgument for an invalid or repeated key, no fields, an empty or
  // repeated field name.
  core::Status AddSample(const std::string& key, std::vector<SampleField> fields);
  // Finishes the archive (fsync) and renames it to its final path.
  core::Result<ShardSummary> Finish();
  // The keys of the samples added so far, in order.
  const std::vector<std::string>& keys() const { return keys_; }

 private:
  ShardWriter(std::filesystem::path path, std::filesystem::path tmp, TarWriter writer);
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  std::optional<TarWriter> writer_;
  std::vector<std::string> keys_;
  bool finished_ = false;
};

// A sample read back; fields not asked for have `data` empty and `size` set.
struct Sample {
  struct Field {
    std::string field;
    std::string data;
    uint64_t size = 0;
  };
  std::string key;
  std::vector<Field> fields;

  // The field called `name`, or nullptr.
  const Field* Find(std::string_view name) const;
};

// Reads a shard and checks the WebDataset rules: regular members named "<key>.<field>", keys
// valid, each key's members adjacent. `load` lists the fields whose bytes are read (empty: all).
// kInvalidArgument names the shard and the offending member.
core::Result<std::vector<Sample>> ReadShard(const std::filesystem::path& path,
                                            const std::vector<std::string>& load = {});

// Splits a member name into key and field at the first dot of its base name.
std::pair<std::string, std::string> SplitMemberName(std::string_view name);

}  // namespace synth4d::shard
