// The `dataset:` section: its parser (loader.cc calls it) and held-out matching.
#include "synth4d/spec/dataset.h"

#include <algorithm>

#include "parse.h"

namespace synth4d::spec {
namespace internal {
namespace {

const std::vector<std::string_view> kRuleKeys = {"color", "shape", "material", "motion", "camera"};

// The words a rule field may take: the spellings of spec::*Name ("cube" also reads as "box").
// Empty for `color`, which may also name a {name, rgb} colour of the spec.
std::vector<std::string_view> RuleWords(std::string_view key) {
  if (key == "color") return {};
  if (key == "shape") return {"box", "cube", "sphere", "cylinder", "cone", "capsule", "mesh"};
  if (key == "material") return {"rubber", "metal", "plastic", "wood"};
  if (key == "motion") {
    return {"static",     "dynamic",    "scripted", "move",    "rotate",   "turn",
            "accelerate", "decelerate", "wait",     "reverse", "waypoints"};
  }
  return {"static", "pan_tilt", "orbit", "dolly", "truck", "pedestal", "follow", "keyframes"};
}

std::string Join(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::optional<HeldOutRule> ParseRule(Reader& r, const YAML::Node& node, const std::string& path) {
  if (!node.IsMap() || node.size() == 0) {
    r.Error(node, path, "expected a mapping of " + Join(kRuleKeys) + "; found " + Describe(node));
    return std::nullopt;
  }
  r.Keys(node, path, kRuleKeys);
  HeldOutRule rule;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: `it->` yields a temporary proxy
    const YAML::Node value = it->second;
    if (!key.IsScalar()) continue;  // reported by Keys
    const std::string& k = key.Scalar();
    std::string* slot = k == "color"      ? &rule.color
                        : k == "shape"    ? &rule.shape
                        : k == "material" ? &rule.material
                        : k == "motion"   ? &rule.motion
                        : k == "camera"   ? &rule.camera
                                          : nullptr;
    if (slot == nullptr || !slot->empty()) continue;  // unknown or duplicate: reported by Keys
    const std::string field = Child(path, k);
    if (!value.IsScalar()) {
      r.Error(value, field, "expected a word; found " + Describe(value));
      continue;
    }
    std::string word = value.Scalar();
    const std::vector<std::string_view> words = RuleWords(k);
    if (!words.empty() && std::find(words.begin(), words.end(), word) == words.end()) {
      const std::string close = ClosestWord(word, words);
      r.Error(value, field,
              "unknown " + k + " '" + word + "'" +
                  (close.empty() ? "; expected one of: " + Join(words)
                                 : "; did you mean '" + close + "'?"));
      continue;
    }
    if (k == "shape" && word == "cube") word = "box";
    *slot = word;
    rule.text += (rule.text.empty() ? "" : " ") + k + "=" + word;
  }
  return rule;
}

}  // namespace

void ParseDataset(Reader& r, const YAML::Node& node, std::vector<HeldOutRule>& rules) {
  const std::string path = "dataset";
  if (!node.IsDefined() || !r.Keys(node, path, {"held_out"})) return;
  const YAML::Node list = Get(node, "held_out");
  if (!list.IsDefined()) return;
  const std::string list_path = Child(path, "held_out");
  if (!list.IsSequence()) {
    r.Error(list, list_path, "expected a list of rules; found " + Describe(list));
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    if (auto rule = ParseRule(r, list[i], Item(list_path, i))) rules.push_back(std::move(*rule));
  }
}

}  // namespace internal

namespace {

bool ObjectMatches(const HeldOutRule& rule, const ObjectSpec& o) {
  if (!rule.color.empty() && o.color.name != rule.color) return false;
  if (!rule.shape.empty() && ShapeName(o.shape) != rule.shape) return false;
  if (!rule.material.empty() && MaterialName(o.material) != rule.material) return false;
  if (!rule.motion.empty() && MotionTypeName(o.motion) != rule.motion) {
    const bool segment = std::any_of(o.segments.begin(), o.segments.end(), [&](const Segment& s) {
      return SegmentKindName(s.kind) == rule.motion;
    });
    if (!segment || o.motion != MotionType::kScripted) return false;
  }
  return true;
}

}  // namespace

bool Matches(const HeldOutRule& rule, const ResolvedScene& scene) {
  if (!rule.camera.empty()) {
    const bool camera = std::any_of(
        scene.cameras.begin(), scene.cameras.end(),
        [&](const CameraSpec& c) { return CameraPathKindName(c.path.kind) == rule.camera; });
    if (!camera) return false;
  }
  if (rule.color.empty() && rule.shape.empty() && rule.material.empty() && rule.motion.empty()) {
    return true;
  }
  return std::any_of(scene.objects.begin(), scene.objects.end(),
                     [&](const ObjectSpec& o) { return ObjectMatches(rule, o); });
}

}  // namespace synth4d::spec
