#pragma once
// Contrast pairs: a twin of a clip whose motion is mirrored, so left/right, clockwise/
// counter-clockwise and pan/orbit senses flip while toward/away and forward/backward stay; and the
// pairing of the two clips' questions (docs/qa-templates.md, "Contrast pairs").
#include <string>
#include <vector>

#include "synth4d/qa/generate.h"
#include "synth4d/spec/scene.h"

namespace synth4d::qa {

// True when the clip of `scene` gets a mirrored twin: `every_clip` (`--contrast-pairs`) or the
// spec's `qa.contrast_pairs`. The one place this is decided: planning, RunClip and
// `generate --only` all ask it.
bool MakesTwin(const spec::ResolvedScene& scene, bool every_clip);

// The scene reflected in the vertical plane through the first camera's position and its initial
// optical axis: positions, orientations (re-expressed as proper rotations), velocities, angular
// velocities, scripted segments, pushes, cameras and the sun. The first camera's first frame is
// unchanged. spec_key gains "-mirror" so the twin's clip key differs.
spec::ResolvedScene MirrorScene(const spec::ResolvedScene& scene);

// The pair id of a question: "<original clip key>_<template id>_<object names>".
std::string PairId(const std::string& original_clip_key, const std::string& template_id,
                   const std::vector<std::string>& object_names);

// Questions for a mirrored twin: each non-false-premise item of `original` whose template has a
// `mirror:` map is asked again on `twin` with the same question and choices; when the twin's
// answer is the template's mirror of the original's, both items get the same pair_id (originals
// are updated in place). An item the twin cannot ask so (it refuses, answers otherwise, or its
// answer is not among the choices) is removed from `original` and described in `mismatches`, so
// every pairable question of the two clips is paired.
std::vector<QaItem> GenerateTwinQa(const truth::VideoTruth& twin,
                                   const std::vector<Template>& templates, const QaOptions& options,
                                   std::vector<QaItem>& original,
                                   std::vector<std::string>* mismatches);

}  // namespace synth4d::qa
