#include "synth4d/shard/unpack.h"

#include <system_error>

#include "synth4d/core/file.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/shard/tar.h"

namespace synth4d::shard {

namespace fs = std::filesystem;

namespace {

// True when `path` is a regular file of `size` bytes (a finished earlier copy: copies are atomic).
bool HasCopy(const fs::path& path, uint64_t size) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && fs::file_size(path, ec) == size && !ec;
}

}  // namespace

core::Result<UnpackSummary> UnpackMembers(const fs::path& dataset_dir, const std::string& split,
                                          const std::set<std::string>& names,
                                          const fs::path& out_dir) {
  SYNTH4D_ASSIGN_OR_RETURN(Manifest manifest, ReadManifest(dataset_dir));
  bool known = false;
  for (const SplitRecord& record : manifest.config.splits) known = known || record.name == split;
  if (!known) {
    std::string list;
    for (const SplitRecord& record : manifest.config.splits) {
      list += (list.empty() ? "" : ", ") + record.name;
    }
    return core::InvalidArgument(dataset_dir.string() + ": no split `" + split +
                                 "` (the dataset has " + list + ")");
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec)
    return core::MakeError(core::ErrorCode::kIo,
                           out_dir.string() + ": cannot create: " + ec.message());
  core::RemoveTemporaries(out_dir);
  UnpackSummary summary;
  std::set<std::string> missing = names;
  for (const ShardRecord& shard : manifest.shards) {
    if (shard.split != split || missing.empty()) continue;
    SYNTH4D_ASSIGN_OR_RETURN(TarReader reader, TarReader::Open(dataset_dir / shard.name));
    while (true) {
      SYNTH4D_ASSIGN_OR_RETURN(std::optional<TarEntry> entry, reader.Next());
      if (!entry.has_value()) break;
      if (missing.erase(entry->name) == 0) continue;
      const fs::path target = out_dir / entry->name;
      if (HasCopy(target, entry->size)) {
        ++summary.kept;
        continue;
      }
      SYNTH4D_ASSIGN_OR_RETURN(std::string data, reader.ReadData());
      SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(target, data));
      ++summary.written;
    }
  }
  if (!missing.empty()) {
    return core::MakeError(
        core::ErrorCode::kNotFound,
        dataset_dir.string() + ": no shard of split `" + split + "` holds " + *missing.begin());
  }
  return summary;
}

}  // namespace synth4d::shard
