// The dataset card README.md (docs/datasets.md): Hugging Face YAML front matter and a body.
#include <cstdio>
#include <set>

#include "internal_features.h"
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

// The card's loading snippets, each runnable as written (checked against the loader versions of
// docs/formats.md, "Loaders").
std::string Loading(const Manifest& m) {
  std::string first, splits;
  for (const SplitCounts& c : m.counts) {
    if (c.shards > 0 && first.empty()) first = Shards(c.name, c.shards);
    if (c.balanced_items > 0) {
      splits += std::string(splits.empty() ? "" : ", ") + "\"" + c.name + "\": f\"{files}/" +
                c.name + "/metadata.jsonl\"";
    }
  }
  std::string b = "## Loading\n\n";
  b += "With `webdataset` (`mp4` arrives as bytes; `.decode()` parses the `.json` members):\n\n"
       "```python\nimport io\n\nimport av  # PyAV, to decode the video bytes\n"
       "import webdataset as wds\n\n"
       "samples = wds.WebDataset(\"" +
       first +
       "\", shardshuffle=False).decode()\n"
       "for sample in samples:\n"
       "    key, questions, truth = sample[\"__key__\"], sample[\"qa.json\"], "
       "sample[\"truth.json\"]\n"
       "    with av.open(io.BytesIO(sample[\"mp4\"])) as video:\n"
       "        frames = [f.to_ndarray(format=\"rgb24\") for f in video.decode(video=0)]\n"
       "    break\n```\n\n";
  b += "With Hugging Face `datasets`: the shards are the default config, typed by the "
       "`dataset_info` above (`mp4` is `binary`: the video's bytes, decoded as above); the "
       "balanced questions are JSON Lines files loaded with the `json` builder:\n\n"
       "```python\nimport os\n\nfrom datasets import load_dataset\n\n"
       "repo = \"ORG/NAME\"  # this dataset on the Hub, or the directory holding it\n"
       "samples = load_dataset(repo, streaming=True)\n"
       "files = repo if os.path.isdir(repo) else f\"hf://datasets/{repo}\"\n"
       "questions = load_dataset(\"json\", data_files={" +
       splits + "})\n```\n\n";
  return b;
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
  // One config: `datasets` picks one builder for the whole repository from the first config's
  // files, so a second config of JSON files would be opened as tar archives. The questions load
  // with the json builder (the Loading section).
  y += "configs:\n- config_name: default\n  data_files:\n";
  for (const SplitCounts& c : m.counts) {
    if (c.shards > 0) y += "  - split: " + c.name + "\n    path: \"" + c.name + "-*.tar\"\n";
  }
  y += "dataset_info:\n- config_name: default\n  features:\n" + internal::SampleFeaturesYaml(2);
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
  b += Loading(m);
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
