// `generate` end to end with the fake renderer: determinism across workers, resume after a kill,
// failures, splits and held-out combinations, --only, merge of cluster parts.
#include "synth4d/pipeline/dataset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "dataset_util.h"
#include "synth4d/core/file.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/shard/merge.h"
#include "synth4d/shard/qa_files.h"
#include "synth4d/shard/webdataset.h"
#include "test_util.h"

namespace synth4d::pipeline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr int kClips = 10;

class DatasetTest : public ::testing::Test {
 protected:
  // One single-worker dataset, the reference every test compares with.
  static void SetUpTestSuite() {
    reference_ = new fs::path(testing::FreshDir("dataset_reference"));
    auto summary = GenerateDataset(testing::TinyOptions(kClips, 1), *reference_);
    ASSERT_TRUE(summary.ok()) << summary.error().ToString();
    ASSERT_TRUE(summary->finalized);
    ASSERT_EQ(summary->failed, 0);
  }
  static void TearDownTestSuite() { delete reference_; }
  static const fs::path& Reference() { return *reference_; }

 private:
  static fs::path* reference_;
};

fs::path* DatasetTest::reference_ = nullptr;

TEST_F(DatasetTest, ReferenceHasShardsQuestionsAndCard) {
  auto manifest = shard::ReadManifest(Reference());
  ASSERT_TRUE(manifest.ok());
  EXPECT_TRUE(manifest->complete);
  EXPECT_EQ(manifest->shards.size(), manifest->layout.size());
  const std::map<std::string, std::string> members = testing::ShardMembers(Reference());
  EXPECT_EQ(members.size(), 3u * 2u * kClips);  // mp4, qa.json, truth.json per camera
  int samples = 0, items = 0;
  for (const shard::SplitCounts& c : manifest->counts) {
    samples += c.samples;
    items += c.items;
    auto split_items = shard::ReadSplitItems(Reference(), c.name);
    ASSERT_TRUE(split_items.ok()) << split_items.error().ToString();
    EXPECT_EQ(static_cast<int>(split_items->size()), c.balanced_items);
  }
  EXPECT_EQ(samples, 2 * kClips);
  EXPECT_GT(items, 0);
  EXPECT_THAT(testing::FileBytes(Reference(), "README.md"), HasSubstr("config_name: default"));
  EXPECT_EQ(testing::FileBytes(Reference(), "failures.jsonl"), "");
  EXPECT_FALSE(fs::exists(Reference() / ".staging"));
  EXPECT_FALSE(fs::exists(Reference() / ".lock"));
}

TEST_F(DatasetTest, TwoWorkersGiveIdenticalBytes) {
  const fs::path dir = testing::FreshDir("dataset_two_workers");
  auto summary = GenerateDataset(testing::TinyOptions(kClips, 2), dir);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  for (const char* file : {"manifest.json", "README.md", "train/qa.json", "val/qa.json",
                           "test/qa.json", "train/metadata.jsonl"}) {
    EXPECT_EQ(testing::FileBytes(dir, file), testing::FileBytes(Reference(), file)) << file;
  }
  EXPECT_EQ(testing::ShardMembers(dir), testing::ShardMembers(Reference()));
}

TEST_F(DatasetTest, ResumesAfterAKill) {
  const fs::path dir = testing::FreshDir("dataset_resume");
  fs::copy(Reference(), dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  auto manifest = shard::ReadManifest(dir);
  ASSERT_TRUE(manifest.ok());
  ASSERT_GE(manifest->shards.size(), 3u);
  // The state a kill leaves: the last shard only as a temporary file, the manifest not complete
  // and without it, one finished shard damaged on disk, dataset-level files not yet written.
  const shard::ShardRecord last = manifest->shards.back();
  fs::rename(dir / last.name, dir / ("." + last.name + ".tmp-999-0"));
  manifest->shards.pop_back();
  manifest->complete = false;
  manifest->counts.clear();
  ASSERT_TRUE(shard::WriteManifest(dir, *manifest).ok());
  const std::string damaged = manifest->shards.front().name;
  std::string bytes = testing::FileBytes(dir, damaged);
  bytes[bytes.size() / 2] ^= 1;
  ASSERT_TRUE(core::WriteFileAtomic(dir / damaged, bytes).ok());
  fs::remove(dir / "README.md");
  fs::remove_all(dir / "train");

  std::vector<std::string> log;
  pipeline::DatasetOptions options = testing::TinyOptions(kClips, 2);
  options.log = [&log](const std::string& m) { log.push_back(m); };
  auto summary = GenerateDataset(options, dir);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->shards_written, 2);
  EXPECT_EQ(summary->shards_resumed, static_cast<int>(manifest->layout.size()) - 2);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], HasSubstr("redoing " + damaged));
  EXPECT_FALSE(fs::exists(dir / ("." + last.name + ".tmp-999-0")));
  for (const char* file : {"manifest.json", "README.md", "train/qa.json", "test/metadata.jsonl"}) {
    EXPECT_EQ(testing::FileBytes(dir, file), testing::FileBytes(Reference(), file)) << file;
  }
  EXPECT_EQ(testing::ShardMembers(dir), testing::ShardMembers(Reference()));

  // Once more: everything is complete, nothing is redone.
  auto again = GenerateDataset(options, dir);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->shards_written, 0);
  EXPECT_EQ(again->clips_done, 0);
}

