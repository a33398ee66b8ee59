#include "synth4d/qa/generate.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "internal_generate.h"
#include "internal_observe.h"
#include "synth4d/core/frames.h"
#include "synth4d/qa/refer.h"

namespace synth4d::qa {
namespace {

using internal::Fmt;

// Every tuple of distinct objects the predicate takes: unordered first pair when it says so.
std::vector<std::vector<int>> SubjectTuples(const PredicateInfo& p, int n) {
  std::vector<std::vector<int>> out;
  if (p.arity == 0) return {{}};
  for (int i = 0; i < n; ++i) {
    if (p.arity == 1) {
      out.push_back({i});
      continue;
    }
    for (int j = 0; j < n; ++j) {
      if (j == i || (p.unordered && j < i)) continue;
      if (p.arity == 2) {
        out.push_back({i, j});
        continue;
      }
      for (int k = 0; k < n; ++k) {
        if (k != i && k != j) out.push_back({i, j, k});
      }
    }
  }
  return out;
}

std::string Replace(std::string text, const std::string& key, const std::string& value) {
  const std::string token = "{" + key + "}";
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at)) {
    text.replace(at, token.size(), value);
    at += value.size();
  }
  return text;
}

// Picks `count` distinct entries of `pool` (partial Fisher-Yates).
std::vector<std::string> Pick(std::vector<std::string> pool, size_t count, core::Rng& rng) {
  count = std::min(count, pool.size());
  for (size_t i = 0; i < count; ++i) {
    const size_t j = static_cast<size_t>(
        rng.UniformInt(static_cast<int64_t>(i), static_cast<int64_t>(pool.size() - 1)));
    std::swap(pool[i], pool[j]);
  }
  pool.resize(count);
  return pool;
}

void Shuffle(std::vector<std::string>& v, core::Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    std::swap(v[i - 1], v[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(i - 1)))]);
  }
}

std::string Article(const std::string& expression) {
  return expression.rfind("the ", 0) == 0 ? expression.substr(4) : expression;
}

std::string Fill(std::string text, const std::vector<int>& objects,
                 const std::vector<std::pair<std::string, int>>& slots,
                 const std::vector<std::string>& names) {
  static const char* kKeys[] = {"object", "object2", "object3"};
  for (size_t i = 0; i < objects.size(); ++i) text = Replace(text, kKeys[i], names[objects[i]]);
  for (const auto& [slot, object] : slots) text = Replace(text, slot, names[object]);
  return internal::Capitalised(text);
}

bool SameAnswer(const Outcome& o, const std::string& value) {
  const Answer* a = std::get_if<Answer>(&o);
  return a && a->value == value;
}

// The wrong options a question may offer.
std::vector<std::string> DistractorPool(const Template& tmpl, const PredicateInfo& pred,
                                        const Answer& a, const std::vector<std::string>& names,
                                        const std::string& correct) {
  std::vector<std::string> pool;
  if (pred.kind == AnswerKind::kCount) {
    const int c = std::stoi(a.value);
    const int hi = std::max(c + 3, a.max_count);
    for (int k = std::max(0, c - 2); k <= hi && pool.size() < 5; ++k) {
      if (k != c) pool.push_back(std::to_string(k));
    }
    return pool;
  }
  if (pred.kind == AnswerKind::kObject) {
    for (int d : a.distractor_objects) {
      if (!names[d].empty() && names[d] != correct) pool.push_back(names[d]);
    }
  }
  for (const AnswerText& t : tmpl.answers) {
    if (t.text != correct) pool.push_back(t.text);
  }
  return pool;
}

std::string Visibility(const truth::VideoTruth& t, const std::vector<int>& objects) {
  for (int o : objects) {
    if (internal::IsRendered(t, o)) return "rendered";
  }
  if (objects.empty()) {
    for (size_t o = 0; o < t.objects.size(); ++o) {
      if (internal::IsRendered(t, static_cast<int>(o))) return "rendered";
    }
  }
  return "geometric";
}

