// Contrast pairs in datasets (issue 11): on a dataset whose clips have mirrored twins every
// pairable question is paired, both members of a pair ask it with the same choices, which hold
// both answers, the manifest says which clips have twins, and `generate --only` finds the twin of
// a spec that asks for pairs (qa.contrast_pairs) without --contrast-pairs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "dataset_util.h"
#include "synth4d/core/file.h"
#include "synth4d/qa/template.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/shard/qa_files.h"
#include "test_util.h"

namespace synth4d::pipeline {
namespace {

namespace fs = std::filesystem;

// The questions of every sample of `dir`'s shards, by sample key.
std::map<std::string, std::vector<qa::QaItem>> SampleItems(const fs::path& dir) {
  std::map<std::string, std::vector<qa::QaItem>> items;
  for (const auto& [name, bytes] : testing::ShardMembers(dir)) {
    const size_t dot = name.find(".qa.json");
    if (dot == std::string::npos) continue;
    auto parsed = shard::ParseQaJson(bytes, name);
    EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
    if (parsed.ok()) items[name.substr(0, dot)] = std::move(parsed).value();
  }
  return items;
}

struct PairCounts {
  int pairable = 0;  // original items of templates with a `mirror:` map (no false premises)
  int paired = 0;    // of those, paired with a twin item holding both answers
  int flipped = 0;   // pairs whose answers differ (left/right, cw/ccw, pan, orbit ...)
};

// Checks every pair of the dataset `dir` made from `specs` and counts them. A sample without a
// twin has no paired items.
PairCounts CheckPairs(const fs::path& dir, const std::vector<fs::path>& specs,
                      const std::vector<qa::Template>& templates) {
  const auto items = SampleItems(dir);
  PairCounts counts;
  for (const auto& [key, originals] : items) {
    std::string twin_key;  // "<spec>_<index>_<camera>" -> "<spec>-mirror_<index>_<camera>"
    for (const fs::path& spec : specs) {
      const std::string stem = spec.stem().string();
      if (key.rfind(stem + "_", 0) == 0) twin_key = stem + "-mirror" + key.substr(stem.size());
    }
    if (twin_key.empty()) continue;  // a twin
    const auto twin = items.find(twin_key);
    for (const qa::QaItem& item : originals) {
      if (twin == items.end()) {
        EXPECT_EQ(item.pair_id, "") << item.id;
        continue;
      }
      auto tmpl = std::find_if(templates.begin(), templates.end(),
                               [&](const qa::Template& t) { return t.id == item.template_id; });
      if (tmpl == templates.end() || !tmpl->pairable || item.answer_kind == "absent") {
        EXPECT_EQ(item.pair_id, "") << item.id;
        continue;
      }
      ++counts.pairable;
      EXPECT_NE(item.pair_id, "") << item.id << ": unpaired (" << item.answer_value << ")";
      if (item.pair_id.empty()) continue;
      auto t = std::find_if(twin->second.begin(), twin->second.end(),
                            [&](const qa::QaItem& x) { return x.pair_id == item.pair_id; });
      if (t == twin->second.end()) {
        ADD_FAILURE() << item.id << ": no twin item with pair_id " << item.pair_id;
        continue;
      }
      EXPECT_EQ(t->question, item.question) << item.id;
      EXPECT_EQ(t->options, item.options) << item.id;
      // Both answers are among both members' choices (the same choices, checked above).
      EXPECT_NE(std::find(item.options.begin(), item.options.end(), t->AnswerText()),
                item.options.end())
          << item.id;
      EXPECT_EQ(t->answer_value, tmpl->MirrorValue(item.answer_value)) << item.id;
      ++counts.paired;
      counts.flipped += t->answer_value != item.answer_value;
    }
  }
  return counts;
}

std::string Setting(const fs::path& dir, const std::string& name) {
  auto manifest = shard::ReadManifest(dir);
  EXPECT_TRUE(manifest.ok()) << manifest.error().ToString();
  if (!manifest.ok()) return "";
  for (const auto& [key, value] : manifest->config.settings) {
    if (key == name) return value;
  }
  return "";
}

TEST(ContrastPairs, EveryPairableItemOfMotionMixIsPaired) {
  const fs::path dir = testing::FreshDir("contrast_motion_mix");
  DatasetOptions options = testing::TinyOptions(6, 2);
  options.plan.specs = {fs::path(SYNTH4D_SOURCE_DIR) / "scenes" / "motion_mix.yaml"};
  options.plan.shard_samples = 8;
  options.plan.contrast_pairs = true;
  auto summary = GenerateDataset(options, dir);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  auto templates = qa::LoadTemplates(options.templates_dir);
  ASSERT_TRUE(templates.ok());
  const PairCounts counts = CheckPairs(dir, options.plan.specs, *templates);
  EXPECT_GE(counts.pairable, 20);
  EXPECT_EQ(counts.paired, counts.pairable);
  EXPECT_GE(counts.flipped, 5);
  EXPECT_EQ(Setting(dir, "qa_contrast_pairs"), "true");
}

TEST(ContrastPairs, TheSpecAsksWithoutTheFlag) {
  const fs::path root = testing::FreshDir("contrast_spec");
  auto tiny = core::ReadFile(testing::DataFile("tiny.yaml"));
  ASSERT_TRUE(tiny.ok());
  const fs::path paired = root / "paired.yaml";
  ASSERT_TRUE(core::WriteFileAtomic(paired, *tiny + "\nqa: {contrast_pairs: true}\n").ok());
  DatasetOptions options = testing::TinyOptions(3, 1);
  options.plan.specs = {testing::DataFile("tiny.yaml"), paired};
  ASSERT_FALSE(options.plan.contrast_pairs);
  const fs::path dir = root / "dataset";
  auto summary = GenerateDataset(options, dir);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  // Only paired.yaml's clips have twins, and the manifest says so.
  EXPECT_EQ(Setting(dir, "qa_contrast_pairs"), "paired");
  const std::map<std::string, std::string> members = testing::ShardMembers(dir);
  EXPECT_EQ(members.count("paired-mirror_000001_main.qa.json"), 1u);
  EXPECT_EQ(members.count("tiny-mirror_000001_main.qa.json"), 0u);
  auto templates = qa::LoadTemplates(options.templates_dir);
  ASSERT_TRUE(templates.ok());
  const PairCounts counts = CheckPairs(dir, options.plan.specs, *templates);
  EXPECT_EQ(counts.paired, counts.pairable);
  // `--only` makes the twin the spec asks for, byte-identical, and refuses one it does not.
  const fs::path only = root / "only";
  auto written = RegenerateClip(options, "paired-mirror_000001_main", only);
  ASSERT_TRUE(written.ok()) << written.error().ToString();
  ASSERT_EQ(*written, std::vector<std::string>{"paired-mirror_000001_main"});
  for (const char* field : {"mp4", "truth.json", "qa.json"}) {
    const std::string name = std::string("paired-mirror_000001_main.") + field;
    EXPECT_EQ(testing::FileBytes(only, name), members.at(name)) << name;
  }
  EXPECT_EQ(testing::FileBytes(only, "paired_000001_main.qa.json"), "");  // only the twin
  auto refused = RegenerateClip(options, "tiny-mirror_000001_main", only);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kNotFound);
  EXPECT_THAT(refused.error().message, ::testing::HasSubstr("qa.contrast_pairs"));
}

TEST(ContrastPairs, NoTwinsNoPairs) {
  const fs::path dir = testing::FreshDir("contrast_none");
  DatasetOptions options = testing::TinyOptions(2, 1);
  auto summary = GenerateDataset(options, dir);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(Setting(dir, "qa_contrast_pairs"), "false");
  for (const auto& [key, items] : SampleItems(dir)) {
    EXPECT_EQ(key.find("-mirror"), std::string::npos);
    for (const qa::QaItem& item : items) EXPECT_EQ(item.pair_id, "") << item.id;
  }
}

}  // namespace
}  // namespace synth4d::pipeline
