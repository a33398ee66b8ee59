// Statistics and blind baselines on hand-made items; the charts (decoded again); export prompt
// helpers; category caps.
#include "synth4d/shard/stats.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "internal_chart.h"
#include "synth4d/core/file.h"
#include "synth4d/encode/png.h"
#include "synth4d/shard/export.h"
#include "test_util.h"

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

bool IsBar(const core::ImageRgba8& image, int x, int y) {
  for (int c = 0; c < 3; ++c) {
    if (image.at(x, y, c) != internal::kBarRgb[static_cast<size_t>(c)]) return false;
  }
  return true;
}

// Bar-coloured pixels in row `y`.
int BarPixels(const core::ImageRgba8& image, int y) {
  int n = 0;
  for (int x = 0; x < image.width; ++x) n += IsBar(image, x, y) ? 1 : 0;
  return n;
}

// The middle pixel row of bar `i`.
int BarRow(int i) {
  return internal::kChartTopPx + i * internal::kChartRowPx + internal::kChartRowPx / 2;
}

TEST(Stats, ChartIsAPngSizedByItsBarsWithBarsInProportionToValues) {
  const std::filesystem::path dir = testing::FreshDir("chart");
  // The axis ends at the largest value (40, a round number), where a bar is 480 px long.
  const std::vector<double> values = {40, 10, 20, 0, 30};
  internal::Chart chart{
      .title = "Questions per template", .label_axis = "template", .value_axis = "questions"};
  for (size_t i = 0; i < values.size(); ++i) {
    chart.bars.push_back({"template_" + std::to_string(i), values[i], std::to_string(i)});
  }
  ASSERT_TRUE(internal::WriteBarChart(dir / "c.png", chart).ok());
  auto image = encode::ReadPng(dir / "c.png");
  ASSERT_TRUE(image.ok()) << image.error().ToString();
  EXPECT_EQ(image->height,
            internal::kChartTopPx + 5 * internal::kChartRowPx + internal::kChartBottomPx);
  EXPECT_EQ(image->height, internal::ChartHeight(values.size()));
  EXPECT_GT(image->width, 480);
  EXPECT_LT(image->width, 1000);

  EXPECT_EQ(BarPixels(*image, BarRow(0)), 480);
  EXPECT_EQ(BarPixels(*image, BarRow(1)), 120);
  EXPECT_EQ(BarPixels(*image, BarRow(2)), 240);
  EXPECT_EQ(BarPixels(*image, BarRow(3)), 0);
  EXPECT_EQ(BarPixels(*image, BarRow(4)), 360);
  EXPECT_EQ(BarPixels(*image, internal::kChartTopPx), 0);      // the gap between rows
  EXPECT_EQ(BarPixels(*image, internal::kChartTopPx / 2), 0);  // the title band
  int ink = 0;                                                 // text, axes and ticks
  for (int y = 0; y < image->height; ++y) {
    for (int x = 0; x < image->width; ++x) ink += image->at(x, y, 0) < 128 ? 1 : 0;
  }
  EXPECT_GT(ink, 500);

  // Three more bars, three more rows; the same data gives the same bytes.
  for (int i = 0; i < 3; ++i) chart.bars.push_back({"more_" + std::to_string(i), 5.0, "5"});
  ASSERT_TRUE(internal::WriteBarChart(dir / "d.png", chart).ok());
  ASSERT_TRUE(internal::WriteBarChart(dir / "e.png", chart).ok());
  auto more = encode::ReadPng(dir / "d.png");
  ASSERT_TRUE(more.ok()) << more.error().ToString();
  EXPECT_EQ(more->height, image->height + 3 * internal::kChartRowPx);
  EXPECT_EQ(core::ReadFile(dir / "d.png").value(), core::ReadFile(dir / "e.png").value());
}

TEST(Stats, BaselineChartHasAChanceLineAndWhiskers) {
  const std::filesystem::path dir = testing::FreshDir("chart_baselines");
  internal::Chart chart{.title = "Blind baselines",
                        .label_axis = "baseline",
                        .value_axis = "accuracy",
                        .percent = true,
                        .max = 1.0,
                        .reference = 0.25,
                        .reference_label = "chance 25.0%"};
  chart.bars.push_back({"guess", 0.5, "50.0%", std::make_pair(0.25, 0.75)});
  ASSERT_TRUE(internal::WriteBarChart(dir / "b.png", chart).ok());
  auto image = encode::ReadPng(dir / "b.png");
  ASSERT_TRUE(image.ok()) << image.error().ToString();
  EXPECT_EQ(image->height, internal::ChartHeight(1));
  int plot_x = 0;  // where the bar starts; 100% is 480 px to its right
  while (plot_x < image->width && !IsBar(*image, plot_x, BarRow(0) - 6)) ++plot_x;
  ASSERT_LT(plot_x, image->width);
  int end = image->width - 1;  // the bar's last pixel (the chance line crosses the bar)
  while (end > plot_x && !IsBar(*image, end, BarRow(0) - 6)) --end;
  EXPECT_EQ(end + 1 - plot_x, 240);
  auto reddish = [&](int x, int y) {
    return image->at(x, y, 0) > 150 && image->at(x, y, 1) < 110 && image->at(x, y, 2) < 110;
  };
  auto dark = [&](int x, int y) { return image->at(x, y, 0) < 80 && image->at(x, y, 2) < 80; };
  int dashes = 0;  // the chance line at 25%, dashed: some rows red, some not
  for (int y = internal::kChartTopPx; y < image->height - internal::kChartBottomPx; ++y)
    dashes += reddish(plot_x + 120, y) ? 1 : 0;
  EXPECT_GT(dashes, 5);
  EXPECT_LT(dashes, internal::kChartRowPx);
  // The whisker spans 25% to 75% on the bar's middle row, beyond the bar's end at 50%.
  EXPECT_TRUE(dark(plot_x + 300, BarRow(0)));
  EXPECT_TRUE(dark(plot_x + 360, BarRow(0) + 3));  // the cap at 75%
  EXPECT_FALSE(dark(plot_x + 300, BarRow(0) - 6));
}

TEST(Stats, WriteStatsChartsDrawsOneBarPerEntry) {
  const std::filesystem::path dir = testing::FreshDir("stats_charts");
  const DatasetStats s =
      ComputeStats({{"train", Biased("a", 8)}, {"test", Biased("b", 8)}}, "train", "test");
  ASSERT_TRUE(WriteStatsCharts(s, dir).ok());
  const std::vector<std::pair<std::string, size_t>> charts = {
      {"categories.png", 1}, {"templates.png", 1}, {"letters.png", 8}, {"baselines.png", 3}};
  for (const auto& [name, bars] : charts) {
    auto image = encode::ReadPng(dir / name);
    ASSERT_TRUE(image.ok()) << name << ": " << image.error().ToString();
    EXPECT_EQ(image->height, internal::ChartHeight(bars)) << name;
    EXPECT_GT(BarPixels(*image, BarRow(0)), 0) << name;
  }
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
