#pragma once
// `synth4d stats`: counts per category, template and split, the distributions of answer letters
// and answer values, and blind baselines that never see the video (docs/datasets.md, "Fairness").
// A fair dataset keeps blind baselines near chance.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/qa/item.h"

namespace synth4d::shard {

// A blind baseline's accuracy on the scored split, against chance (mean of 1 / options).
struct Baseline {
  std::string name;       // "most_frequent_answer", "text_prior"
  std::string fitted_on;  // split it learned from
  std::string scored_on;  // split it was scored on
  int n = 0;              // questions scored
  double accuracy = 0.0;
  double chance = 0.0;
  double ci_low = 0.0;  // Wilson 95% interval of the accuracy
  double ci_high = 0.0;
  bool near_chance = false;  // accuracy - chance <= 0.05, or the interval reaches chance
};

struct DatasetStats {
  std::vector<std::string> splits;                               // in dataset order
  std::map<std::string, int> items;                              // split -> questions
  std::map<std::string, std::map<std::string, int>> categories;  // split -> category -> n
  std::map<std::string, std::map<std::string, int>> templates;   // split -> template -> n
  std::map<std::string, std::map<std::string, int>> letters;     // split -> letter -> n
  std::map<std::string, std::map<std::string, int>> values;      // template -> answer value -> n
  std::vector<Baseline> baselines;
};

// The baseline verdict: near chance when accuracy - chance <= 0.05 or ci_low <= chance.
bool NearChance(double accuracy, double chance, double ci_low);

// Wilson score 95% interval of `correct` successes in `n` trials.
std::pair<double, double> WilsonInterval(int correct, int n);

// Statistics of `items` per split (splits in the given order). Baselines are fitted on `fit` and
// scored on `score` (no baselines when either split is empty).
DatasetStats ComputeStats(const std::vector<std::pair<std::string, std::vector<qa::QaItem>>>& items,
                          const std::string& fit, const std::string& score);

// The statistics as JSON (schema synth4d.stats/1).
std::string StatsJson(const DatasetStats& stats);

// A human-readable report ending with one verdict line per baseline.
std::string StatsReport(const DatasetStats& stats);

// Writes PNG bar charts into `dir`: categories.png, templates.png, letters.png, baselines.png.
core::Status WriteStatsCharts(const DatasetStats& stats, const std::filesystem::path& dir);

// Reads the balanced questions of every split of a finished dataset (`raw`: every question of
// the shards instead), computes the statistics (fit on train, score on test, else val, else
// train itself), and writes DIR/stats/stats.json and the charts.
core::Result<DatasetStats> DatasetStatistics(const std::filesystem::path& dataset, bool raw);

}  // namespace synth4d::shard
