// report.html: a self-contained page with inline SVG charts (no scripts, no network).
#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "synth4d/evaluator/report.h"

namespace synth4d::evaluator {

namespace {

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

using Row = std::pair<std::string, GroupStats>;

constexpr int kLabelWidth = 190;
constexpr int kPlotWidth = 420;
constexpr int kRowHeight = 26;

// Horizontal bars of accuracy with a Wilson 95% whisker and a dashed chance marker per row.
std::string AccuracyChart(const std::string& title, const std::vector<Row>& rows) {
  const int height = 40 + kRowHeight * static_cast<int>(rows.size()) + 24;
  const int width = kLabelWidth + kPlotWidth + 110;
  std::string svg = fmt::format(
      "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{}\" height=\"{}\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n",
      Escape(title), width, height);
  auto x_of = [](double pct) { return kLabelWidth + pct / 100.0 * kPlotWidth; };
  for (int tick = 0; tick <= 100; tick += 25) {
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"30\" x2=\"{0:.1f}\" y2=\"{1}\" stroke=\"#ddd\"/>"
        "<text x=\"{0:.1f}\" y=\"22\" text-anchor=\"middle\" fill=\"#555\">{2}%</text>\n",
        x_of(tick), height - 24, tick);
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [label, s] = rows[i];
    const double y = 34 + kRowHeight * static_cast<double>(i);
    const Interval ci = s.Ci95();
    svg += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>"
        "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"16\" fill=\"#4a78b5\"/>"
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#111\"/>"
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#111\"/>"
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#111\"/>"
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#c0392b\" "
        "stroke-dasharray=\"3,2\" stroke-width=\"2\"/>"
        "<text x=\"{}\" y=\"{:.1f}\">{:.1f}% (n={})</text>\n",
        kLabelWidth - 8, y + 12, Escape(label), kLabelWidth, y, s.Accuracy() / 100.0 * kPlotWidth,
        x_of(ci.low), y + 8, x_of(ci.high), y + 8, x_of(ci.low), y + 3, x_of(ci.low), y + 13,
        x_of(ci.high), y + 3, x_of(ci.high), y + 13, x_of(s.Chance()), y - 2, x_of(s.Chance()),
        y + 18, kLabelWidth + kPlotWidth + 8, y + 12, s.Accuracy(), s.n);
  }
  svg += fmt::format(
      "<text x=\"{}\" y=\"{}\" fill=\"#555\">bars: accuracy; whiskers: 95% Wilson interval; "
      "red dashes: chance level</text>\n</svg></figure>\n",
      kLabelWidth, height - 6);
  return svg;
}

// Horizontal stacked bars of errors per ground-truth answer value: wrong option, then invalid.
std::string ErrorChart(const GroupTable& by_answer) {
  std::vector<Row> rows(by_answer.begin(), by_answer.end());
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.second.n - a.second.correct > b.second.n - b.second.correct;
  });
  if (rows.size() > 20) rows.resize(20);
  int max_errors = 1;
  for (const Row& r : rows) max_errors = std::max(max_errors, r.second.n - r.second.correct);
  const int height = 40 + kRowHeight * static_cast<int>(rows.size()) + 24;
  std::string svg = fmt::format(
      "<figure><figcaption>Errors by ground-truth answer value (top {})</figcaption><svg "
      "xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      rows.size(), kLabelWidth + kPlotWidth + 150, height);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [label, s] = rows[i];
    const double y = 34 + kRowHeight * static_cast<double>(i);
    const int wrong = s.n - s.correct - s.invalid;
    const double w_wrong = static_cast<double>(wrong) / max_errors * kPlotWidth;
    const double w_invalid = static_cast<double>(s.invalid) / max_errors * kPlotWidth;
    svg += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>"
        "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"16\" fill=\"#c0392b\"/>"
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"16\" fill=\"#999\"/>"
        "<text x=\"{}\" y=\"{:.1f}\">{} of {} wrong ({:.1f}%), {} invalid</text>\n",
        kLabelWidth - 8, y + 12, Escape(label.size() > 28 ? label.substr(0, 27) + "…" : label),
        kLabelWidth, y, w_wrong, kLabelWidth + w_wrong, y, w_invalid, kLabelWidth + kPlotWidth + 8,
        y + 12, s.n - s.correct, s.n, 100.0 - s.Accuracy(), s.invalid);
  }
  svg += fmt::format(
      "<text x=\"{}\" y=\"{}\" fill=\"#555\">red: a wrong option; grey: no option read</text>\n"
      "</svg></figure>\n",
      kLabelWidth, height - 6);
  return svg;
}

std::string HtmlTable(const std::string& key_name, const std::vector<Row>& rows) {
  std::string out = "<table><tr><th>" + Escape(key_name) +
                    "</th><th>n</th><th>correct</th><th>accuracy %</th><th>95% CI</th>"
                    "<th>invalid %</th><th>chance %</th></tr>\n";
  for (const auto& [key, s] : rows) {
    const Interval ci = s.Ci95();
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.1f}</td><td>[{:.1f}, {:.1f}]</td>"
        "<td>{:.1f}</td><td>{:.1f}</td></tr>\n",
        Escape(key), s.n, s.correct, s.Accuracy(), ci.low, ci.high, s.InvalidRate(), s.Chance());
  }
  return out + "</table>\n";
}

std::vector<Row> Rows(const GroupTable& table) { return {table.begin(), table.end()}; }

}  // namespace

std::string ReportHtml(const Scorecard& card) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>synth4d eval: " +
      Escape(card.model) +
      "</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;"
      "text-align:right}td:first-child,th:first-child{text-align:left}"
      "figcaption{font-weight:bold;margin:1em 0 .3em}</style></head><body>\n";
  html += "<h1>Evaluation: " + Escape(card.model) + "</h1>\n";
  const Interval ci = card.overall.Ci95();
  html += fmt::format(
      "<p>Overall accuracy <b>{:.1f}%</b> (95% CI {:.1f}–{:.1f}) on {} questions; {} invalid "
      "({:.1f}%); chance {:.1f}%.</p>\n",
      card.overall.Accuracy(), ci.low, ci.high, card.overall.n, card.overall.invalid,
      card.overall.InvalidRate(), card.overall.Chance());
  std::vector<Row> overall_rows{{"all", card.overall}};
  if (!card.by_category.empty()) {
    html += AccuracyChart("Accuracy per category", Rows(card.by_category));
    html += HtmlTable("category", Rows(card.by_category));
  }
  if (card.by_split.size() > 1) html += AccuracyChart("Accuracy per split", Rows(card.by_split));
  html += "<h2>Overall and per split</h2>\n" + HtmlTable("group", overall_rows) +
          HtmlTable("split", Rows(card.by_split));
  if (!card.by_template.empty()) {
    html += AccuracyChart("Accuracy per template", Rows(card.by_template));
  }
  if (card.circular) {
    std::vector<Row> rows{{"all", card.circular_overall}};
    for (const auto& row : card.circular_by_category) rows.push_back(row);
    html += AccuracyChart("Circular accuracy (every rotation right)", rows);
  }
  if (card.pairs) {
    html += fmt::format("<p>Pair consistency: {} of {} pairs fully right ({:.1f}%).</p>\n",
                        card.pairs->consistent, card.pairs->pairs, card.pairs->Accuracy());
  }
  html += ErrorChart(card.by_answer);
  html += "</body></html>\n";
  return html;
}

}  // namespace synth4d::evaluator
