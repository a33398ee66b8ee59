#include "synth4d/evaluator/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "internal_json.h"
#include "synth4d/core/file.h"

namespace synth4d::evaluator {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

namespace {

core::Result<double> Number(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{}: missing number `{}`", where, key));
  }
  return it->get<double>();
}

core::Result<std::map<std::string, double>> Accuracies(const json& doc, const char* key,
                                                       const std::string& where) {
  std::map<std::string, double> out;
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return out;
  if (!it->is_object()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{}: `{}` is not an object", where, key));
  }
  for (const auto& [name, stats] : it->items()) {
    SYNTH4D_ASSIGN_OR_RETURN(out[name], Number(stats, "accuracy", where + " " + key + "." + name));
  }
  return out;
}

core::Result<LeaderboardRow> ReadRow(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / "results.json";
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(file));
  SYNTH4D_ASSIGN_OR_RETURN(json doc, internal::ParseJsonDocument(text, file.string()));
  const std::string where = file.string();
  const auto overall = doc.find("overall");
  if (!doc.is_object() || overall == doc.end() || !overall->is_object()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     where + ": expected synth4d results.json with an `overall` object");
  }
  LeaderboardRow row;
  row.run =
      dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  if (doc.contains("model") && doc["model"].is_string())
    row.model = doc["model"].get<std::string>();
  SYNTH4D_ASSIGN_OR_RETURN(row.accuracy, Number(*overall, "accuracy", where + " overall"));
  SYNTH4D_ASSIGN_OR_RETURN(double n, Number(*overall, "n", where + " overall"));
  row.n = static_cast<int>(n);
  SYNTH4D_ASSIGN_OR_RETURN(row.invalid_rate, Number(*overall, "invalid_rate", where + " overall"));
  const auto ci = overall->find("ci95");
  if (ci != overall->end() && ci->is_array() && ci->size() == 2) {
    row.ci_low = (*ci)[0].get<double>();
    row.ci_high = (*ci)[1].get<double>();
  }
  SYNTH4D_ASSIGN_OR_RETURN(row.categories, Accuracies(doc, "by_category", where));
  SYNTH4D_ASSIGN_OR_RETURN(row.splits, Accuracies(doc, "by_split", where));
  const auto circular = doc.find("circular");
  if (circular != doc.end() && circular->is_object() && circular->contains("overall")) {
    SYNTH4D_ASSIGN_OR_RETURN(double c,
                             Number((*circular)["overall"], "accuracy", where + " circular"));
    row.circular = c;
  }
  return row;
}

}  // namespace

core::Result<std::vector<LeaderboardRow>> LoadLeaderboard(
    const std::vector<std::filesystem::path>& dirs) {
  std::vector<LeaderboardRow> rows;
  for (const std::filesystem::path& dir : dirs) {
    SYNTH4D_ASSIGN_OR_RETURN(LeaderboardRow row, ReadRow(dir));
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const LeaderboardRow& a, const LeaderboardRow& b) {
    if (a.accuracy != b.accuracy) return a.accuracy > b.accuracy;
    return a.run < b.run;
  });
  return rows;
}

std::string LeaderboardMarkdown(const std::vector<LeaderboardRow>& rows) {
  std::set<std::string> splits;
  std::set<std::string> categories;
  bool circular = false;
  for (const LeaderboardRow& row : rows) {
    for (const auto& [name, v] : row.splits) splits.insert(name);
    for (const auto& [name, v] : row.categories) categories.insert(name);
    circular = circular || row.circular.has_value();
  }
  if (splits.size() < 2) splits.clear();  // one split repeats the overall column
  std::string header = "| # | run | model | n | accuracy % | 95% CI | invalid % |";
  std::string rule = "|---:|---|---|---:|---:|---|---:|";
  for (const std::string& s : splits) {
    header += " " + s + " |";
    rule += "---:|";
  }
  for (const std::string& c : categories) {
    header += " " + c + " |";
    rule += "---:|";
  }
  if (circular) {
    header += " circular % |";
    rule += "---:|";
  }
  std::string out = header + "\n" + rule + "\n";
  auto cell = [](const std::map<std::string, double>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? std::string("–") : fmt::format("{:.1f}", it->second);
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const LeaderboardRow& r = rows[i];
    out += fmt::format("| {} | {} | {} | {} | {:.1f} | [{:.1f}, {:.1f}] | {:.1f} |", i + 1, r.run,
                       r.model, r.n, r.accuracy, r.ci_low, r.ci_high, r.invalid_rate);
    for (const std::string& s : splits) out += " " + cell(r.splits, s) + " |";
    for (const std::string& c : categories) out += " " + cell(r.categories, c) + " |";
    if (circular) {
      out += " " + (r.circular ? fmt::format("{:.1f}", *r.circular) : std::string("–")) + " |";
    }
    out += "\n";
  }
  return out;
}

std::string LeaderboardJson(const std::vector<LeaderboardRow>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const LeaderboardRow& r : rows) {
    nlohmann::ordered_json j;
    j["run"] = r.run;
    j["model"] = r.model;
    j["n"] = r.n;
    j["accuracy"] = r.accuracy;
    j["ci95"] = {r.ci_low, r.ci_high};
    j["invalid_rate"] = r.invalid_rate;
    j["by_split"] = r.splits;
    j["by_category"] = r.categories;
    j["circular"] =
        r.circular ? nlohmann::ordered_json(*r.circular) : nlohmann::ordered_json(nullptr);
    out.push_back(std::move(j));
  }
  return out.dump(2) + "\n";
}

}  // namespace synth4d::evaluator
