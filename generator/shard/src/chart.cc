#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>

#include "internal_chart.h"

namespace synth4d::shard::internal {
namespace {

constexpr int kScale = 2;             // font pixel size
constexpr int kAdvance = 4 * kScale;  // 3 columns + 1 gap
constexpr int kRow = 8 * kScale;      // 5 rows + 3 gap
constexpr int kBarArea = 420;

// 3x5 glyphs: 5 rows of 3 bits, top row first, most significant bit on the left.
const std::map<char, std::array<uint8_t, 5>>& Font() {
  static const auto* font = new std::map<char, std::array<uint8_t, 5>>{
      {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}},
      {'3', {7, 1, 7, 1, 7}}, {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}},
      {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 1, 1, 1}}, {'8', {7, 5, 7, 5, 7}},
      {'9', {7, 5, 7, 1, 7}}, {'A', {2, 5, 7, 5, 5}}, {'B', {6, 5, 6, 5, 6}},
      {'C', {3, 4, 4, 4, 3}}, {'D', {6, 5, 5, 5, 6}}, {'E', {7, 4, 6, 4, 7}},
      {'F', {7, 4, 6, 4, 4}}, {'G', {3, 4, 5, 5, 3}}, {'H', {5, 5, 7, 5, 5}},
      {'I', {7, 2, 2, 2, 7}}, {'J', {1, 1, 1, 5, 2}}, {'K', {5, 5, 6, 5, 5}},
      {'L', {4, 4, 4, 4, 7}}, {'M', {5, 7, 7, 5, 5}}, {'N', {6, 5, 5, 5, 5}},
      {'O', {2, 5, 5, 5, 2}}, {'P', {6, 5, 6, 4, 4}}, {'Q', {2, 5, 5, 6, 3}},
      {'R', {6, 5, 6, 5, 5}}, {'S', {3, 4, 2, 1, 6}}, {'T', {7, 2, 2, 2, 2}},
      {'U', {5, 5, 5, 5, 7}}, {'V', {5, 5, 5, 5, 2}}, {'W', {5, 5, 7, 7, 5}},
      {'X', {5, 5, 2, 5, 5}}, {'Y', {5, 5, 2, 2, 2}}, {'Z', {7, 1, 2, 4, 7}},
      {'_', {0, 0, 0, 0, 7}}, {'-', {0, 0, 7, 0, 0}}, {'.', {0, 0, 0, 0, 2}},
      {'%', {5, 1, 2, 4, 5}}, {':', {0, 2, 0, 2, 0}}, {'/', {1, 1, 2, 4, 4}},
      {'(', {1, 2, 2, 2, 1}}, {')', {4, 2, 2, 2, 4}}, {'+', {0, 2, 7, 2, 0}},
      {'=', {0, 7, 0, 7, 0}}, {',', {0, 0, 0, 2, 4}},
  };
  return *font;
}

void Fill(core::ImageRgba8& image, int x0, int y0, int x1, int y1, std::array<uint8_t, 3> rgb) {
  for (int y = std::max(0, y0); y < std::min(image.height, y1); ++y) {
    for (int x = std::max(0, x0); x < std::min(image.width, x1); ++x) {
      for (int c = 0; c < 3; ++c) image.at(x, y, c) = rgb[static_cast<size_t>(c)];
    }
  }
}

void Text(core::ImageRgba8& image, int x, int y, const std::string& text) {
  for (char raw : text) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    const auto glyph = Font().find(c);
    if (glyph != Font().end()) {
      for (int row = 0; row < 5; ++row) {
        for (int col = 0; col < 3; ++col) {
          if ((glyph->second[static_cast<size_t>(row)] >> (2 - col)) & 1) {
            Fill(image, x + col * kScale, y + row * kScale, x + (col + 1) * kScale,
                 y + (row + 1) * kScale, {30, 30, 30});
          }
        }
      }
    }
    x += kAdvance;
  }
}

}  // namespace

core::ImageRgba8 BarChart(const std::string& title, const std::vector<Bar>& bars,
                          std::optional<double> max, std::optional<double> reference) {
  size_t label_chars = 4, text_chars = 4;
  double top = max.value_or(0.0);
  for (const Bar& b : bars) {
    label_chars = std::max(label_chars, b.label.size());
    text_chars = std::max(text_chars, b.text.size());
    if (!max) top = std::max(top, b.value);
  }
  if (top <= 0.0) top = 1.0;
  const int margin = 12;
  const int bar_x = margin + static_cast<int>(label_chars) * kAdvance + 8;
  const int width = bar_x + kBarArea + 8 + static_cast<int>(text_chars) * kAdvance + margin;
  const int height = margin * 2 + kRow * (static_cast<int>(bars.size()) + 2);
  core::ImageRgba8 image(width, height, 4, 255);
  Text(image, margin, margin, title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = margin + kRow * (static_cast<int>(i) + 2);
    Text(image, margin, y, bars[i].label);
    const int length =
        static_cast<int>(std::lround(std::clamp(bars[i].value / top, 0.0, 1.0) * kBarArea));
    Fill(image, bar_x, y - 2, bar_x + length, y + 5 * kScale + 2, {70, 120, 190});
    Text(image, bar_x + length + 6, y, bars[i].text);
  }
  if (reference) {
    const int x =
        bar_x + static_cast<int>(std::lround(std::clamp(*reference / top, 0.0, 1.0) * kBarArea));
    Fill(image, x - 1, margin + kRow * 2 - 4, x + 1, height - margin, {200, 60, 50});
  }
  return image;
}

}  // namespace synth4d::shard::internal
