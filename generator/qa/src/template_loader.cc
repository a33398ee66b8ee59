#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <set>

#include "synth4d/core/file.h"
#include "synth4d/qa/predicate.h"
#include "synth4d/qa/template.h"

namespace synth4d::qa {
namespace {

const std::set<std::string> kCategories = {
    "translation_camera", "translation_object", "rotation", "camera_motion",
    "continuity",         "relative_motion",    "events",   "counting"};
const std::set<std::string> kFrames = {"camera",      "screen", "object",
                                       "world_above", "world",  "camera_ego"};
const std::set<std::string> kTopKeys = {
    "id",          "category",      "frame_of_reference", "paraphrases", "predicate",
    "conditions",  "answers",       "distractors",        "options",     "max_per_clip",
    "hold_back_s", "false_premise", "absent_text",        "mirror"};

// Collects located issues while a template is read.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  void Issue(const YAML::Node& node, const std::string& field, const std::string& message) {
    std::string where = source_;
    if (node.IsDefined()) {
      const YAML::Mark m = node.Mark();
      if (m.line >= 0)
        where += ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
    }
    issues_.push_back({where, field, message});
  }

  bool String(const YAML::Node& node, const std::string& field, std::string* out) {
    if (!node.IsScalar()) {
      Issue(node, field, "expected a string");
      return false;
    }
    *out = node.Scalar();
    return true;
  }

  bool Number(const YAML::Node& node, const std::string& field, double* out) {
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, *out)) {
      Issue(node, field, "expected a number");
      return false;
    }
    return true;
  }

  bool Integer(const YAML::Node& node, const std::string& field, int lo, int hi, int* out) {
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, *out)) {
      Issue(node, field, "expected an integer");
      return false;
    }
    if (*out < lo || *out > hi) {
      Issue(node, field,
            "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return false;
    }
    return true;
  }

  bool Bool(const YAML::Node& node, const std::string& field, bool* out) {
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, *out)) {
      Issue(node, field, "expected true or false");
      return false;
    }
    return true;
  }

  bool ok() const { return issues_.empty(); }

  core::Error ToError() const {
    core::Error e =
        core::MakeError(core::ErrorCode::kInvalidArgument, source_ + ": invalid question template");
    e.issues = issues_;
    return e;
  }

 private:
  std::string source_;
  std::vector<core::Issue> issues_;
};

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// Reads `node` (a map) into params for the specs with condition == `conditions`.
void ReadParams(Reader& r, const YAML::Node& node, const std::string& field,
                const PredicateInfo& pred, bool conditions, Params* params) {
  if (!node.IsMap()) {
    r.Issue(node, field, "expected a map");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string path = field + "." + key;
    auto spec = std::find_if(pred.params.begin(), pred.params.end(), [&](const ParamSpec& s) {
      return s.name == key && s.condition == conditions;
    });
    if (spec == pred.params.end()) {
      std::vector<std::string> names;
      for (const ParamSpec& s : pred.params) {
        if (s.condition == conditions) names.push_back(s.name);
      }
      r.Issue(kv.first, path, "unknown key; " + pred.name + " accepts: " + Join(names));
      continue;
    }
    if (spec->type == ParamSpec::Type::kWord) {
      std::string word;
      if (!r.String(kv.second, path, &word)) continue;
      if (std::find(spec->words.begin(), spec->words.end(), word) == spec->words.end()) {
        r.Issue(kv.second, path, "expected one of: " + Join(spec->words));
        continue;
      }
      params->SetWord(key, word);
    } else if (spec->type == ParamSpec::Type::kFlag) {
      bool flag = false;
      if (r.Bool(kv.second, path, &flag)) params->SetNumber(key, flag ? 1.0 : 0.0);
    } else {
      double x = 0.0;
      if (!r.Number(kv.second, path, &x)) continue;
      if (!(x >= spec->min && x <= spec->max)) {
        r.Issue(kv.second, path,
                "expected a number in [" + std::to_string(spec->min) + ", " +
                    std::to_string(spec->max) + "]");
        continue;
      }
      params->SetNumber(key, x);
    }
  }
}

