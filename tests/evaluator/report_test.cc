// Score outputs (results.json, results.md, items.jsonl, report.html) and the leaderboard.
#include "synth4d/evaluator/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "synth4d/evaluator/compare.h"
#include "test_util.h"

namespace synth4d::evaluator {
namespace {

using testing::FreshDir;
using testing::ReadText;

Scorecard SmallCard(const std::string& model, int right) {
  Benchmark bench;
  bench.path = "qa.jsonl";
  bench.name = "test";
  for (int i = 0; i < 4; ++i) {
    McqItem item;
    item.id = "q" + std::to_string(i);
    item.question = "Which way?";
    item.options = {{'A', "left"}, {'B', "right <b>"}};
    item.correct = {i % 2};
    item.answer_text = item.options[i % 2].text;
    item.category = i < 2 ? "translation" : "rotation & spin";
    bench.items.push_back(item);
  }
  PredictionSet preds;
  preds.path = "pred.jsonl";
  preds.model = model;
  for (int i = 0; i < 3; ++i) {
    const bool good = i < right;
    preds.predictions.push_back(
        {"q" + std::to_string(i), 0, good == (i % 2 == 0) ? "A" : "B", "", ""});
  }
  return Score({{&bench, &preds}});
}

TEST(ReportTest, WritesTheFourFilesWithTheDocumentedFields) {
  const auto dir = FreshDir("out");
  const Scorecard card = SmallCard("model-x", 2);
  const core::Status status = WriteScoreReports(card, {{"frames", "16"}}, dir);
  ASSERT_TRUE(status.ok()) << status.error().ToString();

  const nlohmann::json results = nlohmann::json::parse(ReadText(dir / "results.json"));
  EXPECT_EQ(results["model"], "model-x");
  EXPECT_EQ(results["config"]["frames"], "16");
  EXPECT_EQ(results["overall"]["n"], 4);
  EXPECT_EQ(results["overall"]["correct"], 2);
  EXPECT_EQ(results["overall"]["invalid"], 1);
  EXPECT_DOUBLE_EQ(results["overall"]["accuracy"].get<double>(), 50.0);
  EXPECT_EQ(results["overall"]["ci95"].size(), 2u);
  EXPECT_DOUBLE_EQ(results["overall"]["chance"].get<double>(), 50.0);
  EXPECT_EQ(results["by_category"]["translation"]["n"], 2);
  EXPECT_TRUE(results["circular"].is_null());

  const std::string items = ReadText(dir / "items.jsonl");
  std::vector<nlohmann::json> lines;
  for (size_t start = 0, end; (end = items.find('\n', start)) != std::string::npos;
       start = end + 1) {
    lines.push_back(nlohmann::json::parse(items.substr(start, end - start)));
  }
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["id"], "q0");
  EXPECT_EQ(lines[0]["extracted"], "A");
  EXPECT_EQ(lines[0]["correct"], true);
  EXPECT_EQ(lines[2]["correct"], false);
  EXPECT_TRUE(lines[3]["extracted"].is_null());

  const std::string md = ReadText(dir / "results.md");
  EXPECT_NE(md.find("| all | 4 | 2 | 50.0 |"), std::string::npos) << md;

  const std::string html = ReadText(dir / "report.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Accuracy per category"), std::string::npos);
  EXPECT_NE(html.find("Errors by ground-truth answer value"), std::string::npos);
  EXPECT_NE(html.find("rotation &amp; spin"), std::string::npos);  // escaped
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);  // self-contained: nothing fetched
  EXPECT_EQ(html.find("href="), std::string::npos);
}

TEST(ReportTest, CompareRanksRunsByAccuracy) {
  const auto root = FreshDir("runs");
  ASSERT_TRUE(WriteScoreReports(SmallCard("weak", 1), {}, root / "weak").ok());
  ASSERT_TRUE(WriteScoreReports(SmallCard("strong", 3), {}, root / "strong").ok());
  const core::Result<std::vector<LeaderboardRow>> rows =
      LoadLeaderboard({root / "weak", root / "strong"});
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].model, "strong");
  EXPECT_DOUBLE_EQ((*rows)[0].accuracy, 75.0);
  EXPECT_EQ((*rows)[1].run, "weak");
  const std::string table = LeaderboardMarkdown(*rows);
  EXPECT_NE(table.find("| 1 | strong | strong | 4 | 75.0 |"), std::string::npos) << table;
  EXPECT_NE(table.find("translation"), std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(LeaderboardJson(*rows));
  EXPECT_EQ(json[1]["model"], "weak");

  const core::Result<std::vector<LeaderboardRow>> missing = LoadLeaderboard({root / "nothing"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("results.json"), std::string::npos);
}

}  // namespace
}  // namespace synth4d::evaluator