TEST_F(DatasetTest, RefusesADirectoryOfAnotherDataset) {
  const fs::path dir = testing::FreshDir("dataset_other");
  fs::copy(Reference() / "manifest.json", dir / "manifest.json");
  pipeline::DatasetOptions options = testing::TinyOptions(kClips + 1, 1);
  auto summary = GenerateDataset(options, dir);
  ASSERT_FALSE(summary.ok());
  EXPECT_THAT(summary.error().message, HasSubstr("other specs, options, part or synth4d version"));
}

TEST_F(DatasetTest, FailedClipsAreRecordedAndTheRunGoesOn) {
  const fs::path dir = testing::FreshDir("dataset_failures");
  pipeline::DatasetOptions options = testing::TinyOptions(kClips, 2);
  options.plan.specs.push_back(testing::DataFile("impossible.yaml"));
  options.plan.clips = kClips;
  options.make_renderer = testing::RedFailingRenderer();
  auto summary = GenerateDataset(options, dir);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  auto manifest = shard::ReadManifest(dir);
  ASSERT_TRUE(manifest.ok());
  int sampling = 0, clip = 0;
  std::set<std::string> failed;
  for (const shard::FailureRecord& f : manifest->failures) {
    failed.insert(f.key);
    if (f.stage == "sampling") {
      ++sampling;
      EXPECT_EQ(f.spec, "impossible");
      EXPECT_EQ(f.code, "invalid_argument");
    } else {
      ++clip;
      EXPECT_EQ(f.stage, "clip");
      EXPECT_EQ(f.code, "unavailable");
      EXPECT_THAT(f.error, HasSubstr("injected device loss"));
    }
  }
  EXPECT_EQ(sampling, kClips);
  EXPECT_GT(clip, 0);
  EXPECT_EQ(summary->failed, sampling + clip);
  // Every other clip of tiny.yaml is in the shards; failed ones are listed on their shard.
  const std::map<std::string, std::string> members = testing::ShardMembers(dir);
  EXPECT_EQ(members.size(), 3u * 2u * static_cast<size_t>(kClips - clip));
  int listed = 0;
  for (const shard::ShardRecord& s : manifest->shards) listed += static_cast<int>(s.failed.size());
  EXPECT_EQ(listed, clip);
  const std::string jsonl = testing::FileBytes(dir, "failures.jsonl");
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), sampling + clip);
  EXPECT_THAT(jsonl, HasSubstr("\"key\":\"impossible_000000\""));
}

TEST_F(DatasetTest, SplitsDoNotLeakAndHeldOutClipsAreOnlyInTest) {
  auto manifest = shard::ReadManifest(Reference());
  ASSERT_TRUE(manifest.ok());
  std::map<std::string, std::string> split_of_clip;
  int held_out = 0;
  for (const shard::ShardRecord& s : manifest->shards) {
    auto samples = shard::ReadShard(Reference() / s.name, {"truth.json"});
    ASSERT_TRUE(samples.ok());
    for (const shard::Sample& sample : *samples) {
      const auto truth = nlohmann::json::parse(sample.Find("truth.json")->data);
      const std::string clip_key = sample.key.substr(0, sample.key.rfind('_'));
      auto [it, inserted] = split_of_clip.emplace(clip_key, s.split);
      EXPECT_EQ(it->second, s.split) << clip_key << ": cameras of one clip in two splits";
      const auto& mover = truth["objects"][0];
      const bool red_box = mover["color"] == "red" && mover["shape"] == "box";
      if (red_box) {
        ++held_out;
        EXPECT_EQ(s.split, "test") << sample.key;
      } else {
        EXPECT_EQ(s.split, SplitFor(clip_key, testing::TinyOptions(1, 1).plan.splits))
            << sample.key;
      }
    }
  }
  EXPECT_EQ(split_of_clip.size(), static_cast<size_t>(kClips));
  EXPECT_GT(held_out, 0) << "the fixture should contain a red box";
}