// Placeholders ({name}) of `text`; an unmatched brace gives an issue.
std::vector<std::string> Placeholders(Reader& r, const YAML::Node& node, const std::string& field,
                                      const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = text.find_first_of("{}", i)) != std::string::npos) {
    const size_t close = text.find('}', i);
    if (text[i] == '}' || close == std::string::npos || text.find('{', i + 1) < close) {
      r.Issue(node, field, "unmatched brace");
      return out;
    }
    out.push_back(text.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  return out;
}

void ReadParaphrases(Reader& r, const YAML::Node& node, const PredicateInfo* pred, Template* t) {
  if (!node.IsSequence() || node.size() < 2) {
    r.Issue(node, "paraphrases", "expected a list of at least 2 questions");
    return;
  }
  std::vector<std::string> required;
  static const char* kObjects[] = {"object", "object2", "object3"};
  if (pred) {
    for (int i = 0; i < pred->arity; ++i) required.push_back(kObjects[i]);
    required.insert(required.end(), pred->slots.begin(), pred->slots.end());
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string field = "paraphrases[" + std::to_string(i) + "]";
    std::string text;
    if (!r.String(node[i], field, &text)) continue;
    const std::vector<std::string> used = Placeholders(r, node[i], field, text);
    for (const std::string& u : used) {
      if (pred && std::find(required.begin(), required.end(), u) == required.end()) {
        r.Issue(node[i], field, "unknown placeholder {" + u + "}; expected: " + Join(required));
      }
    }
    for (const std::string& need : required) {
      if (std::find(used.begin(), used.end(), need) == used.end()) {
        r.Issue(node[i], field, "missing placeholder {" + need + "}");
      }
    }
    if (!text.empty() && text.back() != '?') r.Issue(node[i], field, "a question ends with '?'");
    t->paraphrases.push_back(text);
  }
}

void ReadAnswers(Reader& r, const YAML::Node& node, const PredicateInfo& pred, Template* t) {
  if (pred.kind == AnswerKind::kCount) {
    if (node.IsDefined()) r.Issue(node, "answers", "a counting predicate takes no answer texts");
    return;
  }
  if (!node.IsDefined()) {
    if (pred.kind == AnswerKind::kValue) r.Issue(node, "answers", "missing (a map value: text)");
    return;
  }
  if (!node.IsMap()) {
    r.Issue(node, "answers", "expected a map of value: text");
    return;
  }
  std::set<std::string> texts;
  for (const auto& kv : node) {
    const std::string value = kv.first.Scalar();
    const std::string field = "answers." + value;
    if (std::find(pred.values.begin(), pred.values.end(), value) == pred.values.end()) {
      r.Issue(kv.first, field, "unknown value; " + pred.name + " answers: " + Join(pred.values));
      continue;
    }
    std::string text;
    if (!r.String(kv.second, field, &text)) continue;
    if (text.empty() || !texts.insert(text).second) {
      r.Issue(kv.second, field, "expected a non-empty text used once");
      continue;
    }
    t->answers.push_back({value, text});
  }
  if (pred.kind == AnswerKind::kValue && t->answers.size() < 2) {
    r.Issue(node, "answers", "expected at least 2 values");
  }
}

void ReadMirror(Reader& r, const YAML::Node& node, const PredicateInfo& pred, Template* t) {
  if (!node.IsMap()) {
    r.Issue(node, "mirror", "expected a map of value: value ({} when mirroring keeps every value)");
    return;
  }
  t->pairable = true;
  for (const auto& kv : node) {
    const std::string field = "mirror." + kv.first.Scalar();
    std::string to;
    if (!r.String(kv.second, field, &to)) continue;
    for (const std::string& v : {kv.first.Scalar(), to}) {
      if (std::find(pred.values.begin(), pred.values.end(), v) == pred.values.end()) {
        r.Issue(kv.first, field, "unknown value " + v + "; expected: " + Join(pred.values));
      }
    }
    t->mirror.emplace_back(kv.first.Scalar(), to);
  }
}

DistractorPolicy DefaultPolicy(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::kValue:
      return DistractorPolicy::kVocabulary;
    case AnswerKind::kObject:
      return DistractorPolicy::kSceneObjects;
    case AnswerKind::kCount:
      return DistractorPolicy::kNearbyCounts;
  }
  return DistractorPolicy::kVocabulary;
}