// False-premise items: questions about an object whose shape is absent from the scene.
std::vector<QaItem> FalsePremiseItems(const truth::VideoTruth& t,
                                      const std::vector<Template>& templates, size_t real_items,
                                      const std::vector<std::string>& names,
                                      const QaOptions& options) {
  std::vector<const Template*> eligible;
  for (const Template& tmpl : templates) {
    if (tmpl.false_premise) eligible.push_back(&tmpl);
  }
  std::sort(eligible.begin(), eligible.end(),
            [](const Template* a, const Template* b) { return a->id < b->id; });
  std::set<std::string> present;
  for (const truth::ObjectInfo& o : t.objects) present.insert(ShapeNoun(o));
  std::vector<std::string> nouns;
  for (const char* noun : {"cube", "sphere", "cylinder", "cone", "capsule"}) {
    if (!present.count(noun)) nouns.push_back(noun);
  }
  std::vector<QaItem> out;
  const double r = std::clamp(options.false_premise_rate, 0.0, 0.9);
  if (eligible.empty() || nouns.empty() || r <= 0.0) return out;
  core::Rng rng = core::Rng(t.clip.seed).Derive("qa/false_premise");
  const double expected = static_cast<double>(real_items) * r / (1.0 - r);
  const int count =
      static_cast<int>(expected) + (rng.Uniform01() < expected - std::floor(expected));
  std::string scene;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string n = names[i].empty() ? "the " + ShapeNoun(t.objects[i]) : names[i];
    scene += (i == 0 ? "" : (i + 1 == names.size() ? " and " : ", ")) + n;
  }
  std::set<std::string> used;
  for (int k = 0; k < count; ++k) {
    const Template& tmpl = *eligible[rng.UniformInt(0, static_cast<int64_t>(eligible.size() - 1))];
    const std::string noun = nouns[rng.UniformInt(0, static_cast<int64_t>(nouns.size() - 1))];
    // A shape the scene lacks is named by its noun alone, as the shortest unique description of a
    // real object would be: an added colour word would tell the text-only reader it is absent.
    const std::string& absent = noun;
    const std::string paraphrase =
        tmpl.paraphrases[rng.UniformInt(0, static_cast<int64_t>(tmpl.paraphrases.size() - 1))];
    if (!used.insert(tmpl.id + "/" + absent).second) continue;
    QaItem item;
    item.id = t.clip.key + "_fp_" + std::to_string(out.size());
    item.clip_key = t.clip.key;
    item.video = options.video.empty() ? t.clip.key + ".mp4" : options.video;
    item.question = internal::Capitalised(Replace(paraphrase, "object", "the " + absent));
    const std::string correct = Replace(tmpl.absent_text, "object", absent);
    std::vector<std::string> pool;
    for (const AnswerText& a : tmpl.answers) pool.push_back(a.text);
    const int n = tmpl.num_options > 0 ? tmpl.num_options : options.num_options;
    item.options = Pick(pool, static_cast<size_t>(std::max(1, n - 1)), rng);
    item.options.push_back(correct);
    Shuffle(item.options, rng);
    item.answer_index = static_cast<int>(
        std::find(item.options.begin(), item.options.end(), correct) - item.options.begin());
    item.answer_value = "absent";
    item.answer_kind = "absent";
    item.category = "false_premise";
    item.template_id = tmpl.id;
    item.frame_of_reference = tmpl.frame_of_reference;
    item.evidence.AddWord("absent", absent);
    item.rationale =
        Fmt("The scene contains %s, and no %s at all, so there is no %s in the "
            "video.",
            scene.empty() ? "no objects" : scene.c_str(), noun.c_str(), absent.c_str());
    item.min_visible_fraction = 0.0;
    item.min_frames = 1;
    item.visibility = Visibility(t, {});
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

namespace internal {

int ShownEnd(const truth::VideoTruth& t, const Template& tmpl) {
  return t.clip.num_frames - static_cast<int>(std::lround(tmpl.hold_back_s * t.clip.fps));
}

core::Rng ItemRng(const truth::VideoTruth& t, const std::string& template_id,
                  const std::vector<int>& objects) {
  std::string label = "qa/" + template_id;
  for (int o : objects) label += "/" + t.objects[o].name;
  return core::Rng(t.clip.seed).Derive(label);
}

Evaluation EvaluateSubjects(const truth::VideoTruth& t, const Template& tmpl,
                            const PredicateInfo& pred, const std::vector<int>& objects,
                            const std::vector<std::string>& names, const QaOptions& options) {
  Evaluation e{tmpl.id, objects, Refusal{}, 0};
  for (int o : objects) {
    if (names[o].empty()) {
      e.outcome = Refusal{"no unique description of " + t.objects[o].name};
      return e;
    }
  }
  const int shown_end = ShownEnd(t, tmpl);
  if (shown_end < 2) {
    e.outcome = Refusal{"the clip is too short"};
    return e;
  }
  auto run = [&](std::vector<int> frames) {
    return pred.fn(PredicateContext{t, tmpl.params, objects, std::move(frames), shown_end, names});
  };
  e.outcome = run(core::UniformFrames(shown_end, shown_end));
  Answer* a = std::get_if<Answer>(&e.outcome);
  if (!a) return e;
  std::string problem;
  if (pred.kind == AnswerKind::kValue && !tmpl.FindAnswer(a->value)) {
    problem = "the answer '" + a->value + "' is not one this template asks about";
  } else if (pred.kind == AnswerKind::kObject && a->object < 0 && !tmpl.FindAnswer(a->value)) {
    problem = "the answer '" + a->value + "' has no text in this template";
  } else if (pred.kind == AnswerKind::kObject && a->object >= 0 && names[a->object].empty()) {
    problem = "no unique description of the answer " + t.objects[a->object].name;
  }
  for (const auto& [slot, object] : a->slots) {
    if (names[object].empty()) problem = "no unique description of " + t.objects[object].name;
  }
  if (problem.empty()) {
    const Outcome at_max = run(core::UniformFrames(shown_end, options.max_frames));
    if (!SameAnswer(at_max, a->value)) {
      const Answer* m = std::get_if<Answer>(&at_max);
      problem =
          Fmt("not readable from %d sampled frames (%s)", options.max_frames,
              m ? ("they suggest " + m->value).c_str() : std::get<Refusal>(at_max).reason.c_str());
    }
  }
  if (!problem.empty()) {
    e.outcome = Refusal{problem};
    return e;
  }
  for (int k = 2; k <= options.max_frames; ++k) {
    if (SameAnswer(run(core::UniformFrames(shown_end, k)), a->value)) {
      e.min_frames = k;
      break;
    }
  }
  return e;
}

QaItem MakeItem(const truth::VideoTruth& t, const Template& tmpl, const PredicateInfo& pred,
                const Evaluation& eval, const std::vector<std::string>& names,
                const QaOptions& options, core::Rng rng, int index) {
  const Answer& a = std::get<Answer>(eval.outcome);
  QaItem item;
  item.id = t.clip.key + "_" + tmpl.id + "_" + std::to_string(index);
  item.clip_key = t.clip.key;
  item.video = options.video.empty() ? t.clip.key + ".mp4" : options.video;
  const std::string& paraphrase =
      tmpl.paraphrases[rng.UniformInt(0, static_cast<int64_t>(tmpl.paraphrases.size() - 1))];
  item.question = Fill(paraphrase, eval.objects, a.slots, names);
  std::string correct;
  if (pred.kind == AnswerKind::kCount) {
    correct = a.value;
  } else if (pred.kind == AnswerKind::kObject && a.object >= 0) {
    correct = names[a.object];
  } else {
    correct = tmpl.FindAnswer(a.value)->text;
  }
  const int wanted = tmpl.num_options > 0 ? tmpl.num_options : options.num_options;
  std::vector<std::string> pool = DistractorPool(tmpl, pred, a, names, correct);
  item.options = Pick(pool, static_cast<size_t>(std::max(1, wanted - 1)), rng);
  const AnswerText* mirrored = tmpl.FindAnswer(tmpl.MirrorValue(a.value));
  if (options.contrast_pairs && pred.kind == AnswerKind::kValue && mirrored &&
      mirrored->text != correct &&
      std::find(item.options.begin(), item.options.end(), mirrored->text) == item.options.end()) {
    item.options.front() = mirrored->text;  // the twin's answer must be among the options
  }
  const bool absent_option = rng.Uniform01() < options.absent_distractor_rate;
  if (tmpl.false_premise && absent_option) {
    const std::string absent = Replace(tmpl.absent_text, "object", Article(names[eval.objects[0]]));
    if (static_cast<int>(item.options.size()) + 1 >= wanted && !item.options.empty()) {
      item.options.back() = absent;
    } else {
      item.options.push_back(absent);
    }
  }
  item.options.push_back(correct);
  Shuffle(item.options, rng);
  item.answer_index = static_cast<int>(
      std::find(item.options.begin(), item.options.end(), correct) - item.options.begin());
  item.answer_value = a.value;
  // An object predicate's special values ("nothing", "neither") are values, balanced against its
  // object answers as one class (Balance).
  const bool special =
      pred.kind == AnswerKind::kObject &&
      std::find(pred.values.begin(), pred.values.end(), a.value) != pred.values.end();
  item.answer_kind = pred.kind == AnswerKind::kCount                ? "count"
                     : pred.kind == AnswerKind::kObject && !special ? "object"
                                                                    : "value";
  item.category = tmpl.category;
  item.template_id = tmpl.id;
  item.frame_of_reference = tmpl.frame_of_reference;
  for (int o : eval.objects) item.objects.push_back(t.objects[o].name);
  item.evidence = a.evidence;
  item.rationale = a.rationale;
  item.pixel_speed = a.pixel_speed;
  item.min_visible_fraction = a.min_visible_fraction;
  item.min_frames = eval.min_frames;
  item.visibility = Visibility(t, eval.objects);
  if (tmpl.hold_back_s > 0.0) item.video_end_frame = ShownEnd(t, tmpl);
  return item;
}

}  // namespace internal

std::vector<Evaluation> EvaluateTemplate(const truth::VideoTruth& truth, const Template& tmpl,
                                         const QaOptions& options) {
  const PredicateInfo* pred = FindPredicate(tmpl.predicate);
  SYNTH4D_CHECK(pred) << "template " << tmpl.id << " names unknown predicate " << tmpl.predicate;
  const std::vector<std::string> names = ReferringExpressions(truth.objects);
  std::vector<Evaluation> out;
  for (const std::vector<int>& objects :
       SubjectTuples(*pred, static_cast<int>(truth.objects.size()))) {
    out.push_back(internal::EvaluateSubjects(truth, tmpl, *pred, objects, names, options));
  }
  return out;
}

std::vector<QaItem> GenerateQa(const truth::VideoTruth& truth,
                               const std::vector<Template>& templates, const QaOptions& options) {
  const std::vector<std::string> names = ReferringExpressions(truth.objects);
  std::vector<const Template*> sorted;
  for (const Template& t : templates) sorted.push_back(&t);
  std::sort(sorted.begin(), sorted.end(),
            [](const Template* a, const Template* b) { return a->id < b->id; });
  std::vector<QaItem> items;
  for (const Template* tmpl : sorted) {
    const PredicateInfo* pred = FindPredicate(tmpl->predicate);
    SYNTH4D_CHECK(pred) << "template " << tmpl->id << " names unknown predicate";
    std::vector<Evaluation> answered;
    for (Evaluation& e : EvaluateTemplate(truth, *tmpl, options)) {
      if (std::holds_alternative<Answer>(e.outcome)) answered.push_back(std::move(e));
    }
    // Random order, then the first question of each answer value before any repeat.
    core::Rng rng = core::Rng(truth.clip.seed).Derive("qa/" + tmpl->id);
    for (size_t i = answered.size(); i > 1; --i) {
      std::swap(answered[i - 1], answered[rng.UniformInt(0, static_cast<int64_t>(i - 1))]);
    }
    std::set<std::string> seen;
    std::stable_partition(answered.begin(), answered.end(), [&](const Evaluation& e) {
      return seen.insert(std::get<Answer>(e.outcome).value).second;
    });
    const size_t keep = std::min(answered.size(), static_cast<size_t>(tmpl->max_per_clip));
    for (size_t i = 0; i < keep; ++i) {
      items.push_back(internal::MakeItem(truth, *tmpl, *pred, answered[i], names, options,
                                         internal::ItemRng(truth, tmpl->id, answered[i].objects),
                                         static_cast<int>(i)));
    }
  }
  std::vector<QaItem> fp = FalsePremiseItems(truth, templates, items.size(), names, options);
  items.insert(items.end(), fp.begin(), fp.end());
  return items;
}

}  // namespace synth4d::qa
