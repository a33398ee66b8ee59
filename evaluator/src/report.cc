#include "synth4d/evaluator/report.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "synth4d/core/file.h"

namespace synth4d::evaluator {

using nlohmann::json;
using ordered_json = nlohmann::ordered_json;

namespace {

// Rounds to 3 decimals so results.json stays readable (percentages; 0.001 is far below any CI).
double Round3(double v) { return std::round(v * 1000.0) / 1000.0; }

ordered_json StatsJson(const GroupStats& s) {
  const Interval ci = s.Ci95();
  ordered_json j;
  j["accuracy"] = Round3(s.Accuracy());
  j["n"] = s.n;
  j["correct"] = s.correct;
  j["invalid"] = s.invalid;
  j["invalid_rate"] = Round3(s.InvalidRate());
  j["missing"] = s.missing;
  j["api_errors"] = s.api_errors;
  j["ci95"] = {Round3(ci.low), Round3(ci.high)};
  j["chance"] = Round3(s.Chance());
  return j;
}

ordered_json TableJson(const GroupTable& table) {
  ordered_json j = ordered_json::object();
  for (const auto& [key, stats] : table) j[key] = StatsJson(stats);
  return j;
}

std::string Letters(const std::vector<int>& indices) {
  std::string out;
  for (int i : indices) {
    if (!out.empty()) out += "|";
    out += static_cast<char>('A' + i);
  }
  return out;
}

json LetterOrNull(const Extraction& e) {
  return e.status == ExtractStatus::kAnswered ? json(std::string(1, e.letter())) : json(nullptr);
}

std::string Pct(double v) { return fmt::format("{:.1f}", v); }

std::string StatsRow(const std::string& name, const GroupStats& s) {
  const Interval ci = s.Ci95();
  return fmt::format("| {} | {} | {} | {} | [{}, {}] | {} | {} |\n", name, s.n, s.correct,
                     Pct(s.Accuracy()), Pct(ci.low), Pct(ci.high), Pct(s.InvalidRate()),
                     Pct(s.Chance()));
}

std::string StatsTable(const std::string& title, const std::string& key_name,
                       const GroupTable& table) {
  if (table.empty()) return "";
  std::string out = "\n## " + title + "\n\n| " + key_name +
                    " | n | correct | accuracy % | 95% CI | invalid % | chance % |\n"
                    "|---|---:|---:|---:|---|---:|---:|\n";
  for (const auto& [key, stats] : table) out += StatsRow(key, stats);
  return out;
}

}  // namespace

std::string ResultsJson(const Scorecard& card, const RunConfig& config) {
  ordered_json j;
  j["schema"] = "synth4d-eval-results/1";
  j["model"] = card.model;
  j["config"] = ordered_json::object();
  for (const auto& [key, value] : config) j["config"][key] = value;
  j["benchmarks"] = ordered_json::array();
  for (const BenchmarkSummary& b : card.benchmarks) {
    j["benchmarks"].push_back({{"path", b.path},
                               {"predictions", b.predictions_path},
                               {"format", b.format},
                               {"split", b.split},
                               {"items", b.items},
                               {"predictions_read", b.predictions},
                               {"unmatched_predictions", b.unmatched_predictions},
                               {"own_answer_keys", b.own_keys},
                               {"stale_answer_keys", b.stale_keys},
                               {"circular", b.circular}});
  }
  j["overall"] = StatsJson(card.overall);
  j["by_category"] = TableJson(card.by_category);
  j["by_template"] = TableJson(card.by_template);
  j["by_split"] = TableJson(card.by_split);
  j["by_answer"] = TableJson(card.by_answer);
  if (card.circular) {
    j["circular"] = {{"overall", StatsJson(card.circular_overall)},
                     {"by_category", TableJson(card.circular_by_category)}};
  } else {
    j["circular"] = nullptr;
  }
  if (card.pairs) {
    const Interval ci = WilsonInterval(card.pairs->consistent, card.pairs->pairs);
    j["pairs"] = {{"pairs", card.pairs->pairs},
                  {"consistent", card.pairs->consistent},
                  {"accuracy", Round3(card.pairs->Accuracy())},
                  {"ci95", {Round3(ci.low), Round3(ci.high)}}};
  } else {
    j["pairs"] = nullptr;
  }
  ordered_json rules = ordered_json::object();
  for (const auto& [rule, count] : card.rules) rules[rule] = count;
  j["extraction"] = {{"rules", rules},
                     {"judge",
                      {{"used", card.judge.used},
                       {"asked", card.judge.asked},
                       {"resolved", card.judge.resolved},
                       {"failed", card.judge.failed}}}};
  return j.dump(2) + "\n";
}

std::string ItemsJsonl(const Scorecard& card) {
  std::string out;
  for (const ScoredItem& item : card.items) {
    const AttemptOutcome& first = item.attempts.front();
    ordered_json j;
    j["id"] = item.id;
    j["split"] = item.split;
    if (!item.category.empty()) j["category"] = item.category;
    j["answer"] = Letters(item.correct_options);
    j["extracted"] = LetterOrNull(first.extraction);
    j["correct"] = item.Correct();
    j["rule"] = first.extraction.rule;
    if (!first.error.empty()) j["error"] = first.error;
    if (item.attempts.size() > 1) {
      j["circular_correct"] = item.CircularCorrect();
      j["rotations"] = ordered_json::array();
      for (size_t k = 0; k < item.attempts.size(); ++k) {
        const AttemptOutcome& a = item.attempts[k];
        j["rotations"].push_back({{"rotation", k},
                                  {"extracted", LetterOrNull(a.extraction)},
                                  {"correct", a.correct},
                                  {"rule", a.extraction.rule}});
      }
    }
    out += j.dump() + "\n";
  }
  return out;
}

std::string ResultsMarkdown(const Scorecard& card) {
  std::string out = "# Evaluation results";
  if (!card.model.empty()) out += ": " + card.model;
  out += "\n\nAccuracy in percent; invalid replies count as wrong; 95% Wilson intervals.\n";
  out +=
      "\n## Overall\n\n| group | n | correct | accuracy % | 95% CI | invalid % | chance % |\n"
      "|---|---:|---:|---:|---|---:|---:|\n";
  out += StatsRow("all", card.overall);
  out += StatsTable("By category", "category", card.by_category);
  out += StatsTable("By split", "split", card.by_split);
  out += StatsTable("By template", "template", card.by_template);
  if (card.circular) {
    out +=
        "\n## Circular evaluation (a question counts only if every rotation is right)\n\n"
        "| group | n | correct | accuracy % | 95% CI | invalid % | chance % |\n"
        "|---|---:|---:|---:|---|---:|---:|\n";
    out += StatsRow("all", card.circular_overall);
    for (const auto& [key, stats] : card.circular_by_category) out += StatsRow(key, stats);
  }
  if (card.pairs) {
    out += fmt::format("\n## Pair consistency\n\n{} of {} pairs have every member right ({}%).\n",
                       card.pairs->consistent, card.pairs->pairs, Pct(card.pairs->Accuracy()));
  }
  for (const BenchmarkSummary& b : card.benchmarks) {
    if (b.own_keys == 0) continue;
    out += fmt::format(
        "\n{} predictions carried their own answer key and were scored against it; {} of them "
        "differ from {}.\n",
        b.own_keys, b.stale_keys, b.path);
  }
  out += StatsTable("By answer value", "answer", card.by_answer);
  out += "\n## Extraction rules\n\n| rule | replies |\n|---|---:|\n";
  for (const auto& [rule, count] : card.rules) out += fmt::format("| {} | {} |\n", rule, count);
  if (card.judge.used) {
    out += fmt::format("\nJudge: {} unreadable replies asked, {} resolved, {} failed.\n",
                       card.judge.asked, card.judge.resolved, card.judge.failed);
  }
  return out;
}

core::Status WriteScoreReports(const Scorecard& card, const RunConfig& config,
                               const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return core::MakeError(core::ErrorCode::kIo,
                           dir.string() + ": cannot create output directory: " + ec.message());
  }
  SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / "results.json", ResultsJson(card, config)));
  SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / "results.md", ResultsMarkdown(card)));
  SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / "items.jsonl", ItemsJsonl(card)));
  SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / "report.html", ReportHtml(card)));
  return core::Ok();
}

}  // namespace synth4d::evaluator
