#include "synth4d/shard/finalize.h"

#include <nlohmann/json.hpp>
#include <set>

#include "synth4d/core/file.h"
#include "synth4d/qa/balance.h"
#include "synth4d/shard/qa_files.h"
#include "synth4d/shard/webdataset.h"

namespace synth4d::shard {
namespace {

std::string FailuresJsonl(const std::vector<FailureRecord>& failures) {
  std::string out;
  for (const FailureRecord& f : failures) {
    out += nlohmann::ordered_json{{"key", f.key},     {"spec", f.spec}, {"index", f.index},
                                  {"stage", f.stage}, {"code", f.code}, {"error", f.error}}
               .dump() +
           "\n";
  }
  return out;
}

}  // namespace

core::Status FinalizeDataset(const std::filesystem::path& dir, Manifest& manifest) {
  if (manifest.part)
    return core::InvalidArgument("a cluster part is finalized by `synth4d merge`, not alone");
  std::set<std::string> seen;
  CategoryCounts categories;
  manifest.counts.clear();
  for (const SplitRecord& split : manifest.config.splits) {
    SplitCounts counts;
    counts.name = split.name;
    std::vector<qa::QaItem> items;
    std::map<std::string, std::string> shard_of_key;
    for (const std::string& name : manifest.layout) {
      const ShardRecord* record = manifest.FindShard(name);
      if (record == nullptr)
        return core::InvalidArgument(dir.string() + ": shard " + name + " is missing");
      if (record->split != split.name) continue;
      SYNTH4D_ASSIGN_OR_RETURN(std::vector<Sample> samples, ReadShard(dir / name, {"qa.json"}));
      ++counts.shards;
      counts.clips += record->clips;
      for (const Sample& sample : samples) {
        if (!seen.insert(sample.key).second) {
          return core::InvalidArgument(dir.string() + ": sample key " + sample.key +
                                       " is in two shards");
        }
        ++counts.samples;
        shard_of_key[sample.key] = name;
        const Sample::Field* qa_field = sample.Find("qa.json");
        if (qa_field == nullptr)
          return core::InvalidArgument(name + ": sample " + sample.key + " has no qa.json");
        SYNTH4D_ASSIGN_OR_RETURN(std::vector<qa::QaItem> clip_items,
                                 ParseQaJson(qa_field->data, name + ":" + sample.key + ".qa.json"));
        counts.items += static_cast<int>(clip_items.size());
        for (qa::QaItem& item : clip_items) items.push_back(std::move(item));
      }
    }
    items = qa::Balance(std::move(items), manifest.config.balance);
    counts.balanced_items = static_cast<int>(items.size());
    for (const qa::QaItem& item : items) ++categories[split.name][item.category];
    SYNTH4D_RETURN_IF_ERROR(
        core::WriteFileAtomic(dir / split.name / "qa.json", QaJsonText(items, split.name)));
    SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / split.name / "metadata.jsonl",
                                                  MetadataJsonl(items, split.name, shard_of_key)));
    manifest.counts.push_back(counts);
  }
  SYNTH4D_RETURN_IF_ERROR(
      core::WriteFileAtomic(dir / "failures.jsonl", FailuresJsonl(manifest.failures)));
  manifest.complete = true;
  SYNTH4D_RETURN_IF_ERROR(
      core::WriteFileAtomic(dir / "README.md", DatasetCard(manifest, categories)));
  return WriteManifest(dir, manifest);
}

}  // namespace synth4d::shard
