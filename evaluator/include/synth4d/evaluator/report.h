#pragma once
// Score outputs: results.json, results.md, items.jsonl and report.html (docs/evaluator.md,
// "Outputs"). Accuracies are percentages; intervals are Wilson 95%.
#include <filesystem>
#include <map>
#include <string>

#include "synth4d/core/result.h"
#include "synth4d/evaluator/score.h"

namespace synth4d::evaluator {

// Settings recorded in results.json under "config" (never secrets).
using RunConfig = std::map<std::string, std::string>;

// results.json: model, config, benchmarks, overall, by_category/template/split/answer,
// circular, pairs and extraction counts.
std::string ResultsJson(const Scorecard& card, const RunConfig& config);

// results.md: the same numbers as Markdown tables.
std::string ResultsMarkdown(const Scorecard& card);

// items.jsonl: one line per benchmark item: id, split, answer, extracted (letter or null),
// correct, rule, and per-rotation outcomes when scored circularly.
std::string ItemsJsonl(const Scorecard& card);

// report.html: a self-contained page (no network) with inline SVG charts: accuracy per category
// and split with 95% interval bars and the chance level, and errors by answer value.
std::string ReportHtml(const Scorecard& card);

// Writes the four files into `dir` (created if needed), each atomically.
core::Status WriteScoreReports(const Scorecard& card, const RunConfig& config,
                               const std::filesystem::path& dir);

}  // namespace synth4d::evaluator
