// Dataset plans: split fractions and the split hash, clip keys, shard layout, held-out splits
// (the rules themselves: tests/spec/dataset_test.cc).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "synth4d/core/rng.h"
#include "synth4d/pipeline/dataset_plan.h"
#include "synth4d/spec/loader.h"
#include "test_util.h"

namespace synth4d::pipeline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(Splits, Parse) {
  auto splits = ParseSplits("train=0.7,dev=0.2,test=0.1");
  ASSERT_TRUE(splits.ok()) << splits.error().ToString();
  ASSERT_EQ(splits->size(), 3u);
  EXPECT_EQ((*splits)[1].name, "dev");
  EXPECT_DOUBLE_EQ((*splits)[1].fraction, 0.2);
  EXPECT_TRUE(ParseSplits("train=1").ok());
  EXPECT_THAT(ParseSplits("train=0.5,test=0.4").error().message, HasSubstr("sum to"));
  EXPECT_THAT(ParseSplits("train=0.5,train=0.5").error().message, HasSubstr("twice"));
  EXPECT_THAT(ParseSplits("Train=1").error().message, HasSubstr("name=fraction"));
  EXPECT_THAT(ParseSplits("tr-ain=1").error().message, HasSubstr("name=fraction"));
  EXPECT_THAT(ParseSplits("train=x").error().message, HasSubstr("not a number"));
  EXPECT_THAT(ParseSplits("train=1.5,test=-0.5").error().message, HasSubstr("not in [0, 1]"));
}

TEST(Splits, HashIsTheDocumentedOne) {
  const std::string key = "demo_000003";
  const double u =
      static_cast<double>(core::SplitMix64(core::Fnv1a64(key)) >> 11) / 9007199254740992.0;
  EXPECT_EQ(SplitUnit(key), u);
  const std::vector<SplitSpec> splits = {{"a", u}, {"b", 1.0 - u}};
  EXPECT_EQ(SplitFor(key, splits), "b");  // u < cumulative is false at the boundary
  const std::vector<SplitSpec> wider = {{"a", u + 1e-9}, {"b", 1.0 - u - 1e-9}};
  EXPECT_EQ(SplitFor(key, wider), "a");
}

TEST(Splits, FractionsHoldOverManyKeys) {
  std::map<std::string, int> counts;
  const std::vector<SplitSpec> splits = DefaultSplits();
  for (int i = 0; i < 20000; ++i) ++counts[SplitFor(SceneClipKey("demo", i), splits)];
  // Binomial standard deviation for p = 0.1, n = 20000 is 0.0021: 0.01 is nearly 5 sigma.
  EXPECT_NEAR(counts["train"] / 20000.0, 0.8, 0.01);
  EXPECT_NEAR(counts["val"] / 20000.0, 0.1, 0.01);
  EXPECT_NEAR(counts["test"] / 20000.0, 0.1, 0.01);
}

TEST(ClipKeys, FormatAndParse) {
  EXPECT_EQ(SceneClipKey("demo", 3), "demo_000003");
  EXPECT_EQ(SceneClipKey("my.scene", 12), "my-scene_000012");
  const std::vector<std::string> specs = {"demo", "demo_b", "my.scene"};
  EXPECT_EQ(ParseClipKey("demo_000003", specs), std::make_pair(0, 3));
  EXPECT_EQ(ParseClipKey("demo_000003_main", specs), std::make_pair(0, 3));
  EXPECT_EQ(ParseClipKey("demo_b_000010_side_cam", specs), std::make_pair(1, 10));
  EXPECT_EQ(ParseClipKey("my-scene_000012", specs), std::make_pair(2, 12));
  EXPECT_EQ(ParseClipKey("demo_1234567_main", specs), std::make_pair(0, 1234567));
  EXPECT_FALSE(ParseClipKey("demo_03", specs));
  EXPECT_FALSE(ParseClipKey("other_000001", specs));
  EXPECT_FALSE(ParseClipKey("demo_000003x", specs));
}

TEST(Plan, LayoutIsWholeClipsInHashOrder) {
  PlanOptions options;
  options.specs = {testing::DataFile("tiny.yaml"), testing::DataFile("impossible.yaml")};
  options.clips = 12;
  options.shard_samples = 5;
  auto plan = PlanDataset(options);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  ASSERT_EQ(plan->clips.size(), 24u);
  std::set<std::string> keys;
  for (const PlannedClip& clip : plan->clips) {
    if (clip.spec == 1) {  // impossible.yaml: sampling fails, no shard
      EXPECT_TRUE(clip.error.has_value());
      EXPECT_EQ(clip.shard, -1);
      continue;
    }
    ASSERT_FALSE(clip.error.has_value()) << clip.error->ToString();
    EXPECT_EQ(clip.sample_keys.size(), 2u);
    EXPECT_EQ(clip.sample_keys[0], clip.key + "_main");
    if (clip.held_out) {
      EXPECT_EQ(clip.split, "test");
    } else {
      EXPECT_EQ(clip.split, SplitFor(clip.key, options.splits));
    }
    ASSERT_GE(clip.shard, 0);
    EXPECT_EQ(plan->shards[static_cast<size_t>(clip.shard)].split, clip.split);
    keys.insert(clip.key);
  }
  EXPECT_EQ(keys.size(), 12u);
  std::map<std::string, int> index;
  for (const PlannedShard& shard : plan->shards) {
    // Whole clips of 2 samples until the shard holds at least 5: 3 clips, except the last.
    EXPECT_LE(shard.clips.size(), 3u);
    EXPECT_EQ(shard.name, shard.split + "-00000" + std::to_string(index[shard.split]++) + ".tar");
    for (size_t i = 1; i < shard.clips.size(); ++i) {
      const uint64_t a = core::SplitMix64(core::Fnv1a64(plan->clips[shard.clips[i - 1]].key) + 1);
      const uint64_t b = core::SplitMix64(core::Fnv1a64(plan->clips[shard.clips[i]].key) + 1);
      EXPECT_LT(a, b);
    }
  }
}

TEST(Plan, ThreadsDoNotChangeThePlan) {
  PlanOptions options;
  options.specs = {testing::DataFile("tiny.yaml"),
                   fs::path(SYNTH4D_SOURCE_DIR) / "scenes" / "demo.yaml"};
  options.clips = 20;
  auto one = PlanDataset(options);
  options.threads = 3;
  auto three = PlanDataset(options);
  ASSERT_TRUE(one.ok() && three.ok());
  ASSERT_EQ(one->clips.size(), three->clips.size());
  for (size_t c = 0; c < one->clips.size(); ++c) {
    EXPECT_EQ(one->clips[c].key, three->clips[c].key);
    EXPECT_EQ(one->clips[c].seed, three->clips[c].seed);
    EXPECT_EQ(one->clips[c].split, three->clips[c].split);
    EXPECT_EQ(one->clips[c].shard, three->clips[c].shard);
  }
  EXPECT_EQ(one->dataset_seeds, three->dataset_seeds);
  EXPECT_EQ(one->dataset_seeds[1], 7u);  // demo.yaml's clip.seed
}

TEST(Plan, RejectsHeldOutRulesWithoutTheirSplit) {
  PlanOptions options;
  options.specs = {testing::DataFile("tiny.yaml")};
  options.splits = {{"train", 1.0}};
  EXPECT_THAT(PlanDataset(options).error().message,
              HasSubstr("held-out rules need split \"test\""));
}

}  // namespace
}  // namespace synth4d::pipeline
