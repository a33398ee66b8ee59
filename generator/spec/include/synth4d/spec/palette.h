#pragma once
// The named colour palette of scene specs, shared by the parser and every consumer of
// ResolvedScene (sRGB in [0, 1]; docs/scene-spec.md lists the values).
#include <optional>
#include <span>
#include <string_view>

#include "synth4d/spec/scene.h"

namespace synth4d::spec {

struct PaletteEntry {
  std::string_view name;
  glm::dvec3 srgb;
};

// Every palette colour, in documentation order.
std::span<const PaletteEntry> Palette();

// The palette colour called `name` ("red"), or nullopt for an unknown name.
std::optional<Color> PaletteColor(std::string_view name);

}  // namespace synth4d::spec
