#include "synth4d/qa/refer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace synth4d::qa {
namespace {

// An object is "large" / "small" against the objects it must be told apart from when its size
// (cube root of the box volume) differs from all of theirs by this factor.
constexpr double kSizeRatio = 1.4;

std::string Words(std::string text) {
  for (char& c : text) {
    if (c == '_' || c == '-') c = ' ';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

double SizeOf(const truth::ObjectInfo& o) { return std::cbrt(o.size.x * o.size.y * o.size.z); }

std::string MaterialWord(const std::string& material) {
  return material == "wood" ? "wooden" : material;
}

bool SameColour(const truth::ObjectInfo& a, const truth::ObjectInfo& b) {
  return a.color_name.empty() || b.color_name.empty() || a.color_name == b.color_name;
}

}  // namespace

std::string ShapeNoun(const truth::ObjectInfo& o) {
  if (o.shape == "box") return "cube";
  if (o.shape != "mesh") return o.shape;
  if (!o.prototype.empty()) return Words(o.prototype);
  const std::string stem = std::filesystem::path(o.asset).stem().string();
  std::string last;
  for (size_t i = 0; i < stem.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(stem[i]);
    if (!std::isalpha(c)) {
      if (!std::isdigit(c)) last.clear();
      continue;
    }
    if (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(stem[i - 1])))
      last.clear();
    last += static_cast<char>(std::tolower(c));
  }
  return last.empty() ? "object" : last;
}

std::vector<std::string> ReferringExpressions(const std::vector<truth::ObjectInfo>& objects) {
  // Attribute sets tried in order: none, colour, size, material, then pairs, then all three.
  struct Combo {
    bool size, colour, material;
  };
  static constexpr Combo kCombos[] = {
      {false, false, false}, {false, true, false}, {true, false, false}, {false, false, true},
      {true, true, false},   {false, true, true},  {true, false, true},  {true, true, true}};
  std::vector<std::string> out(objects.size());
  for (size_t i = 0; i < objects.size(); ++i) {
    const truth::ObjectInfo& o = objects[i];
    const std::string noun = ShapeNoun(o);
    for (const Combo& combo : kCombos) {
      if (combo.colour && o.color_name.empty()) continue;
      std::vector<double> rivals;  // sizes of the objects this description also fits
      for (size_t j = 0; j < objects.size(); ++j) {
        const truth::ObjectInfo& r = objects[j];
        if (j == i || ShapeNoun(r) != noun) continue;
        if (combo.colour && !SameColour(o, r)) continue;
        if (combo.material && r.material != o.material) continue;
        rivals.push_back(SizeOf(r));
      }
      std::string size_word;
      if (combo.size) {
        if (rivals.empty()) continue;  // a shorter description already fits
        const double s = SizeOf(o);
        if (s >= kSizeRatio * *std::max_element(rivals.begin(), rivals.end())) {
          size_word = "large";
        } else if (kSizeRatio * s <= *std::min_element(rivals.begin(), rivals.end())) {
          size_word = "small";
        } else {
          continue;
        }
      } else if (!rivals.empty()) {
        continue;
      }
      std::string text = "the";
      if (!size_word.empty()) text += " " + size_word;
      if (combo.colour) text += " " + Words(o.color_name);
      if (combo.material) text += " " + MaterialWord(o.material);
      out[i] = text + " " + noun;
      break;
    }
  }
  return out;
}

}  // namespace synth4d::qa
