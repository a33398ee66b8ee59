#pragma once
// Writes a ResolvedScene as YAML (resolved.yaml): every value concrete, doubles in shortest
// round-trip form, angles in radians (`*_rad` keys), orientations as quaternions (w, x, y, z).
#include <string>

#include "synth4d/spec/scene.h"

namespace synth4d::spec {

// The scene as a spec that ResolveSpecFile reads back to an equal ResolvedScene (and that
// ToYaml writes again byte for byte). Never fails.
std::string ToYaml(const ResolvedScene& scene);

}  // namespace synth4d::spec