void ReadTemplate(Reader& r, const YAML::Node& root, Template* t) {
  if (!root.IsMap()) {
    r.Issue(root, "(root)", "expected a map");
    return;
  }
  for (const auto& kv : root) {
    if (!kTopKeys.count(kv.first.Scalar())) {
      r.Issue(kv.first, kv.first.Scalar(), "unknown key");
    }
  }
  for (const char* key : {"id", "category", "frame_of_reference", "paraphrases", "predicate"}) {
    if (!root[key]) r.Issue(root, key, "missing");
  }
  if (root["id"] && r.String(root["id"], "id", &t->id) &&
      !std::regex_match(t->id, std::regex("[a-z0-9_]+"))) {
    r.Issue(root["id"], "id", "expected lower-case letters, digits and '_'");
  }
  if (root["category"] && r.String(root["category"], "category", &t->category) &&
      !kCategories.count(t->category)) {
    r.Issue(root["category"], "category",
            "expected one of: " + Join({kCategories.begin(), kCategories.end()}));
  }
  if (root["frame_of_reference"] &&
      r.String(root["frame_of_reference"], "frame_of_reference", &t->frame_of_reference) &&
      !kFrames.count(t->frame_of_reference)) {
    r.Issue(root["frame_of_reference"], "frame_of_reference",
            "expected one of: " + Join({kFrames.begin(), kFrames.end()}));
  }
  const PredicateInfo* pred = nullptr;
  const YAML::Node pn = root["predicate"];
  if (pn) {
    if (!pn.IsMap()) {
      r.Issue(pn, "predicate", "expected a map with name and params");
    } else {
      for (const auto& kv : pn) {
        if (kv.first.Scalar() != "name" && kv.first.Scalar() != "params") {
          r.Issue(kv.first, "predicate." + kv.first.Scalar(), "unknown key (name, params)");
        }
      }
      if (!pn["name"]) {
        r.Issue(pn, "predicate.name", "missing");
      } else if (r.String(pn["name"], "predicate.name", &t->predicate)) {
        pred = FindPredicate(t->predicate);
        if (!pred) {
          std::vector<std::string> names;
          for (const PredicateInfo& p : Predicates()) names.push_back(p.name);
          r.Issue(pn["name"], "predicate.name",
                  "unknown predicate; expected one of: " + Join(names));
        }
      }
    }
  }
  if (root["paraphrases"]) ReadParaphrases(r, root["paraphrases"], pred, t);
  if (!pred) return;
  t->params = Params::Defaults(pred->params);
  if (pn["params"]) ReadParams(r, pn["params"], "predicate.params", *pred, false, &t->params);
  if (root["conditions"]) ReadParams(r, root["conditions"], "conditions", *pred, true, &t->params);
  ReadAnswers(r, root["answers"], *pred, t);
  t->distractors = DefaultPolicy(pred->kind);
  if (const YAML::Node d = root["distractors"]) {
    static const std::pair<const char*, DistractorPolicy> kPolicies[] = {
        {"vocabulary", DistractorPolicy::kVocabulary},
        {"scene_objects", DistractorPolicy::kSceneObjects},
        {"nearby_counts", DistractorPolicy::kNearbyCounts}};
    std::string word;
    if (r.String(d, "distractors", &word)) {
      auto it = std::find_if(std::begin(kPolicies), std::end(kPolicies),
                             [&](const auto& p) { return word == p.first; });
      if (it == std::end(kPolicies)) {
        r.Issue(d, "distractors", "expected vocabulary, scene_objects or nearby_counts");
      } else if (it->second != t->distractors) {
        r.Issue(d, "distractors", "does not fit the answers of " + pred->name);
      }
    }
  }
  if (root["options"]) r.Integer(root["options"], "options", 2, 8, &t->num_options);
  if (root["max_per_clip"])
    r.Integer(root["max_per_clip"], "max_per_clip", 1, 50, &t->max_per_clip);
  if (root["hold_back_s"] && r.Number(root["hold_back_s"], "hold_back_s", &t->hold_back_s) &&
      !(t->hold_back_s > 0.0 && t->hold_back_s < 60.0)) {
    r.Issue(root["hold_back_s"], "hold_back_s", "expected seconds in (0, 60)");
  }
  if (pred->hold_back != (t->hold_back_s > 0.0)) {
    r.Issue(root, "hold_back_s",
            pred->hold_back ? "required by " + pred->name : "only for predicates that hold back");
  }
  if (root["false_premise"]) r.Bool(root["false_premise"], "false_premise", &t->false_premise);
  if (t->false_premise &&
      (pred->arity != 1 || pred->kind != AnswerKind::kValue || !pred->slots.empty())) {
    r.Issue(root["false_premise"], "false_premise",
            "needs a predicate about one object's value, without other placeholders");
  }
  if (root["absent_text"]) {
    if (r.String(root["absent_text"], "absent_text", &t->absent_text) &&
        t->absent_text.find("{object}") == std::string::npos) {
      r.Issue(root["absent_text"], "absent_text", "missing placeholder {object}");
    }
  } else if (t->false_premise) {
    r.Issue(root, "absent_text", "required when false_premise is true");
  }
  if (root["mirror"]) ReadMirror(r, root["mirror"], *pred, t);
}

}  // namespace

