// The dataset card README.md (docs/datasets.md): Hugging Face YAML front matter and a body.
#include <cstdio>
#include <set>

#include "synth4d/shard/finalize.h"

namespace synth4d::shard {
namespace {

// The hub's size bucket for `n` rows.
std::string SizeCategory(int n) {
  if (n < 1000) return "n<1K";
  if (n < 10000) return "1K<n<10K";
  if (n < 100000) return "10K<n<100K";
  if (n < 1000000) return "100K<n<1M";
  return "1M<n<10M";
}

std::string Shards(const std::string& split, int count) {
  if (count == 1) return ShardName(split, 0);
  char last[16];
  std::snprintf(last, sizeof(last), "%06d", count - 1);
  return split + "-{000000.." + last + "}.tar";
}

}  // namespace

std::string DatasetCard(const Manifest& m, const CategoryCounts& categories) {
  int samples = 0;
  for (const SplitCounts& c : m.counts) samples += c.samples;
  std::string y = "---\n";
  y += "license: cc-by-4.0\n";
  y += "task_categories:\n- video-text-to-text\n- visual-question-answering\n- multiple-choice\n";
  y += "language:\n- en\n";
  y += "tags:\n- synthetic\n- motion\n- video\n- spatial-reasoning\n";
  y += "size_categories:\n- " + SizeCategory(samples) + "\n";
  y += "pretty_name: synth4d motion questions\n";
  y += "configs:\n- config_name: default\n  data_files:\n";
  for (const SplitCounts& c : m.counts) {
    if (c.shards > 0) y += "  - split: " + c.name + "\n    path: \"" + c.name + "-*.tar\"\n";
  }
  y += "- config_name: questions\n  data_files:\n";
  for (const SplitCounts& c : m.counts) {
    if (c.balanced_items > 0) {
      y += "  - split: " + c.name + "\n    path: \"" + c.name + "/metadata.jsonl\"\n";
    }
  }
  y += "---\n\n";

  std::string b = "# synth4d motion questions\n\n";
  b += "Synthetic videos with exact ground truth and multiple-choice questions about motion, made "
       "by "
       "synth4d " +
       m.synth4d_version +
       ". Every answer is computed from the simulation and the "
       "rendered instance ids, never annotated by hand.\n\n";
  b += "## Splits\n\n| split | shards | clips | videos | questions generated | questions "
       "(balanced) |\n"
       "|---|---|---|---|---|---|\n";
  for (const SplitCounts& c : m.counts) {
    b += "| " + c.name + " | " + std::to_string(c.shards) + " | " + std::to_string(c.clips) +
         " | " + std::to_string(c.samples) + " | " + std::to_string(c.items) + " | " +
         std::to_string(c.balanced_items) + " |\n";
  }
  b += "\nA clip is one simulated scene; each of its cameras gives one video (one sample). Splits "
       "are drawn per clip from a hash of its key, so the cameras of a scene never straddle "
       "splits";
  bool held_out = false;
  for (const SpecRecord& s : m.config.specs) held_out = held_out || !s.held_out.empty();
  b += held_out ? "; clips matching a held-out rule (below) are only in `" +
                      m.config.held_out_split + "`.\n\n"
                : ".\n\n";
  std::set<std::string> names;
  for (const auto& [split, counts] : categories) {
    for (const auto& [category, n] : counts) names.insert(category);
  }
  if (!names.empty()) {
    b += "## Question categories (balanced)\n\n| category |";
    std::string rule = "|---|";
    for (const SplitCounts& c : m.counts) {
      b += " " + c.name + " |";
      rule += "---|";
    }
    b += "\n" + rule + "\n";
    for (const std::string& category : names) {
      b += "| " + category + " |";
      for (const SplitCounts& c : m.counts) {
        const auto split = categories.find(c.name);
        int n = 0;
        if (split != categories.end() && split->second.count(category))
          n = split->second.at(category);
        b += " " + std::to_string(n) + " |";
      }
      b += "\n";
    }
    b += "\n";
  }
  b += "## Files\n\n"
       "- `<split>-NNNNNN.tar`: WebDataset shards. A sample is `<key>.mp4` (H.264), "
       "`<key>.truth.json` (ground truth, schema synth4d.truth/1) and `<key>.qa.json` (every "
       "question generated for the clip, before dataset balancing).\n"
       "- `<split>/qa.json`: the balanced questions of the split, a VLM4D-style JSON array; "
       "`video` is the sample's `<key>.mp4`.\n"
       "- `<split>/metadata.jsonl`: one row per balanced question; `file_name` is `<key>.mp4` "
       "in shard `shard` (extract the split's shards into `<split>/` to use it as a video "
       "folder).\n"
       "- `manifest.json`: spec hashes, seeds, synth4d version, counts and the sha256 of every "
       "shard; `failures.jsonl`: clips that failed, with their errors (" +
       std::to_string(m.failures.size()) + ").\n\n";
  b += "## Loading\n\n```python\nimport webdataset as wds\n";
  for (const SplitCounts& c : m.counts) {
    if (c.shards > 0) {
      b += c.name + " = wds.WebDataset(\"" + Shards(c.name, c.shards) + "\")\n";
      break;
    }
  }
  b += "\nfrom datasets import load_dataset\nquestions = load_dataset(\"<this repo>\", "
       "\"questions\")\n```\n\n";
  b += "## Provenance\n\n| spec | sha256 | dataset seed | clips | held out "
       "|\n|---|---|---|---|---|\n";
  for (const SpecRecord& s : m.config.specs) {
    std::string rules;
    for (const std::string& r : s.held_out) rules += (rules.empty() ? "" : "; ") + r;
    b += "| " + s.key + " | `" + s.sha256.substr(0, 16) + "` | " + std::to_string(s.dataset_seed) +
         " | " + std::to_string(s.clips) + " | " + (rules.empty() ? "-" : rules) + " |\n";
  }
  b += "\nRenderer: " + m.config.renderer + "; " + std::to_string(m.config.shard_samples) +
       " samples per shard; settings:";
  for (const auto& [k, v] : m.config.settings) b += " " + k + "=" + v;
  b += ". Each clip's seed is `ClipSeed(dataset seed, spec, clip index)`, so any clip can be "
       "regenerated alone (`synth4d generate ... --only <key>`).\n";
  return y + b;
}

}  // namespace synth4d::shard
