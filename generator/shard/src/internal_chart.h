#pragma once
// Horizontal bar charts drawn into an RGBA image, labelled with a built-in 3x5 pixel font.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "synth4d/core/image.h"

namespace synth4d::shard::internal {

struct Bar {
  std::string label;
  double value = 0.0;
  std::string text;  // drawn after the bar (the value, formatted by the caller)
};

// A chart with one bar per entry, scaled to the largest value (or `max` when set); `reference`
// draws a vertical line at that value (chance). Letters are drawn upper-case.
core::ImageRgba8 BarChart(const std::string& title, const std::vector<Bar>& bars,
                          std::optional<double> max = std::nullopt,
                          std::optional<double> reference = std::nullopt);

}  // namespace synth4d::shard::internal
