// The VLM4D development sample (../shared/vlm4d_dev, read in place, never copied): extraction
// agrees with the human-verified verdicts, and scoring reproduces VLM4D's published numbers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "synth4d/evaluator/benchmark.h"
#include "synth4d/evaluator/predictions.h"
#include "synth4d/evaluator/score.h"

namespace synth4d::evaluator {
namespace {

namespace fs = std::filesystem;

fs::path DevDir() { return fs::path(SYNTH4D_SOURCE_DIR) / ".." / "shared" / "vlm4d_dev"; }

#define SKIP_WITHOUT_DEV_SAMPLE()                                                 \
  if (!fs::exists(DevDir() / "real_mc.json")) {                                   \
    GTEST_SKIP() << "VLM4D development sample not found at " << DevDir().string() \
                 << " (it lives beside the repository, in ../shared/vlm4d_dev)";  \
  }

const char* kResponseFiles[] = {"real_cot_gpt-4o_32frame.json",
                                "real_cot_Qwen2.5-VL-7B-Instruct_1fps.json",
                                "real_direct_InternVL2_5-8B_4frame.json"};

// The human-verified verdict per id, from the response file's own `correct` field.
std::map<std::string, bool> Verdicts(const fs::path& file) {
  std::ifstream in(file);
  const nlohmann::json doc = nlohmann::json::parse(in);
  std::map<std::string, bool> out;
  for (const auto& record : doc)
    out[record["id"].get<std::string>()] = record["correct"].get<bool>();
  return out;
}

Scorecard ScoreFile(const Benchmark& benchmark, const fs::path& file) {
  const core::Result<PredictionSet> predictions = LoadPredictions(file);
  EXPECT_TRUE(predictions.ok()) << predictions.error().ToString();
  return Score({{&benchmark, &*predictions}});
}

TEST(DevSampleTest, ExtractionAgreesWithVerifiedVerdictsOnEachFile) {
  SKIP_WITHOUT_DEV_SAMPLE();
  const core::Result<Benchmark> benchmark = LoadBenchmark(DevDir() / "real_mc.json");
  ASSERT_TRUE(benchmark.ok()) << benchmark.error().ToString();
  std::map<std::string, std::pair<int, int>> by_rule;  // rule -> (decided, agreed), all files
  for (const char* name : kResponseFiles) {
    const fs::path file = DevDir() / "responses" / name;
    const std::map<std::string, bool> verdicts = Verdicts(file);
    const Scorecard card = ScoreFile(*benchmark, file);
    int agree = 0;
    for (const ScoredItem& item : card.items) {
      const auto it = verdicts.find(item.id);
      ASSERT_NE(it, verdicts.end()) << item.id;
      auto& [decided, agreed] = by_rule[item.attempts[0].extraction.rule];
      ++decided;
      agreed += it->second == item.Correct() ? 1 : 0;
      if (it->second == item.Correct()) {
        ++agree;
      } else {
        const Extraction& e = item.attempts[0].extraction;
        std::cout << name << " " << item.id << ": verified " << it->second << ", extracted "
                  << (e.index >= 0 ? std::string(1, e.letter()) : std::string("none"))
                  << " by rule " << e.rule << "\n";
      }
    }
    const double rate = 100.0 * agree / static_cast<double>(card.items.size());
    std::cout << name << ": agreement " << agree << "/" << card.items.size() << " = " << rate
              << "%\n";
    RecordProperty(std::string("agreement_") + name, std::to_string(rate));
    EXPECT_GE(rate, 99.85) << name;
  }
  // The per-rule table of docs/evaluator.md: how often each rule decided and was right.
  std::cout << "| Rule | Decided | Agreed |\n|---|---|---|\n";
  for (const auto& [rule, counts] : by_rule) {
    std::cout << "| `" << rule << "` | " << counts.first << " | " << counts.second << " |\n";
    RecordProperty("rule_" + rule,
                   std::to_string(counts.second) + "/" + std::to_string(counts.first));
  }
}

TEST(DevSampleTest, Gpt4oChainOfThoughtRealAccuracyMatchesThePaper) {
  SKIP_WITHOUT_DEV_SAMPLE();
  const core::Result<Benchmark> benchmark = LoadBenchmark(DevDir() / "real_mc.json");
  ASSERT_TRUE(benchmark.ok()) << benchmark.error().ToString();
  const fs::path file = DevDir() / "responses" / "real_cot_gpt-4o_32frame.json";
  const Scorecard card = ScoreFile(*benchmark, file);
  // VLM4D Table 1, GPT-4o: Real Avg 60.0, Ego 55.5, Exo 62.2 (percent).
  EXPECT_EQ(card.overall.n, 1371);
  EXPECT_NEAR(card.overall.Accuracy(), 60.0, 1.0);
  EXPECT_NEAR(card.by_category.at("ego-centric").Accuracy(), 55.5, 1.0);
  EXPECT_NEAR(card.by_category.at("exo-centric").Accuracy(), 62.2, 1.0);
  int verified_correct = 0;
  for (const auto& [id, ok] : Verdicts(file)) verified_correct += ok ? 1 : 0;
  std::cout << "GPT-4o real CoT: ours " << card.overall.Accuracy() << "%, file's verdicts "
            << 100.0 * verified_correct / 1371.0 << "%\n";
  EXPECT_NEAR(100.0 * verified_correct / 1371.0, 60.0, 0.1);
}

TEST(DevSampleTest, Vlm4dCategoriesAreRecoveredAsItsScorerDoes) {
  SKIP_WITHOUT_DEV_SAMPLE();
  const core::Result<Benchmark> real = LoadBenchmark(DevDir() / "real_mc.json");
  const core::Result<Benchmark> synthetic = LoadBenchmark(DevDir() / "synthetic_mc.json");
  ASSERT_TRUE(real.ok()) << real.error().ToString();
  ASSERT_TRUE(synthetic.ok()) << synthetic.error().ToString();
  EXPECT_EQ(real->format, BenchmarkFormat::kVlm4dReal);
  EXPECT_EQ(synthetic->format, BenchmarkFormat::kVlm4dSynthetic);
  std::map<std::string, int> counts;
  for (const McqItem& item : real->items) ++counts[item.category];
  for (const McqItem& item : synthetic->items) ++counts[item.category];
  // vlm4d.md §1: 922 exo (ids <= 922), 449 ego; 45 false-positive and 400 directional.
  EXPECT_EQ(counts["exo-centric"], 922);
  EXPECT_EQ(counts["ego-centric"], 449);
  EXPECT_EQ(counts["false-positive"], 45);
  EXPECT_EQ(counts["directional"], 400);
  // validation_633 has two options with the same text; both are right.
  for (const McqItem& item : real->items) {
    if (item.id == "validation_633") {
      EXPECT_EQ(item.correct, (std::vector<int>{2, 3}));
    }
  }
}

}  // namespace
}  // namespace synth4d::evaluator
