#include <algorithm>

#include "families.h"

namespace synth4d::qa {

const std::vector<PredicateInfo>& Predicates() {
  static const std::vector<PredicateInfo> all = [] {
    std::vector<PredicateInfo> out;
    internal::AddTranslationPredicates(out);
    internal::AddOwnFramePredicates(out);
    internal::AddRotationPredicates(out);
    internal::AddCameraPredicates(out);
    internal::AddContinuityPredicates(out);
    internal::AddRelativePredicates(out);
    internal::AddEventPredicates(out);
    internal::AddCountingPredicates(out);
    std::sort(out.begin(), out.end(),
              [](const PredicateInfo& a, const PredicateInfo& b) { return a.name < b.name; });
    return out;
  }();
  return all;
}

const PredicateInfo* FindPredicate(std::string_view name) {
  for (const PredicateInfo& p : Predicates()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace synth4d::qa
