// Statistics and blind baselines on hand-made items; export prompt helpers; category caps.
#include "synth4d/shard/stats.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "synth4d/shard/export.h"

namespace synth4d::shard {
namespace {

using ::testing::HasSubstr;

qa::QaItem Item(const std::string& id, const std::string& tmpl, const std::string& question,
                std::vector<std::string> options, int answer,
                const std::string& category = "translation") {
  qa::QaItem item;
  item.id = id;
  item.clip_key = "c_" + id;
  item.template_id = tmpl;
  item.category = category;
  item.question = question;
  item.options = std::move(options);
  item.answer_index = answer;
  item.answer_value = item.options[static_cast<size_t>(answer)];
  item.answer_kind = "value";
  return item;
}

// Items where "left" is always right and always option `letter`.
std::vector<qa::QaItem> Biased(const std::string& prefix, int n) {
  std::vector<qa::QaItem> items;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> options = {"right", "up", "down"};
    const int answer = i % 4;
    options.insert(options.begin() + answer, "left");
    items.push_back(Item(prefix + std::to_string(i), "dir", "Which way does the red cube move?",
                         options, answer));
  }
  return items;
}

// Items whose answer cycles through every option text and letter: nothing to learn.
std::vector<qa::QaItem> Fair(const std::string& prefix, int n) {
  const std::vector<std::string> texts = {"left", "right", "up", "down"};
  std::vector<qa::QaItem> items;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> options;
    for (int k = 0; k < 4; ++k) options.push_back(texts[static_cast<size_t>((i / 4 + k) % 4)]);
    items.push_back(
        Item(prefix + std::to_string(i), "dir", "Which way does the cube move?", options, i % 4));
  }
  return items;
}

TEST(Stats, CountsPerSplitCategoryTemplateLetterAndValue) {
  std::vector<qa::QaItem> train = Biased("a", 8);
  train.push_back(Item("x", "count", "How many?", {"1", "2", "3"}, 2, "counting"));
  const DatasetStats s =
      ComputeStats({{"train", train}, {"test", Biased("b", 4)}}, "train", "test");
  EXPECT_EQ(s.items.at("train"), 9);
  EXPECT_EQ(s.items.at("test"), 4);
  EXPECT_EQ(s.categories.at("train").at("translation"), 8);
  EXPECT_EQ(s.categories.at("train").at("counting"), 1);
  EXPECT_EQ(s.templates.at("test").at("dir"), 4);
  EXPECT_EQ(s.letters.at("train").at("A"), 2);
  EXPECT_EQ(s.letters.at("train").at("C"), 3);  // two "left" items and the count item
  EXPECT_EQ(s.values.at("dir").at("left"), 12);
  EXPECT_EQ(s.values.at("count").at("3"), 1);
}

TEST(Stats, BiasedAnswersAreCaughtByTheBaselines) {
  const DatasetStats s =
      ComputeStats({{"train", Biased("a", 40)}, {"test", Biased("b", 40)}}, "train", "test");
  ASSERT_EQ(s.baselines.size(), 3u);
  const Baseline& frequent = s.baselines[0];
  EXPECT_EQ(frequent.name, "most_frequent_answer");
  EXPECT_EQ(frequent.n, 40);
  EXPECT_DOUBLE_EQ(frequent.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(frequent.chance, 0.25);
  EXPECT_FALSE(frequent.near_chance);
  EXPECT_EQ(s.baselines[2].name, "text_prior");
  EXPECT_DOUBLE_EQ(s.baselines[2].accuracy, 1.0);
  EXPECT_THAT(StatsReport(s), HasSubstr("ABOVE chance"));
}

TEST(Stats, FairAnswersStayNearChance) {
  const DatasetStats s =
      ComputeStats({{"train", Fair("a", 64)}, {"test", Fair("b", 64)}}, "train", "test");
  ASSERT_EQ(s.baselines.size(), 3u);
  for (const Baseline& b : s.baselines) {
    EXPECT_TRUE(b.near_chance) << b.name << " " << b.accuracy;
    EXPECT_DOUBLE_EQ(b.chance, 0.25);
  }
  EXPECT_THAT(StatsReport(s), HasSubstr("near chance"));
  EXPECT_THAT(StatsJson(s), HasSubstr("\"schema\": \"synth4d.stats/1\""));
}

TEST(Stats, WilsonIntervalAndVerdict) {
  const auto [lo, hi] = WilsonInterval(50, 100);
  EXPECT_NEAR(lo, 0.4038, 1e-4);  // textbook values for 50/100
  EXPECT_NEAR(hi, 0.5962, 1e-4);
  const auto [zlo, zhi] = WilsonInterval(0, 10);
  EXPECT_DOUBLE_EQ(zlo, 0.0);
  EXPECT_NEAR(zhi, 0.2775, 1e-4);
  EXPECT_TRUE(NearChance(0.29, 0.25, 0.27));  // within 5 points
  EXPECT_TRUE(NearChance(0.40, 0.25, 0.20));  // the interval reaches chance
  EXPECT_FALSE(NearChance(0.40, 0.25, 0.33));
}

TEST(Stats, NoBaselinesWithoutAScoredSplit) {
  const DatasetStats s = ComputeStats({{"train", Fair("a", 8)}, {"test", {}}}, "train", "test");
  EXPECT_TRUE(s.baselines.empty());
  EXPECT_THAT(StatsReport(s), HasSubstr("need questions"));
}

TEST(Export, PromptAndAnswer) {
  qa::QaItem item = Item("q", "dir", "Which way does the red cube move?", {"left", "right"}, 1);
  item.rationale = "Its x grows from 10 px to 40 px.";
  EXPECT_EQ(PromptText(item, false),
            "Which way does the red cube move?\nA. left\nB. right\n"
            "Answer with the option's letter from the given choices directly.");
  EXPECT_EQ(AnswerText(item, false), "B");
  EXPECT_EQ(AnswerText(item, true), "Its x grows from 10 px to 40 px. Answer: B.");
  EXPECT_THAT(PromptText(item, true), HasSubstr("end with \"Answer: \""));
  EXPECT_TRUE(ParseSftFormat("llamafactory").ok());
  EXPECT_FALSE(ParseSftFormat("alpaca").ok());
}

TEST(Export, CapCategoriesKeepsTheLowestHashes) {
  std::vector<qa::QaItem> items = Fair("a", 6);
  for (int i = 0; i < 2; ++i)
    items.push_back(Item("c" + std::to_string(i), "n", "How many?", {"1", "2"}, 0, "counting"));
  const std::vector<qa::QaItem> capped = CapCategories(items, 2);
  ASSERT_EQ(capped.size(), 4u);
  int counting = 0;
  for (const qa::QaItem& item : capped) counting += item.category == "counting" ? 1 : 0;
  EXPECT_EQ(counting, 2);
  EXPECT_EQ(CapCategories(items, 2).size(), 4u);  // deterministic
  EXPECT_EQ(CapCategories(items, 100).size(), items.size());
}

}  // namespace
}  // namespace synth4d::shard