TEST_F(DatasetTest, OnlyRegeneratesOneClipIdentically) {
  const fs::path dir = testing::FreshDir("dataset_only");
  const std::map<std::string, std::string> members = testing::ShardMembers(Reference());
  auto written = RegenerateClip(testing::TinyOptions(kClips, 1), "tiny_000004_side", dir);
  ASSERT_TRUE(written.ok()) << written.error().ToString();
  ASSERT_EQ(written->size(), 1u);
  for (const char* field : {"mp4", "truth.json", "qa.json"}) {
    const std::string name = std::string("tiny_000004_side.") + field;
    EXPECT_EQ(testing::FileBytes(dir, name), members.at(name)) << name;
  }
  auto both = RegenerateClip(testing::TinyOptions(kClips, 1), "tiny_000007", dir);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->size(), 2u);
  EXPECT_EQ(testing::FileBytes(dir, "tiny_000007_main.qa.json"),
            members.at("tiny_000007_main.qa.json"));
  EXPECT_EQ(RegenerateClip(testing::TinyOptions(kClips, 1), "tiny_000010", dir).error().code,
            core::ErrorCode::kNotFound);
}

TEST_F(DatasetTest, ContrastTwinsTravelWithTheirClips) {
  const fs::path dir = testing::FreshDir("dataset_twins");
  pipeline::DatasetOptions options = testing::TinyOptions(4, 2);
  options.plan.contrast_pairs = true;
  auto summary = GenerateDataset(options, dir);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  const std::map<std::string, std::string> members = testing::ShardMembers(dir);
  EXPECT_EQ(members.size(), 3u * 2u * 2u * 4u);  // fields x cameras x (clip, twin) x clips
  auto manifest = shard::ReadManifest(dir);
  ASSERT_TRUE(manifest.ok());
  int pairs = 0;
  for (const shard::ShardRecord& s : manifest->shards) {
    for (const std::string& key : s.keys) {
      if (key.find("-mirror_") != std::string::npos) continue;
      const std::string twin = "tiny-mirror" + key.substr(4);
      EXPECT_NE(std::find(s.keys.begin(), s.keys.end(), twin), s.keys.end()) << key;
      const std::string& qa = members.at(key + ".qa.json");
      for (size_t at = qa.find("\"pair_id\""); at != std::string::npos;
           at = qa.find("\"pair_id\"", at + 1)) {
        ++pairs;
      }
    }
  }
  EXPECT_GT(pairs, 0);
  const fs::path only = testing::FreshDir("dataset_twins_only");
  auto written = RegenerateClip(options, "tiny-mirror_000002_side", only);
  ASSERT_TRUE(written.ok()) << written.error().ToString();
  ASSERT_EQ(written->size(), 1u);
  EXPECT_EQ(testing::FileBytes(only, "tiny-mirror_000002_side.qa.json"),
            members.at("tiny-mirror_000002_side.qa.json"));
}

TEST_F(DatasetTest, MergedPartsEqualASingleRun) {
  const fs::path root = testing::FreshDir("dataset_parts");
  std::vector<fs::path> parts;
  for (int i = 0; i < 3; ++i) {
    pipeline::DatasetOptions options = testing::TinyOptions(kClips, 1);
    options.part_index = i;
    options.part_count = 3;
    parts.push_back(root / ("part-" + std::to_string(i)));
    auto summary = GenerateDataset(options, parts.back());
    ASSERT_TRUE(summary.ok()) << summary.error().ToString();
    EXPECT_FALSE(summary->finalized);
  }
  auto missing = shard::MergeParts({parts[0], parts[2]}, root / "bad");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("part 1 of 3 is missing"));
  pipeline::DatasetOptions other = testing::TinyOptions(kClips, 1);
  other.plan.seed = 99;
  other.part_count = 3;
  ASSERT_TRUE(GenerateDataset(other, root / "other-0").ok());
  auto mixed = shard::MergeParts({root / "other-0", parts[1], parts[2]}, root / "bad");
  ASSERT_FALSE(mixed.ok());
  EXPECT_THAT(mixed.error().message, HasSubstr("another configuration"));
  auto merged = shard::MergeParts({parts[2], parts[0], parts[1]}, root / "merged");
  ASSERT_TRUE(merged.ok()) << merged.error().ToString();
  for (const char* file : {"manifest.json", "README.md", "train/qa.json", "val/qa.json",
                           "test/qa.json", "failures.jsonl"}) {
    EXPECT_EQ(testing::FileBytes(root / "merged", file), testing::FileBytes(Reference(), file))
        << file;
  }
  EXPECT_EQ(testing::ShardMembers(root / "merged"), testing::ShardMembers(Reference()));
}

}  // namespace
}  // namespace synth4d::pipeline
