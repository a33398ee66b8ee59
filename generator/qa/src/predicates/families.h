#pragma once
// Registration of the predicate families (one file each); registry.cc calls them in order.
#include <vector>

#include "synth4d/qa/predicate.h"

namespace synth4d::qa::internal {

void AddTranslationPredicates(std::vector<PredicateInfo>& out);  // translation.cc
void AddOwnFramePredicates(std::vector<PredicateInfo>& out);     // own_frame.cc
void AddRotationPredicates(std::vector<PredicateInfo>& out);     // rotation.cc
void AddCameraPredicates(std::vector<PredicateInfo>& out);       // camera_motion.cc
void AddContinuityPredicates(std::vector<PredicateInfo>& out);   // continuity.cc
void AddRelativePredicates(std::vector<PredicateInfo>& out);     // relative.cc
void AddEventPredicates(std::vector<PredicateInfo>& out);        // events.cc
void AddCountingPredicates(std::vector<PredicateInfo>& out);     // counting.cc

}  // namespace synth4d::qa::internal
