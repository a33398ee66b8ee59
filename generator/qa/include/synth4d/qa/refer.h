#pragma once
// Referring expressions: the shortest description that picks out one object of the scene
// ("the red cube", "the large red metal sphere"); docs/qa-templates.md, "Referring expressions".
#include <string>
#include <vector>

#include "synth4d/truth/video_truth.h"

namespace synth4d::qa {

// The noun for an object's shape: "cube" (box), "sphere", "cylinder", "cone", "capsule"; for a
// mesh the prototype name, else the last word of the asset's file stem ("CesiumMilkTruck" ->
// "truck"), else "object".
std::string ShapeNoun(const truth::ObjectInfo& object);

// One expression per object, "" when no combination of size, colour, material and shape is
// unique. Objects with an unnamed colour match every colour word.
std::vector<std::string> ReferringExpressions(const std::vector<truth::ObjectInfo>& objects);


}  // namespace synth4d::qa