const AnswerText* Template::FindAnswer(std::string_view value) const {
  for (const AnswerText& a : answers) {
    if (a.value == value) return &a;
  }
  return nullptr;
}

std::string Template::MirrorValue(const std::string& value) const {
  for (const auto& [from, to] : mirror) {
    if (from == value) return to;
  }
  return value;
}

core::Result<Template> ParseTemplate(std::string_view yaml, const std::string& source) {
  Reader r(source);
  Template t;
  t.source = source;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    ReadTemplate(r, root, &t);
  } catch (const YAML::Exception& e) {
    core::Error error =
        core::MakeError(core::ErrorCode::kInvalidArgument, source + ": invalid YAML");
    error.issues.push_back(
        {source + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1),
         "(yaml)", e.msg});
    return error;
  }
  if (!r.ok()) return r.ToError();
  return t;
}

core::Result<std::vector<Template>> LoadTemplates(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return core::MakeError(core::ErrorCode::kNotFound, dir.string() + ": no such directory");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Template> out;
  core::Error all = core::MakeError(core::ErrorCode::kInvalidArgument,
                                    dir.string() + ": invalid question templates");
  for (const auto& file : files) {
    auto text = core::ReadFile(file);
    if (!text.ok()) return text.error();
    auto t = ParseTemplate(*text, file.string());
    if (!t.ok()) {
      all.issues.insert(all.issues.end(), t.error().issues.begin(), t.error().issues.end());
      continue;
    }
    for (const Template& other : out) {
      if (other.id == t->id) {
        all.issues.push_back(
            {file.string(), "id", "duplicate id " + t->id + " (also in " + other.source + ")"});
      }
    }
    out.push_back(std::move(t).value());
  }
  if (!all.issues.empty()) return all;
  std::sort(out.begin(), out.end(),
            [](const Template& a, const Template& b) { return a.id < b.id; });
  return out;
}

}  // namespace synth4d::qa
