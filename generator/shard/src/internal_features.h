#pragma once
// The Hugging Face `datasets` features of a shard sample, written into the dataset card so the
// webdataset builder casts every sample to one declared schema instead of inferring it from the
// first five samples (docs/formats.md, "Loaders").
#include <string>

namespace synth4d::shard::internal {

// The card's `features:` list for one shard sample (columns __key__, __url__ and one per member),
// as YAML lines indented by `indent` spaces. Add a line to kSampleFeatures for each new member.
std::string SampleFeaturesYaml(int indent);

}  // namespace synth4d::shard::internal
