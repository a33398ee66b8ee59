#include "synth4d/shard/stats.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "internal_chart.h"
#include "synth4d/core/file.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/shard/qa_files.h"
#include "synth4d/shard/webdataset.h"

namespace synth4d::shard {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using Items = std::vector<qa::QaItem>;

std::string Letter(int i) { return std::string(1, static_cast<char>('A' + i)); }

double Chance(const Items& items) {
  double sum = 0.0;
  for (const qa::QaItem& item : items) sum += 1.0 / static_cast<double>(item.options.size());
  return items.empty() ? 0.0 : sum / static_cast<double>(items.size());
}

Baseline Score(std::string name, const std::string& fit, const std::string& score,
               const Items& items, const std::vector<int>& predictions) {
  Baseline b;
  b.name = std::move(name);
  b.fitted_on = fit;
  b.scored_on = score;
  b.n = static_cast<int>(items.size());
  int correct = 0;
  for (size_t i = 0; i < items.size(); ++i)
    correct += predictions[i] == items[i].answer_index ? 1 : 0;
  b.accuracy = b.n > 0 ? static_cast<double>(correct) / b.n : 0.0;
  b.chance = Chance(items);
  std::tie(b.ci_low, b.ci_high) = WilsonInterval(correct, b.n);
  b.near_chance = NearChance(b.accuracy, b.chance, b.ci_low);
  return b;
}

// Most frequent correct option text per template on `train`; the most frequent letter otherwise.
std::vector<int> MostFrequentAnswer(const Items& train, const Items& test) {
  std::map<std::string, std::map<std::string, int>> texts;
  std::map<int, int> letters;
  for (const qa::QaItem& item : train) {
    ++texts[item.template_id][item.AnswerText()];
    ++letters[item.answer_index];
  }
  int top_letter = 0, top_letter_n = -1;
  for (const auto& [letter, n] : letters) {
    if (n > top_letter_n) std::tie(top_letter, top_letter_n) = std::tie(letter, n);
  }
  std::vector<int> predictions;
  for (const qa::QaItem& item : test) {
    int prediction = top_letter < static_cast<int>(item.options.size()) ? top_letter : 0;
    const auto found = texts.find(item.template_id);
    if (found != texts.end()) {
      std::string best;
      int best_n = -1;
      for (const auto& [text, n] : found->second) {
        if (n > best_n) std::tie(best, best_n) = std::tie(text, n);
      }
      for (size_t i = 0; i < item.options.size(); ++i) {
        if (item.options[i] == best) prediction = static_cast<int>(i);
      }
    }
    predictions.push_back(prediction);
  }
  return predictions;
}

std::set<std::string> Words(const std::string& text) {
  std::set<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.insert(word);
      word.clear();
    }
  }
  return words;
}

// Features of option `i` of `item`: template x option text, question word x option text, letter.
std::vector<std::string> Features(const qa::QaItem& item, size_t i) {
  const std::string& option = item.options[i];
  std::vector<std::string> f = {"t|" + item.template_id + "|" + option,
                                "l|" + Letter(static_cast<int>(i))};
  for (const std::string& w : Words(item.question)) f.push_back("w|" + w + "|" + option);
  return f;
}

// Bag-of-words prior: for each feature, how often an option carrying it was the right one on
// `train` (Laplace-smoothed); an option's score is the sum of the log rates of its features.
std::vector<int> TextPrior(const Items& train, const Items& test) {
  std::map<std::string, std::pair<int, int>> counts;  // feature -> (wrong, right)
  for (const qa::QaItem& item : train) {
    for (size_t i = 0; i < item.options.size(); ++i) {
      for (const std::string& f : Features(item, i)) {
        auto& c = counts[f];
        (static_cast<int>(i) == item.answer_index ? c.second : c.first) += 1;
      }
    }
  }
  std::vector<int> predictions;
  for (const qa::QaItem& item : test) {
    int best = 0;
    double best_score = -INFINITY;
    for (size_t i = 0; i < item.options.size(); ++i) {
      double score = 0.0;
      for (const std::string& f : Features(item, i)) {
        const auto found = counts.find(f);
        const double wrong = found == counts.end() ? 0.0 : found->second.first;
        const double right = found == counts.end() ? 0.0 : found->second.second;
        score += std::log((right + 1.0) / (wrong + right + 2.0));
      }
      if (score > best_score + 1e-12) {
        best = static_cast<int>(i);
        best_score = score;
      }
    }
    predictions.push_back(best);
  }
  return predictions;
}

std::vector<int> MostFrequentLetter(const Items& train, const Items& test) {
  std::map<int, int> letters;
  for (const qa::QaItem& item : train) ++letters[item.answer_index];
  int top = 0, top_n = -1;
  for (const auto& [letter, n] : letters) {
    if (n > top_n) std::tie(top, top_n) = std::tie(letter, n);
  }
  std::vector<int> predictions;
  for (const qa::QaItem& item : test)
    predictions.push_back(top < static_cast<int>(item.options.size()) ? top : 0);
  return predictions;
}

