// manifest.json round trips and the dataset card's Hugging Face front matter.
#include "synth4d/shard/manifest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "synth4d/shard/finalize.h"
#include "synth4d/shard/qa_files.h"
#include "test_util.h"

namespace synth4d::shard {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Manifest Sample() {
  Manifest m;
  m.synth4d_version = "0.1.0";
  m.complete = true;
  m.part = std::make_pair(1, 4);
  m.config.specs = {
      {"demo", "scenes/demo.yaml", std::string(64, 'a'), 7, 10, {"color=red shape=box"}}};
  m.config.splits = {{"train", 0.8}, {"val", 0.1}, {"test", 0.1}};
  m.config.shard_samples = 64;
  m.config.renderer = "fake";
  m.config.settings = {{"crf", "20"}, {"preset", "veryfast"}};
  m.config.templates_sha256 = std::string(64, 'b');
  m.config.balance.seed = 5;
  m.layout = {"train-000000.tar", "test-000000.tar"};
  m.shards = {{"train-000000.tar",
               "train",
               2048,
               std::string(64, 'c'),
               1,
               {"demo_000001_main"},
               {"demo_000002"}}};
  m.failures = {{"demo_000002", "demo", 2, "clip", "glitch", "demo_000002: boom"}};
  m.counts = {{"train", 1, 1, 1, 5, 4}, {"val", 0, 0, 0, 0, 0}, {"test", 1, 1, 2, 9, 7}};
  return m;
}

TEST(Manifest, RoundTripsByteForByte) {
  const std::string json = ManifestToJson(Sample());
  auto parsed = ManifestFromJson(json, "manifest.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(ManifestToJson(*parsed), json);
  EXPECT_EQ(parsed->part, std::make_pair(1, 4));
  EXPECT_EQ(parsed->shards[0].failed[0], "demo_000002");
  EXPECT_EQ(ConfigToJson(parsed->config), ConfigToJson(Sample().config));
  EXPECT_THAT(json, HasSubstr("\"schema\": \"synth4d.dataset/1\""));
}

TEST(Manifest, ErrorsNameTheField) {
  std::string json = ManifestToJson(Sample());
  json.replace(json.find("\"layout\""), 8, "\"layoutx\"");
  auto parsed = ManifestFromJson(json, "m.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.error().message, HasSubstr("m.json layout"));
  EXPECT_FALSE(ManifestFromJson("{\"schema\": \"other/1\"}", "m.json").ok());
  EXPECT_EQ(ShardName("val", 12), "val-000012.tar");
}

TEST(Card, FrontMatterHasConfigsForNonEmptySplits) {
  Manifest m = Sample();
  m.part.reset();
  const std::string card =
      DatasetCard(m, {{"train", {{"translation", 4}}}, {"test", {{"translation", 7}}}});
  ASSERT_EQ(card.rfind("---\n", 0), 0u);
  const std::string yaml = card.substr(0, card.find("\n---\n", 4));
  EXPECT_THAT(yaml, HasSubstr("task_categories:\n- video-text-to-text\n"));
  EXPECT_THAT(yaml, HasSubstr("size_categories:\n- n<1K\n"));
  EXPECT_THAT(
      yaml,
      HasSubstr(
          "- config_name: default\n  data_files:\n  - split: train\n    path: \"train-*.tar\"\n"
          "  - split: test\n    path: \"test-*.tar\"\n"));
  // One config only: `datasets` builds every config with the first config's builder.
  EXPECT_THAT(yaml, Not(HasSubstr("- config_name: questions\n")));
  EXPECT_THAT(yaml, HasSubstr("dataset_info:\n- config_name: default\n  features:\n"));
  EXPECT_THAT(yaml, Not(HasSubstr("split: val")));  // no files: no data_files entry
  EXPECT_THAT(card, HasSubstr("| translation | 4 | 0 | 7 |"));
  EXPECT_THAT(card, HasSubstr("color=red shape=box"));
}

TEST(QaFiles, JsonArrayRoundTripAndMetadata) {
  qa::QaItem item;
  item.id = "k_t_0";
  item.clip_key = "k";
  item.video = "k.mp4";
  item.question = "Which way?";
  item.options = {"left", "right"};
  item.answer_index = 1;
  item.answer_value = "right";
  item.answer_kind = "value";
  item.category = "translation";
  item.template_id = "t";
  item.frame_of_reference = "screen";
  item.visibility = "rendered";
  EXPECT_EQ(QaJsonText({}), "[]\n");
  const std::string text = QaJsonText({item, item});
  EXPECT_EQ(text, "[\n" + qa::ToJsonLine(item) + ",\n" + qa::ToJsonLine(item) + "\n]\n");
  auto parsed = ParseQaJson(text, "x.qa.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(qa::ToJsonLine((*parsed)[0]), qa::ToJsonLine(item));
  EXPECT_THAT(QaJsonText({item}, "train"), HasSubstr("\"split\":\"train\""));
  EXPECT_FALSE(ParseQaJson("{}", "x").ok());
  EXPECT_EQ(MetadataJsonl({item}, "train", {{"k", "train-000000.tar"}}),
            "{\"file_name\":\"k.mp4\",\"shard\":\"train-000000.tar\",\"question_id\":\"k_t_0\","
            "\"question\":\"Which way?\",\"options\":[\"A. left\",\"B. right\"],\"answer\":\"B\","
            "\"answer_text\":\"right\",\"category\":\"translation\",\"sub_category\":\"t\","
            "\"clip_key\":\"k\",\"split\":\"train\"}\n");
}

}  // namespace
}  // namespace synth4d::shard
