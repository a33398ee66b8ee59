#pragma once
// Leaderboards: several runs' results.json side by side, best overall accuracy first.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/result.h"

namespace synth4d::evaluator {

// One run, as read from DIR/results.json. Percentages.
struct LeaderboardRow {
  std::string run;  // the directory name
  std::string model;
  int n = 0;
  double accuracy = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
  double invalid_rate = 0.0;
  std::map<std::string, double> categories;
  std::map<std::string, double> splits;
  std::optional<double> circular;
};

// Reads DIR/results.json for each directory, sorted by accuracy (descending, then run name).
// Fails naming the file that is missing or malformed.
core::Result<std::vector<LeaderboardRow>> LoadLeaderboard(
    const std::vector<std::filesystem::path>& dirs);

// A Markdown table: rank, run, model, n, accuracy, CI, invalid %, splits, categories, circular.
std::string LeaderboardMarkdown(const std::vector<LeaderboardRow>& rows);

// The same as JSON (an array of rows).
std::string LeaderboardJson(const std::vector<LeaderboardRow>& rows);

}  // namespace synth4d::evaluator
