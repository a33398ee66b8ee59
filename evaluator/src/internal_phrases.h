#pragma once
// Private: the small morphology and synonym sets that let a reply's paraphrase of an option text
// match it ("holding the cube" for "hold the cube", "approaching the camera" for "closer towards
// the camera"). docs/evaluator.md ("Paraphrases") lists the forms and the sets.
#include <string>
#include <string_view>
#include <vector>

namespace synth4d::evaluator::internal {

// The stem of a canonical word: plural -s/-es/-ies, -ing and -ed removed, a doubled final
// consonant undoubled and a final -e dropped ("holding" -> "hold", "dropped" -> "drop",
// "moves" -> "mov"). Words of four letters or fewer, and digits, are kept as they are.
std::string Stem(std::string_view norm);

// True for the articles, prepositions and possessives a paraphrase may add or drop.
bool IsSkippableWord(std::string_view norm);

// The content stems of a text: its canonical words without skippable ones, stemmed.
std::vector<std::string> LooseWords(std::string_view text);

// For each option text, the content-stem sequences that name it: its own, plus the forms made by
// swapping in a synonym from the direction vocabulary and, for "there are no Xs in the video" /
// "no X there", the bare "no X". A form equal to another option's own form is left out.
std::vector<std::vector<std::vector<std::string>>> OptionForms(
    const std::vector<std::string>& option_texts);

// True when a canonical word is a value of the direction or counting vocabulary ("left", "up",
// "clockwise", "stationary", "7", ...), which a label's gloss can name although no option does.
bool IsVocabularyValue(std::string_view norm);

}  // namespace synth4d::evaluator::internal
