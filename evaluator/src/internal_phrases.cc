#include "internal_phrases.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "internal_text.h"

namespace synth4d::evaluator::internal {

namespace {

bool EndsWith(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; }

using Words = std::vector<std::string>;

// Synonym sets of the direction vocabulary; any member may stand for any other inside an option.
constexpr std::array<std::array<std::string_view, 10>, 8> kSynonyms{{
    {"towards the camera", "closer towards the camera", "closer to the camera", "coming closer",
     "getting closer", "moving closer", "approaching the camera", "nearer to the camera",
     "towards the viewer"},
    {"away from the camera", "further away from the camera", "farther away from the camera",
     "further from the camera", "farther from the camera", "going further away",
     "moving further away", "moving away from the camera", "receding from the camera"},
    {"not moving", "stationary", "motionless", "staying in place", "stays in place",
     "remains in place", "standing still", "stays still", "does not move", "doesn't move"},
    {"not spinning", "not rotating", "not turning"},
    {"left", "leftwards"},
    {"right", "rightwards"},
    {"up", "upwards"},
    {"down", "downwards"},
}};

// Where `part` occurs in `whole` as consecutive words, or npos.
size_t Find(const Words& whole, const Words& part) {
  if (part.empty() || part.size() > whole.size()) return std::string::npos;
  for (size_t at = 0; at + part.size() <= whole.size(); ++at) {
    if (std::equal(part.begin(), part.end(), whole.begin() + static_cast<std::ptrdiff_t>(at))) {
      return at;
    }
  }
  return std::string::npos;
}

// "there are no cars in the video", "there is no car in the video" and "no car there" name an
// absent thing; the bare "no car" names it too.
std::optional<Words> AbsenceForm(const Words& words) {
  if (words.size() >= 4 && words[0] == Stem("there") && words[2] == "no" &&
      words.back() == Stem("video")) {
    Words out{"no"};
    out.insert(out.end(), words.begin() + 3, words.end() - 1);
    return out;
  }
  if (words.size() >= 3 && words[0] == "no" && words.back() == Stem("there")) {
    return Words(words.begin(), words.end() - 1);
  }
  return std::nullopt;
}

}  // namespace

std::string Stem(std::string_view norm) {
  std::string w(norm);
  if (w.size() <= 3 ||
      !std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return w;
  }
  if (EndsWith(w, "ies") && w.size() > 4) {
    w = w.substr(0, w.size() - 3) + "y";
  } else if (EndsWith(w, "sses") || EndsWith(w, "xes") || EndsWith(w, "ches") ||
             EndsWith(w, "shes") || EndsWith(w, "zes")) {
    w.resize(w.size() - 2);
  } else if (EndsWith(w, "s") && !EndsWith(w, "ss") && !EndsWith(w, "us")) {
    w.pop_back();
  }
  bool stripped = false;
  if (EndsWith(w, "ing") && w.size() >= 6) {
    w.resize(w.size() - 3);
    stripped = true;
  } else if (EndsWith(w, "ed") && !EndsWith(w, "eed") && w.size() >= 5) {
    w.resize(w.size() - 2);
    stripped = true;
  }
  const size_t n = w.size();
  if (stripped && n >= 2 && w[n - 1] == w[n - 2] && !IsVowel(w[n - 1]) &&
      std::string_view("lsz").find(w[n - 1]) == std::string_view::npos) {
    w.pop_back();  // "dropped" -> "drop", "spinning" -> "spin"; "rolled" keeps "roll"
  }
  if (w.size() > 3 && w.back() == 'e') w.pop_back();  // "move", "moving", "moved" -> "mov"
  return w;
}

bool IsSkippableWord(std::string_view norm) {
  static constexpr auto kSkippable = std::to_array<std::string_view>(
      {"the", "a", "an", "to", "of", "in", "on", "at", "from", "into", "onto", "its", "their",
       "his", "her", "this", "that"});
  return std::find(kSkippable.begin(), kSkippable.end(), norm) != kSkippable.end();
}

std::vector<std::string> LooseWords(std::string_view text) {
  Words out;
  for (const std::string& word : CanonicalWords(text)) {
    if (!IsSkippableWord(word)) out.push_back(Stem(word));
  }
  return out;
}

std::vector<std::vector<std::vector<std::string>>> OptionForms(
    const std::vector<std::string>& option_texts) {
  std::vector<Words> own;
  for (const std::string& text : option_texts) own.push_back(LooseWords(text));
  std::vector<std::vector<Words>> forms(own.size());
  for (size_t k = 0; k < own.size(); ++k) {
    if (own[k].empty()) continue;
    std::vector<Words> candidates{own[k]};
    for (const auto& set : kSynonyms) {
      for (std::string_view member : set) {
        if (member.empty()) continue;
        const Words part = LooseWords(member);
        const size_t at = Find(own[k], part);
        if (at == std::string::npos) continue;
        for (std::string_view other : set) {
          if (other.empty() || other == member) continue;
          Words form(own[k].begin(), own[k].begin() + static_cast<std::ptrdiff_t>(at));
          const Words swap = LooseWords(other);
          form.insert(form.end(), swap.begin(), swap.end());
          form.insert(form.end(), own[k].begin() + static_cast<std::ptrdiff_t>(at + part.size()),
                      own[k].end());
          candidates.push_back(std::move(form));
        }
      }
    }
    if (std::optional<Words> absence = AbsenceForm(own[k])) candidates.push_back(*absence);
    for (Words& form : candidates) {
      const bool others = std::any_of(own.begin(), own.end(),
                                      [&](const Words& o) { return &o != &own[k] && o == form; });
      const bool repeated = std::find(forms[k].begin(), forms[k].end(), form) != forms[k].end();
      if (!others && !repeated) forms[k].push_back(std::move(form));
    }
  }
  return forms;
}

bool IsVocabularyValue(std::string_view norm) {
  static constexpr auto kValues = std::to_array<std::string_view>(
      {"left", "right", "up", "down", "upwards", "downwards", "towards", "away", "clockwise",
       "counterclockwise", "forwards", "backwards", "stationary", "yes", "no", "leftwards",
       "rightwards"});
  if (!norm.empty() && std::all_of(norm.begin(), norm.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return true;
  }
  return std::find(kValues.begin(), kValues.end(), norm) != kValues.end();
}

}  // namespace synth4d::evaluator::internal
