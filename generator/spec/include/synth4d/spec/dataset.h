#pragma once
// A spec's `dataset:` section: held-out combinations (CLEVR-CoGenT style, docs/datasets.md). It
// is part of the spec language: ValidateSpecFile and ResolveSpecFile check it too.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/spec/scene.h"

namespace synth4d::spec {

// One rule of `dataset.held_out`: a clip that matches goes to the held-out split only. Empty
// fields match anything; object fields must all hold for one object; `camera` must be the path
// kind of one camera.
struct HeldOutRule {
  std::string color;     // palette name ("red")
  std::string shape;     // "box", "sphere", ... ("cube" is read as "box")
  std::string material;  // "rubber", "metal", ...
  std::string motion;    // object motion type ("dynamic") or scripted segment kind ("rotate")
  std::string camera;    // camera path kind ("orbit", "pan_tilt", ...)
  std::string text;      // "color=red shape=box", in the order the keys are written
};

// The held-out rules of the spec YAML `text` named `display_name` (none when the section is
// absent). kInvalidArgument with file:line:col and field path for anything the section may not
// hold, and for bytes YAML forbids; the rest of the spec is not checked (ValidateSpecString).
core::Result<std::vector<HeldOutRule>> ReadHeldOutRules(std::string_view text,
                                                        const std::filesystem::path& display_name);

// ReadHeldOutRules of the file at `path`; kNotFound if it is missing.
core::Result<std::vector<HeldOutRule>> ReadHeldOutRulesFile(const std::filesystem::path& path);

// True when `scene` matches `rule`.
bool Matches(const HeldOutRule& rule, const ResolvedScene& scene);

}  // namespace synth4d::spec
