#pragma once
// Horizontal bar charts drawn with Cairo and written as PNG: a title, one labelled bar per entry
// with its value printed at the end, optional interval whiskers, a value axis with ticks and a
// dashed reference line (chance). Same data on the same machine gives the same bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "synth4d/core/result.h"

namespace synth4d::shard::internal {

// Layout in pixels: the title band, one row per bar, the value axis band. Widths follow the text.
inline constexpr int kChartTopPx = 64;
inline constexpr int kChartRowPx = 24;
inline constexpr int kChartBottomPx = 60;
// The bars' fill colour (exact in the PNG: bars are whole-pixel rectangles).
inline constexpr std::array<uint8_t, 3> kBarRgb = {70, 120, 190};

struct Bar {
  std::string label;
  double value = 0.0;
  std::string text;                                   // drawn after the bar (formatted by caller)
  std::optional<std::pair<double, double>> interval;  // whisker from first to second (e.g. 95% CI)
};

struct Chart {
  std::string title;
  std::string label_axis;     // what the bars are ("template"), drawn upright beside the labels
  std::string value_axis;     // what the values are ("questions"), drawn under the ticks
  std::vector<Bar> bars;      // top to bottom
  bool percent = false;       // values are fractions shown as percentages; otherwise whole counts
  std::optional<double> max;  // axis end; by default a round number >= every value
  std::optional<double> reference;  // dashed vertical line at this value (e.g. chance)
  std::string reference_label;      // drawn above the dashed line
};

// Height in pixels of a chart with `bars` bars (an empty chart keeps one row for "no data").
int ChartHeight(size_t bars);

// Draws `chart` and writes it as a PNG at `path` atomically. kInvalidArgument when the image
// would exceed Cairo's 32767-pixel side; kInternal when Cairo fails; kIo when writing fails.
core::Status WriteBarChart(const std::filesystem::path& path, const Chart& chart);

}  // namespace synth4d::shard::internal