std::string Percent(double x) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", 100.0 * x);
  return text;
}

Json Counts(const std::map<std::string, std::map<std::string, int>>& m) {
  Json j = Json::object();
  for (const auto& [k, inner] : m) {
    j[k] = Json::object();
    for (const auto& [k2, n] : inner) j[k][k2] = n;
  }
  return j;
}

std::vector<internal::Bar> Bars(const std::map<std::string, int>& counts,
                                const std::string& prefix = "") {
  std::vector<internal::Bar> bars;
  for (const auto& [label, n] : counts)
    bars.push_back({prefix + label, static_cast<double>(n), std::to_string(n)});
  return bars;
}

}  // namespace

bool NearChance(double accuracy, double chance, double ci_low) {
  return accuracy - chance <= 0.05 || ci_low <= chance;
}

std::pair<double, double> WilsonInterval(int correct, int n) {
  if (n <= 0) return {0.0, 1.0};
  constexpr double z = 1.959963984540054;
  const double p = static_cast<double>(correct) / n;
  const double denominator = 1.0 + z * z / n;
  const double centre = (p + z * z / (2.0 * n)) / denominator;
  const double half = z * std::sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denominator;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

DatasetStats ComputeStats(const std::vector<std::pair<std::string, Items>>& items,
                          const std::string& fit, const std::string& score) {
  DatasetStats s;
  const Items* train = nullptr;
  const Items* test = nullptr;
  for (const auto& [split, list] : items) {
    s.splits.push_back(split);
    s.items[split] = static_cast<int>(list.size());
    for (const qa::QaItem& item : list) {
      ++s.categories[split][item.category];
      ++s.templates[split][item.template_id];
      ++s.letters[split][Letter(item.answer_index)];
      ++s.values[item.template_id][item.answer_value];
    }
    if (split == fit) train = &list;
    if (split == score) test = &list;
  }
  if (train != nullptr && test != nullptr && !train->empty() && !test->empty()) {
    s.baselines.push_back(
        Score("most_frequent_answer", fit, score, *test, MostFrequentAnswer(*train, *test)));
    s.baselines.push_back(
        Score("most_frequent_letter", fit, score, *test, MostFrequentLetter(*train, *test)));
    s.baselines.push_back(Score("text_prior", fit, score, *test, TextPrior(*train, *test)));
  }
  return s;
}

std::string StatsJson(const DatasetStats& s) {
  Json j;
  j["schema"] = "synth4d.stats/1";
  j["splits"] = s.splits;
  Json items = Json::object();
  for (const auto& [k, n] : s.items) items[k] = n;
  j["items"] = items;
  j["categories"] = Counts(s.categories);
  j["templates"] = Counts(s.templates);
  j["answer_letters"] = Counts(s.letters);
  j["answer_values"] = Counts(s.values);
  Json baselines = Json::array();
  for (const Baseline& b : s.baselines) {
    baselines.push_back({{"name", b.name},
                         {"fitted_on", b.fitted_on},
                         {"scored_on", b.scored_on},
                         {"n", b.n},
                         {"accuracy", b.accuracy},
                         {"chance", b.chance},
                         {"ci95", {b.ci_low, b.ci_high}},
                         {"near_chance", b.near_chance}});
  }
  j["baselines"] = baselines;
  return j.dump(1) + "\n";
}

std::string StatsReport(const DatasetStats& s) {
  std::string out;
  for (const std::string& split : s.splits) {
    out += split + ": " + std::to_string(s.items.at(split)) + " questions\n  letters:";
    const auto letters = s.letters.find(split);
    if (letters != s.letters.end()) {
      for (const auto& [l, n] : letters->second) out += " " + l + "=" + std::to_string(n);
    }
    out += "\n  categories:";
    const auto categories = s.categories.find(split);
    if (categories != s.categories.end()) {
      for (const auto& [c, n] : categories->second) out += " " + c + "=" + std::to_string(n);
    }
    out += "\n";
  }
  out += "answer values per template:\n";
  for (const auto& [t, values] : s.values) {
    out += "  " + t + ":";
    for (const auto& [v, n] : values) out += " " + v + "=" + std::to_string(n);
    out += "\n";
  }
  if (s.baselines.empty())
    return out + "blind baselines: need questions in the fit and score splits\n";
  out += "blind baselines (fitted on " + s.baselines[0].fitted_on + ", scored on " +
         s.baselines[0].scored_on + ", n = " + std::to_string(s.baselines[0].n) + "):\n";
  for (const Baseline& b : s.baselines) {
    char line[256];
    std::snprintf(
        line, sizeof(line), "  %-22s %s vs chance %s (%+.1f points, 95%% CI %+.1f to %+.1f): %s\n",
        b.name.c_str(), Percent(b.accuracy).c_str(), Percent(b.chance).c_str(),
        100.0 * (b.accuracy - b.chance), 100.0 * (b.ci_low - b.chance),
        100.0 * (b.ci_high - b.chance),
        b.near_chance ? "near chance" : "ABOVE chance: answers are guessable without the video");
    out += line;
  }
  return out;
}

core::Status WriteStatsCharts(const DatasetStats& s, const fs::path& dir) {
  std::map<std::string, int> categories, templates;
  for (const auto& [split, m] : s.categories) {
    for (const auto& [k, n] : m) categories[k] += n;
  }
  for (const auto& [split, m] : s.templates) {
    for (const auto& [k, n] : m) templates[k] += n;
  }
  std::vector<internal::Bar> letter_bars;
  for (const std::string& split : s.splits) {
    const auto found = s.letters.find(split);
    if (found == s.letters.end()) continue;
    for (const internal::Bar& b : Bars(found->second, split + " ")) letter_bars.push_back(b);
  }
  internal::Chart baselines{.title = "Blind baselines: accuracy without the video",
                            .label_axis = "baseline",
                            .value_axis = "accuracy",
                            .percent = true,
                            .max = 1.0};
  for (const Baseline& b : s.baselines) {
    baselines.bars.push_back(
        {b.name, b.accuracy, Percent(b.accuracy), std::make_pair(b.ci_low, b.ci_high)});
  }
  if (!s.baselines.empty()) {  // every baseline is scored on the same questions
    const Baseline& b = s.baselines.front();
    baselines.value_axis =
        "accuracy on " + b.scored_on + ", n = " + std::to_string(b.n) + " (whiskers: 95% interval)";
    baselines.reference = b.chance;
    baselines.reference_label = "chance " + Percent(b.chance);
  }
  SYNTH4D_RETURN_IF_ERROR(
      internal::WriteBarChart(dir / "categories.png", {.title = "Questions per category",
                                                       .label_axis = "category",
                                                       .value_axis = "questions",
                                                       .bars = Bars(categories)}));
  SYNTH4D_RETURN_IF_ERROR(
      internal::WriteBarChart(dir / "templates.png", {.title = "Questions per template",
                                                      .label_axis = "template",
                                                      .value_axis = "questions",
                                                      .bars = Bars(templates)}));
  SYNTH4D_RETURN_IF_ERROR(
      internal::WriteBarChart(dir / "letters.png", {.title = "Answer letters per split",
                                                    .label_axis = "split and letter",
                                                    .value_axis = "questions",
                                                    .bars = letter_bars}));
  return internal::WriteBarChart(dir / "baselines.png", baselines);
}

core::Result<DatasetStats> DatasetStatistics(const fs::path& dataset, bool raw) {
  SYNTH4D_ASSIGN_OR_RETURN(Manifest manifest, ReadManifest(dataset));
  if (!manifest.complete || manifest.part) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        dataset.string() + ": not a finished dataset (run generate or merge to the end)");
  }
  std::vector<std::pair<std::string, Items>> items;
  for (const SplitRecord& split : manifest.config.splits) {
    Items list;
    if (raw) {
      for (const ShardRecord& shard : manifest.shards) {
        if (shard.split != split.name) continue;
        SYNTH4D_ASSIGN_OR_RETURN(std::vector<Sample> samples,
                                 ReadShard(dataset / shard.name, {"qa.json"}));
        for (const Sample& sample : samples) {
          const Sample::Field* f = sample.Find("qa.json");
          if (f == nullptr) continue;
          SYNTH4D_ASSIGN_OR_RETURN(Items clip, ParseQaJson(f->data, shard.name + ":" + sample.key));
          list.insert(list.end(), clip.begin(), clip.end());
        }
      }
    } else {
      SYNTH4D_ASSIGN_OR_RETURN(list, ReadSplitItems(dataset, split.name));
    }
    items.emplace_back(split.name, std::move(list));
  }
  auto has = [&](const std::string& name) {
    for (const auto& [split, list] : items) {
      if (split == name && !list.empty()) return true;
    }
    return false;
  };
  const std::string fit = has("train") ? "train" : items.empty() ? "" : items.front().first;
  const std::string score = has("test") ? "test" : has("val") ? "val" : fit;
  DatasetStats stats = ComputeStats(items, fit, score);
  const fs::path dir = dataset / (raw ? "stats_raw" : "stats");
  SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / "stats.json", StatsJson(stats)));
  SYNTH4D_RETURN_IF_ERROR(WriteStatsCharts(stats, dir));
  return stats;
}

}  // namespace synth4d::shard
