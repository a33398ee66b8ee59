#include "synth4d/spec/palette.h"

namespace synth4d::spec {
namespace {

// CLEVR-like saturated colours, distinct in hue and brightness so names stay unambiguous.
const PaletteEntry kPalette[] = {
    {"red", {0.80, 0.15, 0.15}},    {"green", {0.15, 0.62, 0.22}},  {"blue", {0.15, 0.32, 0.85}},
    {"yellow", {0.95, 0.83, 0.15}}, {"purple", {0.52, 0.25, 0.75}}, {"cyan", {0.15, 0.78, 0.85}},
    {"brown", {0.50, 0.32, 0.15}},  {"gray", {0.55, 0.55, 0.55}},   {"orange", {0.95, 0.52, 0.10}},
    {"pink", {0.95, 0.55, 0.75}},   {"white", {0.95, 0.95, 0.95}},  {"black", {0.08, 0.08, 0.08}},
};

}  // namespace

std::span<const PaletteEntry> Palette() { return kPalette; }

std::optional<Color> PaletteColor(std::string_view name) {
  for (const PaletteEntry& e : kPalette) {
    if (e.name == name) return Color{e.srgb, std::string(e.name)};
  }
  return std::nullopt;
}

}  // namespace synth4d::spec
