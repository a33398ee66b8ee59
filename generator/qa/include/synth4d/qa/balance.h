#pragma once
// Dataset-level balancing (CLEVR style): drop items of over-represented answer values per template,
// cap false-premise items, then re-letter so each letter is correct equally often.
#include <cstdint>
#include <vector>

#include "synth4d/qa/item.h"

namespace synth4d::qa {

struct BalanceOptions {
  double max_answer_ratio = 1.25;   // within a template: most / least frequent value, at most
  int min_value_count = 3;          // values rarer than this in a template are dropped
  int min_values = 2;  // templates left with fewer value classes (and no object answers) go
  double false_premise_rate = 0.1;  // false-premise items kept: at most this share of the result
  bool reletter = true;             // move correct options so letters are balanced (+-1 per group)
  uint64_t seed = 0;                // salt of the hash that picks which items to keep
};

// Balanced items, sorted by id. Within a template the answer classes are its values (counts) and,
// for object questions, "names an object", which stands for (options - 1) values: a special answer
// such as "nothing" is kept about as often as each object option. Values rarer than
// min_value_count are dropped, and a template left with fewer than min_values values is dropped
// whole (a single answer could be guessed without the video). Depends only on the set of items (ids must be unique), never on
// their order or on how many workers produced them. Paired items are kept or dropped together and
// re-lettered with the same permutation, so a pair keeps identical choices.
std::vector<QaItem> Balance(std::vector<QaItem> items, const BalanceOptions& options);

}  // namespace synth4d::qa
