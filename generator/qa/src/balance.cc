#include "synth4d/qa/balance.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "synth4d/core/check.h"
#include "synth4d/core/rng.h"

namespace synth4d::qa {
namespace {

// The balance class of all object answers of a template (values are plain words, never this).
constexpr std::string_view kObjectClass = "<object>";

uint64_t Hash(const std::string& key, uint64_t seed) {
  return core::SplitMix64(core::Fnv1a64(key) ^ core::SplitMix64(seed));
}

// The key items are kept, dropped and re-lettered by: the pair for paired items, else the id.
const std::string& UnitKey(const QaItem& item) {
  return item.pair_id.empty() ? item.id : item.pair_id;
}

// Keeps the `keep` items of `ids` with the lowest hash.
void KeepLowestHash(std::vector<const QaItem*> group, size_t keep, uint64_t seed,
                    std::set<std::string>& dropped) {
  std::sort(group.begin(), group.end(), [&](const QaItem* a, const QaItem* b) {
    const uint64_t ha = Hash(a->id, seed), hb = Hash(b->id, seed);
    return ha != hb ? ha < hb : a->id < b->id;
  });
  for (size_t i = keep; i < group.size(); ++i) dropped.insert(group[i]->id);
}

}  // namespace

std::vector<QaItem> Balance(std::vector<QaItem> items, const BalanceOptions& options) {
  std::sort(items.begin(), items.end(),
            [](const QaItem& a, const QaItem& b) { return a.id < b.id; });
  for (size_t i = 1; i < items.size(); ++i) {
    SYNTH4D_CHECK(items[i].id != items[i - 1].id) << "duplicate item id " << items[i].id;
  }
  std::set<std::string> dropped;
  // Answer classes per template: each value or count, and all object answers as one class that
  // stands for (options - 1) values, since each of its items names one of several objects.
  struct Class {
    std::vector<const QaItem*> items;
    size_t weight = 1;
  };
  std::map<std::string, std::map<std::string, Class>> by_template;
  for (const QaItem& item : items) {
    if (!item.pair_id.empty() || item.answer_kind == "absent") continue;  // pairs: balanced already
    const bool object = item.answer_kind == "object";
    Class& c =
        by_template[item.template_id][object ? std::string(kObjectClass) : item.answer_value];
    c.items.push_back(&item);
    if (object)
      c.weight = std::max(c.weight, item.options.size() > 1 ? item.options.size() - 1 : 1);
  }
  for (auto& [tmpl, classes] : by_template) {
    size_t least = SIZE_MAX;  // per unit of weight
    size_t values = 0;        // value classes left
    for (auto& [name, c] : classes) {
      if (name != kObjectClass && c.items.size() < static_cast<size_t>(options.min_value_count)) {
        for (const QaItem* item : c.items) dropped.insert(item->id);
        continue;
      }
      least = std::min(least, c.items.size() / c.weight);
      values += name != kObjectClass;
    }
    const bool objects = classes.count(std::string(kObjectClass)) > 0;
    if (values < static_cast<size_t>(options.min_values) && !objects) {  // guessable
      for (auto& [name, c] : classes) {
        for (const QaItem* item : c.items) dropped.insert(item->id);
      }
      continue;
    }
    if (least == SIZE_MAX) continue;
    const double cap =
        std::max<double>(1.0, static_cast<double>(least)) * std::max(1.0, options.max_answer_ratio);
    for (auto& [name, c] : classes) {
      if (name != kObjectClass && c.items.size() < static_cast<size_t>(options.min_value_count)) {
        continue;
      }
      KeepLowestHash(c.items, static_cast<size_t>(std::floor(cap * static_cast<double>(c.weight))),
                     options.seed, dropped);
    }
  }
  // False-premise share.
  std::vector<const QaItem*> absent;
  size_t real = 0;
  for (const QaItem& item : items) {
    if (dropped.count(item.id)) continue;
    if (item.answer_kind == "absent") {
      absent.push_back(&item);
    } else {
      ++real;
    }
  }
  const double r = std::clamp(options.false_premise_rate, 0.0, 0.9);
  KeepLowestHash(absent, static_cast<size_t>(std::floor(static_cast<double>(real) * r / (1.0 - r))),
                 options.seed, dropped);
  std::vector<QaItem> kept;
  for (QaItem& item : items) {
    if (!dropped.count(item.id)) kept.push_back(std::move(item));
  }
  if (!options.reletter) return kept;
  // Letters: per option count, units in hash order take target positions 0, 1, ..., n-1, 0, ...
  std::map<size_t, std::vector<std::string>> units;  // option count -> unit keys
  std::map<std::string, std::vector<QaItem*>> members;
  for (QaItem& item : kept) {
    std::vector<QaItem*>& m = members[UnitKey(item)];
    if (m.empty()) units[item.options.size()].push_back(UnitKey(item));
    m.push_back(&item);
  }
  for (auto& [n, keys] : units) {
    std::sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
      const uint64_t ha = Hash(a, options.seed ^ 0x5bd1e995u),
                     hb = Hash(b, options.seed ^ 0x5bd1e995u);
      return ha != hb ? ha < hb : a < b;
    });
    for (size_t i = 0; i < keys.size(); ++i) {
      const std::vector<QaItem*>& m = members[keys[i]];
      const int from = m.front()->answer_index;  // members are in id order
      const int to = static_cast<int>(i % n);
      for (QaItem* item : m) {
        if (item->options.size() != n) continue;
        std::swap(item->options[from], item->options[to]);
        if (item->answer_index == from) {
          item->answer_index = to;
        } else if (item->answer_index == to) {
          item->answer_index = from;
        }
      }
    }
  }
  return kept;
}

}  // namespace synth4d::qa
