#include "synth4d/shard/merge.h"

#include <algorithm>
#include <map>

#include "synth4d/core/crash_point.h"
#include "synth4d/core/file.h"
#include "synth4d/shard/finalize.h"
#include "synth4d/shard/sha256.h"

namespace synth4d::shard {
namespace {

namespace fs = std::filesystem;

// Places `from` at `to` (hard link, or copy across file systems) under a temporary name first.
core::Status PlaceFile(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  // Already placed by an earlier, killed merge (rename(2) between two links of one file would do
  // nothing and leave the temporary name behind).
  if (fs::equivalent(from, to, ec)) return core::Ok();
  const fs::path tmp = core::TempPathFor(to);
  fs::create_hard_link(from, tmp, ec);
  if (ec) {
    ec.clear();
    fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  }
  if (!ec) fs::rename(tmp, to, ec);
  if (!ec) core::CrashPoint("merge.placed");
  if (ec) {
    fs::remove(tmp, ec);
    return core::MakeError(core::ErrorCode::kIo,
                           to.string() + ": cannot place shard: " + ec.message());
  }
  return core::Ok();
}

}  // namespace

core::Status VerifyShard(const fs::path& dir, const ShardRecord& record) {
  const fs::path path = dir / record.name;
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return core::MakeError(core::ErrorCode::kNotFound, path.string() + ": missing");
  if (size != record.bytes) {
    return core::InvalidArgument(path.string() + ": " + std::to_string(size) +
                                 " bytes, manifest says " + std::to_string(record.bytes));
  }
  SYNTH4D_ASSIGN_OR_RETURN(std::string sha, Sha256File(path));
  if (sha != record.sha256)
    return core::InvalidArgument(path.string() + ": sha256 differs from the manifest");
  return core::Ok();
}

core::Result<Manifest> MergeParts(const std::vector<fs::path>& parts, const fs::path& out) {
  if (parts.empty()) return core::InvalidArgument("merge: no parts given");
  std::vector<Manifest> manifests;
  for (const fs::path& dir : parts) {
    SYNTH4D_ASSIGN_OR_RETURN(Manifest m, ReadManifest(dir));
    if (!m.part)
      return core::InvalidArgument(dir.string() +
                                   ": not a cluster part (no `part` in its manifest)");
    if (!m.complete)
      return core::InvalidArgument(dir.string() + ": part is not complete; run it again to finish");
    manifests.push_back(std::move(m));
  }
  const Manifest& first = manifests.front();
  const int count = first.part->second;
  std::vector<int> seen(static_cast<size_t>(count), -1);
  for (size_t i = 0; i < manifests.size(); ++i) {
    const Manifest& m = manifests[i];
    const std::string where = parts[i].string() + ": ";
    if (ConfigToJson(m.config) != ConfigToJson(first.config) || m.layout != first.layout ||
        m.synth4d_version != first.synth4d_version) {
      return core::InvalidArgument(
          where + "made with another configuration or synth4d version than " + parts[0].string());
    }
    if (m.part->second != count)
      return core::InvalidArgument(where + "part of a run with another part count");
    const int index = m.part->first;
    if (index < 0 || index >= count || seen[static_cast<size_t>(index)] >= 0) {
      return core::InvalidArgument(where + "part " + std::to_string(index) +
                                   " given twice or out of range");
    }
    seen[static_cast<size_t>(index)] = static_cast<int>(i);
  }
  for (int p = 0; p < count; ++p) {
    if (seen[static_cast<size_t>(p)] < 0) {
      return core::InvalidArgument("merge: part " + std::to_string(p) + " of " +
                                   std::to_string(count) + " is missing");
    }
  }
  Manifest merged;
  merged.synth4d_version = first.synth4d_version;
  merged.config = first.config;
  merged.layout = first.layout;
  std::map<std::string, std::pair<const ShardRecord*, size_t>> shards;
  std::map<std::string, FailureRecord> failures;
  for (size_t i = 0; i < manifests.size(); ++i) {
    for (const ShardRecord& s : manifests[i].shards) {
      if (!shards.emplace(s.name, std::make_pair(&s, i)).second) {
        return core::InvalidArgument("merge: shard " + s.name + " is in two parts");
      }
    }
    for (const FailureRecord& f : manifests[i].failures) failures.emplace(f.key, f);
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return core::MakeError(core::ErrorCode::kIo, out.string() + ": " + ec.message());
  core::RemoveTemporaries(out, {".staging"});
  for (const std::string& name : merged.layout) {
    const auto found = shards.find(name);
    if (found == shards.end()) return core::InvalidArgument("merge: no part holds shard " + name);
    const auto& [record, part] = found->second;
    SYNTH4D_RETURN_IF_ERROR(VerifyShard(parts[part], *record));
    if (fs::absolute(parts[part] / name) != fs::absolute(out / name)) {
      SYNTH4D_RETURN_IF_ERROR(PlaceFile(parts[part] / name, out / name));
    }
    merged.shards.push_back(*record);
  }
  for (auto& [key, f] : failures) merged.failures.push_back(std::move(f));
  SYNTH4D_RETURN_IF_ERROR(FinalizeDataset(out, merged));
  return merged;
}

}  // namespace synth4d::shard
