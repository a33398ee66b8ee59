#include "synth4d/evaluator/extract.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>

#include "internal_normalize.h"
#include "internal_phrases.h"
#include "internal_text.h"

namespace synth4d::evaluator {

namespace {

using internal::Token;
using internal::TokenKind;

// ----------------------------------------------------------------------------------------------
// Token-level reading.

bool IsPunct(const Token& t, std::string_view chars) {
  return t.kind == TokenKind::kPunct && t.norm.size() == 1 &&
         chars.find(t.norm[0]) != std::string_view::npos;
}

bool IsWord(const Token& t, std::string_view word) {
  return t.kind == TokenKind::kWord && t.norm == word;
}

template <size_t N>
bool IsAnyWord(const Token& t, const std::array<std::string_view, N>& words) {
  if (t.kind != TokenKind::kWord) return false;
  return std::find(words.begin(), words.end(), t.norm) != words.end();
}

constexpr auto kNegators = std::to_array<std::string_view>(
    {"not", "no", "never", "neither", "nor", "isnt", "arent", "wasnt", "werent", "doesnt", "dont",
     "didnt", "cannot", "cant", "wont", "couldnt", "without", "than", "none"});

// Words that separate clauses, so a negation before them does not reach past them.
constexpr auto kClauseBreaks = std::to_array<std::string_view>(
    {"but", "however", "whereas", "while", "although", "instead", "rather"});

// The tokens of one reply and the canonical words of the options it is read against.
struct Reader {
  const std::vector<Token>& tokens;
  std::vector<std::vector<std::string>> option_words;
  std::vector<std::vector<std::vector<std::string>>> option_forms;  // paraphrase forms (stems)
  std::vector<std::string> stems;                                   // per token; "" for punctuation
  std::vector<Token> question;
  int n = 0;

  Reader(const std::vector<Token>& t, const std::vector<Option>& options,
         std::string_view question_text = {})
      : tokens(t),
        question(internal::Tokenize(question_text)),
        n(static_cast<int>(options.size())) {
    std::vector<std::string> texts;
    for (const Option& option : options) {
      option_words.push_back(internal::CanonicalWords(option.text));
      texts.push_back(option.text);
    }
    option_forms = internal::OptionForms(texts);
    for (const Token& token : tokens) {
      stems.push_back(token.kind == TokenKind::kWord ? internal::Stem(token.norm) : "");
    }
  }

  size_t size() const { return tokens.size(); }
  bool AtEnd(size_t i) const { return i >= tokens.size(); }
  // True when token i starts a new line (or there is no token i).
  bool LineBreakAt(size_t i) const { return AtEnd(i) || tokens[i].newline_before; }

  // The option index of a one-letter word token, honouring case rules; -1 otherwise.
  int LetterIndex(size_t i, bool allow_lower) const {
    if (AtEnd(i)) return -1;
    const Token& t = tokens[i];
    if (t.kind != TokenKind::kWord) return -1;
    if (const int glued = GluedLetterIndex(t); glued >= 0) return glued;
    if (t.raw.size() != 1) return -1;
    const char c = t.raw[0];
    if (c >= 'A' && c < 'A' + n) return c - 'A';
    if (allow_lower && c >= 'a' && c < 'a' + n) return c - 'a';
    return -1;
  }

  // "optionC", "OptionB", "choiceA": a label glued to the word before it; -1 otherwise.
  int GluedLetterIndex(const Token& t) const {
    for (std::string_view prefix : {"option", "choice"}) {
      if (t.norm.size() != prefix.size() + 1 || t.norm.compare(0, prefix.size(), prefix) != 0) {
        continue;
      }
      const int index = t.raw.back() - 'A';
      if (index >= 0 && index < n) return index;
    }
    return -1;
  }

  // True when the token after a label ends the answer: end, a line break or punctuation.
  bool Terminal(size_t i) const {
    return AtEnd(i) || tokens[i].newline_before || tokens[i].kind == TokenKind::kPunct;
  }

  struct LabelMatch {
    int index = -1;
    size_t next = 0;  // the token after the label (after its closing bracket)
    bool bracketed = false;
  };

  // A label at token i: "B", "(B)", "[B]", "{B}"; a lower-case letter only when bracketed or
  // terminal ("answer is d." yes, "answer is a sphere" no).
  std::optional<LabelMatch> LabelAt(size_t i) const {
    if (AtEnd(i)) return std::nullopt;
    if (IsPunct(tokens[i], "([{")) {
      const int index = LetterIndex(i + 1, /*allow_lower=*/true);
      if (index < 0 || AtEnd(i + 2) || !IsPunct(tokens[i + 2], ")]}")) return std::nullopt;
      return LabelMatch{index, i + 3, true};
    }
    const int upper = LetterIndex(i, /*allow_lower=*/false);
    if (upper >= 0) return LabelMatch{upper, i + 1, false};
    const int lower = LetterIndex(i, /*allow_lower=*/true);
    if (lower >= 0 && Terminal(i + 1) && (AtEnd(i + 1) || !IsPunct(tokens[i + 1], "'-"))) {
      return LabelMatch{lower, i + 1, false};
    }
    return std::nullopt;
  }

  struct TextMatch {
    std::vector<int> indices;  // options with this exact text (duplicates allowed)
    size_t length = 0;         // in tokens
  };

  // The longest option text starting at token i (consecutive words), if any.
  std::optional<TextMatch> OptionTextAt(size_t i) const {
    TextMatch best;
    for (int k = 0; k < n; ++k) {
      const std::vector<std::string>& words = option_words[k];
      if (words.empty() || i + words.size() > tokens.size()) continue;
      bool match = true;
      for (size_t w = 0; w < words.size() && match; ++w) {
        const Token& t = tokens[i + w];
        match = t.kind == TokenKind::kWord && t.norm == words[w] && (w == 0 || !t.newline_before);
      }
      if (!match) continue;
      if (words.size() > best.length)
        best = TextMatch{{k}, words.size()};
      else if (words.size() == best.length)
        best.indices.push_back(k);
    }
    if (best.length == 0) return std::nullopt;
    return best;
  }

  // The longest paraphrase of an option starting at token i: its content stems in order, with
  // articles and prepositions skipped on either side, within one clause ("holding a cube").
  std::optional<TextMatch> LooseTextAt(size_t i) const {
    if (AtEnd(i) || tokens[i].kind != TokenKind::kWord ||
        internal::IsSkippableWord(tokens[i].norm)) {
      return std::nullopt;
    }
    TextMatch best;
    for (int k = 0; k < n; ++k) {
      for (const std::vector<std::string>& form : option_forms[k]) {
        size_t j = i;
        size_t w = 0;
        while (w < form.size() && !AtEnd(j) && tokens[j].kind == TokenKind::kWord &&
               (j == i || !tokens[j].newline_before)) {
          if (stems[j] == form[w]) {
            ++w;
          } else if (j == i || !internal::IsSkippableWord(tokens[j].norm)) {
            break;
          }
          ++j;
        }
        if (w < form.size()) continue;
        const size_t length = j - i;
        if (length > best.length) {
          best = TextMatch{{k}, length};
        } else if (length == best.length &&
                   std::find(best.indices.begin(), best.indices.end(), k) == best.indices.end()) {
          best.indices.push_back(k);
        }
      }
    }
    if (best.length == 0) return std::nullopt;
    return best;
  }

  // The exact option text at i, else a paraphrase.
  std::optional<TextMatch> AnyTextAt(size_t i) const {
    if (auto exact = OptionTextAt(i)) return exact;
    return LooseTextAt(i);
  }
};

struct Candidate {
  size_t position = 0;
  Extraction extraction;
};

Extraction Answered(int index, std::string rule) {
  return Extraction{ExtractStatus::kAnswered, index, std::move(rule)};
}
Extraction Invalid(std::string rule) {
  return Extraction{ExtractStatus::kInvalid, -1, std::move(rule)};
}

// True when the line starting at token i is only a label, optionally after "or"/"and": the
// second answer of "C\nD" or "B\nor C".
bool LabelOnlyLineAt(const Reader& r, size_t i, int index) {
  if (r.AtEnd(i)) return false;
  if (IsWord(r.tokens[i], "or") || IsWord(r.tokens[i], "and")) ++i;
  const auto other = r.LabelAt(i);
  if (!other || other->index == index || (!other->bracketed && r.LetterIndex(i, false) < 0)) {
    return false;
  }
  size_t end = other->next;
  while (!r.AtEnd(end) && !r.tokens[end].newline_before && IsPunct(r.tokens[end], ".)")) ++end;
  return r.LineBreakAt(end);
}

// After a label ending at `next`: "or B", "/B", "and (C)", ", C.", ".A." or a next line that is
// another label make it ambiguous.
bool AmbiguousTail(const Reader& r, size_t next, int index) {
  size_t i = next;
  if (r.AtEnd(i)) return false;
  if (r.tokens[i].newline_before) return LabelOnlyLineAt(r, i, index);
  const bool joiner =
      IsWord(r.tokens[i], "or") || IsWord(r.tokens[i], "and") || IsPunct(r.tokens[i], "/&");
  if (joiner) {
    const auto other = r.LabelAt(i + 1);
    return other && other->index != index;
  }
  if (IsPunct(r.tokens[i], ",.;")) ++i;
  if (r.AtEnd(i) || r.tokens[i].newline_before) return false;
  const auto other = r.LabelAt(i);
  return other && other->index != index && r.Terminal(other->next);
}

// True when the words after a label make it conditional: "B if the camera is fixed, ...",
// "C, unless ...", "D depending on ...".
bool HedgedTail(const Reader& r, size_t next) {
  static constexpr auto kConditionals =
      std::to_array<std::string_view>({"if", "unless", "depending", "otherwise", "assuming"});
  size_t i = next;
  for (int words = 0; words < 2 && !r.AtEnd(i) && !r.tokens[i].newline_before; ++i) {
    if (IsAnyWord(r.tokens[i], kConditionals)) return true;
    if (r.tokens[i].kind == TokenKind::kWord) ++words;
  }
  return false;
}

// The option text written right after a label ("B: right", "C (left)", "D. towards the camera"),
// as the set of options it names; empty when the label has no gloss. After ". " a capitalised
// word starts a new sentence unless the option text then ends the line.
std::optional<Reader::TextMatch> Gloss(const Reader& r, size_t next) {
  size_t i = next;
  bool after_stop = false;
  while (!r.AtEnd(i) && !r.tokens[i].newline_before && IsPunct(r.tokens[i], ":-.()\"'=,")) {
    after_stop = after_stop || IsPunct(r.tokens[i], ".");
    ++i;
  }
  if (r.AtEnd(i) || r.tokens[i].newline_before || (i == next && !r.tokens[i].space_before)) {
    return std::nullopt;
  }
  if (IsWord(r.tokens[i], "option") || IsWord(r.tokens[i], "choice")) return std::nullopt;
  std::optional<Reader::TextMatch> match = r.AnyTextAt(i);
  if (!match && internal::IsVocabularyValue(r.tokens[i].norm) && r.Terminal(i + 1)) {
    match = Reader::TextMatch{{}, 1};  // a value no option has: "C (upwards)", "B) 5"
  }
  if (!match) return std::nullopt;
  if (after_stop && std::isupper(static_cast<unsigned char>(r.tokens[i].raw[0]))) {
    size_t end = i + match->length;
    while (!r.AtEnd(end) && !r.tokens[end].newline_before && IsPunct(r.tokens[end], ".!)\"'")) {
      ++end;
    }
    if (!r.LineBreakAt(end)) return std::nullopt;
  }
  return match;
}

bool Negated(const Reader& r, size_t i);
bool RejectedAfter(const Reader& r, size_t next);

// The options named later in a label's own sentence ("A, as the cube moves right", "B. it moves
// towards the camera"); stops at a new sentence, a line break or a mention of another label.
std::set<int> SentenceTailNames(const Reader& r, size_t next) {
  std::set<int> named;
  for (size_t i = next; !r.AtEnd(i) && i < next + 30 && !r.tokens[i].newline_before;) {
    const Token& t = r.tokens[i];
    if (IsPunct(t, "!?;")) break;
    if (IsPunct(t, ".") && !r.AtEnd(i + 1) && r.tokens[i + 1].kind == TokenKind::kWord &&
        std::isupper(static_cast<unsigned char>(r.tokens[i + 1].raw[0]))) {
      break;
    }
    if (IsWord(t, "option") || IsWord(t, "choice") ||
        (r.LabelAt(i) && r.LetterIndex(i, false) >= 0)) {
      break;
    }
    const auto match = r.AnyTextAt(i);
    if (!match) {
      ++i;
      continue;
    }
    if (!Negated(r, i) && !RejectedAfter(r, i + match->length)) {
      named.insert(match->indices.begin(), match->indices.end());
    }
    i += match->length;
  }
  return named;
}

// Reads a label found at `label` in a declaration or at the start: ambiguity and hedges, then
// agreement with its gloss or with the options its sentence goes on to name (docs: policy).
Extraction ResolveLabel(const Reader& r, const Reader::LabelMatch& label, std::string rule) {
  if (AmbiguousTail(r, label.next, label.index)) return Invalid("ambiguous");
  if (HedgedTail(r, label.next)) return Invalid("hedge");
  if (const auto gloss = Gloss(r, label.next)) {
    const bool agrees = std::find(gloss->indices.begin(), gloss->indices.end(), label.index) !=
                        gloss->indices.end();
    if (!agrees) return Invalid("conflict");
    return Answered(label.index, std::move(rule));
  }
  const std::set<int> named = SentenceTailNames(r, label.next);
  if (!named.empty() && named.count(label.index) == 0) return Invalid("conflict");
  return Answered(label.index, std::move(rule));
}

// The whole reply is one label, possibly bracketed and punctuated: "B", "(b)", "C.", "[D]".
std::optional<Extraction> WholeLabel(const Reader& r, size_t begin, size_t end) {
  auto skippable = [&](size_t i) { return IsPunct(r.tokens[i], ".:;!?,\"'>#-"); };
  while (begin < end && skippable(begin)) ++begin;
  while (end > begin && skippable(end - 1)) --end;
  if (end == begin) return std::nullopt;
  if (end - begin == 1) {
    const int index = r.LetterIndex(begin, /*allow_lower=*/true);
    if (index >= 0) return Answered(index, "label");
    return std::nullopt;
  }
  const auto label = r.LabelAt(begin);
  if (label && label->bracketed && label->next == end) return Answered(label->index, "label");
  if (end - begin == 2 && IsPunct(r.tokens[begin + 1], ")")) {
    const int index = r.LetterIndex(begin, /*allow_lower=*/true);
    if (index >= 0) return Answered(index, "label");
  }
  return std::nullopt;
}

constexpr auto kFillers = std::to_array<std::string_view>(
    {"is",        "are",      "was",    "would",   "will",    "should",   "must",
     "be",        "been",     "seems",  "to",      "the",     "my",       "our",
     "final",     "correct",  "best",   "right",   "most",    "likely",   "appropriate",
     "therefore", "thus",     "hence",  "so",      "then",    "here",     "it",
     "this",      "that",     "option", "choice",  "letter",  "clearly",  "definitely",
     "probably",  "i",        "think",  "believe", "of",      "for",      "question",
     "given",     "provided", "above",  "as",      "follows", "accurate", "selected",
     "chosen"});

// CJK filler characters: 是 (is), 为/為 (as), 项/項 (item), 选/選 (choose), は and 은/는 (topic),
// 应该/應該 (should), 择/擇 (of 选择, choose), 最终/最終 (final), 的 and 就.
bool IsCjkFiller(const Token& t) {
  static constexpr auto kFillerChars = std::to_array<std::string_view>(
      {"\xE6\x98\xAF", "\xE4\xB8\xBA", "\xE7\x82\xBA", "\xE9\xA1\xB9", "\xE9\xA0\x85",
       "\xE9\x80\x89", "\xE9\x81\xB8", "\xE3\x81\xAF", "\xEC\x9D\x80", "\xEB\x8A\x94",
       "\xE5\xBA\x94", "\xE8\xAF\xA5", "\xE6\x87\x89", "\xE8\xA9\xB2", "\xE6\x8B\xA9",
       "\xE6\x93\x87", "\xE6\x9C\x80", "\xE7\xBB\x88", "\xE7\xB5\x82", "\xE7\x9A\x84",
       "\xE5\xB0\xB1"});
  return std::find(kFillerChars.begin(), kFillerChars.end(), t.raw) != kFillerChars.end();
}

// A negation right before token i ("cannot choose", "would not pick").
bool NegatedBefore(const Reader& r, size_t i) {
  for (size_t back = 1; back <= 2 && back <= i; ++back) {
    if (IsAnyWord(r.tokens[i - back], kNegators)) return true;
  }
  return false;
}

struct Trigger {
  size_t length = 0;         // tokens; 0 = no trigger
  bool labels_only = false;  // "aligns with", "corresponds to": only a label declares
};

// A declaration trigger at i ("answer", "choose", "I took", "go with", "correct option", "答案",
// "选"), or length 0. A particle makes a verb something else ("pick up").
Trigger TriggerAt(const Reader& r, size_t i) {
  const Token& t = r.tokens[i];
  if (t.kind != TokenKind::kWord) return {};
  const bool next_is = !r.AtEnd(i + 1) && r.tokens[i + 1].kind == TokenKind::kWord;
  auto next = [&](std::string_view word) { return next_is && r.tokens[i + 1].norm == word; };
  static constexpr auto kVerbs = std::to_array<std::string_view>(
      {"choose", "chose", "pick", "picked", "select", "selected", "opt", "opted"});
  if (t.norm == "answer") return {1, false};
  if (IsAnyWord(t, kVerbs)) {
    if (next("up") || next("out") || next("from")) return {};
    return {next("for") ? 2u : 1u, false};
  }
  if (t.norm == "took" || t.norm == "take") return {1, true};
  if ((t.norm == "go" || t.norm == "going") && (next("with") || next("for"))) return {2, false};
  static constexpr auto kMatches = std::to_array<std::string_view>(
      {"aligns", "corresponds", "matches", "consistent", "fits", "supports", "points"});
  if (IsAnyWord(t, kMatches)) return {next("with") || next("to") ? 2u : 1u, true};
  if ((t.norm == "option" || t.norm == "choice") && i > 0) {
    static constexpr auto kQualifiers = std::to_array<std::string_view>(
        {"correct", "best", "right", "final", "my", "appropriate", "accurate", "suitable", "only"});
    if (IsAnyWord(r.tokens[i - 1], kQualifiers)) return {1, false};
  }
  if (!r.AtEnd(i + 1)) {
    const std::string& second = r.tokens[i + 1].raw;
    if (t.raw == "\xE7\xAD\x94" && (second == "\xE6\xA1\x88" || second == "\xE3\x81\x88")) {
      return {2, false};  // 答案 (Chinese), 答え (Japanese)
    }
    if (t.raw == "\xEC\xA0\x95" && second == "\xEB\x8B\xB5") return {2, false};  // 정답 (Korean)
  }
  if (t.raw == "\xE9\x80\x89" || t.raw == "\xE9\x81\xB8") return {1, false};  // 选 / 選
  return {};
}

// True when token i starts a stated non-answer: "N/A", "none", "undetermined", "unknown",
// "cannot be determined", or the prompt's unfilled placeholder "$LETTER".
bool NonAnswerAt(const Reader& r, size_t i) {
  const Token& t = r.tokens[i];
  static constexpr auto kNonAnswers = std::to_array<std::string_view>(
      {"none", "na", "undetermined", "undeterminable", "indeterminate", "unknown", "unclear",
       "uncertain", "insufficient", "unanswerable", "null", "nil"});
  if (IsAnyWord(t, kNonAnswers)) return true;
  if (IsWord(t, "n") && !r.AtEnd(i + 2) && IsPunct(r.tokens[i + 1], "/") &&
      IsWord(r.tokens[i + 2], "a")) {
    return true;
  }
  if ((IsWord(t, "cannot") || IsWord(t, "cant") || IsWord(t, "not")) && !r.AtEnd(i + 1) &&
      (IsWord(r.tokens[i + 1], "be") || IsWord(r.tokens[i + 1], "determine") ||
       IsWord(r.tokens[i + 1], "determined") || IsWord(r.tokens[i + 1], "possible"))) {
    return true;
  }
  return IsWord(t, "letter") && r.Terminal(i + 1) && !r.LabelAt(i + 1);
}

// A declaration starting after a trigger: skips fillers and punctuation, then reads an option
// text or a label. A stated non-answer, or nothing at all after a colon ("Final answer:"),
// declares that no option was chosen. Stops at a negation or at anything else.
std::optional<Candidate> ReadDeclaration(const Reader& r, size_t start, bool labels_only) {
  size_t i = start;
  bool colon = false;
  for (int steps = 0; steps < 12; ++steps) {
    if (r.AtEnd(i)) {
      if (colon && !labels_only) return Candidate{i, Invalid("non_answer")};
      return std::nullopt;
    }
    // A declaration may continue on the next line only after a colon ("The answer is:\n\nB").
    if (steps > 0 && r.tokens[i].newline_before && !IsPunct(r.tokens[i - 1], ":")) {
      return std::nullopt;
    }
    if (const auto text = r.OptionTextAt(i); text && !labels_only) {
      const auto label = r.LabelAt(i);
      if (!label || text->length > 1) {
        return Candidate{i, Answered(text->indices.front(), "declared_text")};
      }
    }
    if (const auto label = r.LabelAt(i)) {
      if (labels_only && !label->bracketed && r.LetterIndex(i, false) < 0) return std::nullopt;
      return Candidate{i, ResolveLabel(r, *label, "declared")};
    }
    const Token& t = r.tokens[i];
    if (!labels_only && NonAnswerAt(r, i)) return Candidate{i, Invalid("non_answer")};
    if (IsAnyWord(t, kNegators)) return std::nullopt;
    const bool filler = IsAnyWord(t, kFillers) || IsCjkFiller(t) || IsPunct(t, ":=-\"'([{>#|,") ||
                        (t.kind == TokenKind::kPunct && t.raw.size() > 1);
    if (!filler) return std::nullopt;
    colon = colon || IsPunct(t, ":");
    ++i;
  }
  return std::nullopt;
}

// "B is correct", "option (C) is the right answer", "D is likely the best", "B would be my answer".
std::optional<Candidate> PostfixDeclaration(const Reader& r, size_t i) {
  const auto label = r.LabelAt(i);
  if (!label || (!label->bracketed && r.LetterIndex(i, false) < 0)) return std::nullopt;
  if (i > 0 && !r.tokens[i].space_before && r.tokens[i - 1].kind == TokenKind::kWord) {
    return std::nullopt;
  }
  size_t j = label->next;
  static constexpr auto kVerbs = std::to_array<std::string_view>(
      {"is", "seems", "appears", "would", "should", "must", "be", "remains"});
  static constexpr auto kSkipped =
      std::to_array<std::string_view>({"to", "the", "my", "our", "likely", "probably", "clearly",
                                       "definitely", "certainly", "indeed"});
  static constexpr auto kVerdicts = std::to_array<std::string_view>(
      {"correct", "right", "answer", "best", "accurate", "most", "true", "appropriate"});
  int verbs = 0;
  while (!r.AtEnd(j) && !r.tokens[j].newline_before &&
         (IsAnyWord(r.tokens[j], kVerbs) || IsAnyWord(r.tokens[j], kSkipped))) {
    verbs += IsAnyWord(r.tokens[j], kVerbs) ? 1 : 0;
    ++j;
  }
  if (verbs == 0 || r.AtEnd(j) || !IsAnyWord(r.tokens[j], kVerdicts)) return std::nullopt;
  if (HedgedTail(r, j + 1)) return Candidate{i, Invalid("hedge")};
  const std::set<int> named = SentenceTailNames(r, j + 1);
  if (!named.empty() && named.count(label->index) == 0) return Candidate{i, Invalid("conflict")};
  return Candidate{i, Answered(label->index, "declared")};
}

// True when the sentence holding token i opens with a condition ("If the sphere is in front, the
// answer is A"): such a declaration is a hedge, not an answer.
bool InConditionalSentence(const Reader& r, size_t i) {
  size_t start = i;
  while (start > 0 && !r.tokens[start].newline_before && !IsPunct(r.tokens[start - 1], ".!?;")) {
    --start;
  }
  return IsWord(r.tokens[start], "if") || IsWord(r.tokens[start], "unless");
}

// The last declaration in the reply, prefix ("the answer is B") or postfix ("B is correct").
std::optional<Extraction> LastDeclaration(const Reader& r) {
  std::optional<Candidate> last;
  auto keep = [&](std::optional<Candidate> candidate, size_t at) {
    if (!candidate || (last && candidate->position < last->position)) return;
    if (candidate->extraction.status == ExtractStatus::kAnswered && InConditionalSentence(r, at)) {
      candidate->extraction = Invalid("hedge");
    }
    last = std::move(candidate);
  };
  for (size_t i = 0; i < r.size(); ++i) {
    if (const Trigger trigger = TriggerAt(r, i); trigger.length > 0 && !NegatedBefore(r, i)) {
      keep(ReadDeclaration(r, i + trigger.length, trigger.labels_only), i);
    }
    keep(PostfixDeclaration(r, i), i);
  }
  if (!last) return std::nullopt;
  return last->extraction;
}

// True when the words right after a label reject it ("(A) is wrong", "B is not correct").
bool RejectedAfter(const Reader& r, size_t next) {
  static constexpr auto kRejections = std::to_array<std::string_view>(
      {"not", "incorrect", "wrong", "isnt", "eliminated", "ruled", "unlikely"});
  for (size_t j = next; j < next + 3 && !r.AtEnd(j); ++j) {
    if (IsAnyWord(r.tokens[j], kRejections)) return true;
  }
  return false;
}

// A label at the start: "B) moves right", "C, because ...", "(D) away", "Option B: ...". A bare
// "A"/"I" followed by a word is read as the article / pronoun, not as a label.
std::optional<Extraction> LeadingLabel(const Reader& r) {
  size_t i = 0;
  while (!r.AtEnd(i) && IsPunct(r.tokens[i], "\"'#>-")) ++i;
  if (!r.AtEnd(i) && (IsWord(r.tokens[i], "option") || IsWord(r.tokens[i], "choice"))) ++i;
  const auto label = r.LabelAt(i);
  if (!label || RejectedAfter(r, label->next)) return std::nullopt;
  if (AmbiguousTail(r, label->next, label->index)) return Invalid("ambiguous");
  if (!label->bracketed && !r.Terminal(label->next)) {
    const char c = r.tokens[i].raw[0];
    if (c == 'A' || c == 'I' || std::islower(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return ResolveLabel(r, *label, "leading_label");
}

// The last line that is only a label ("...reasoning...\n\n**C**").
std::optional<Extraction> LabelLine(const Reader& r) {
  std::optional<Extraction> last;
  size_t begin = 0;
  for (size_t i = 1; i <= r.size(); ++i) {
    if (!r.LineBreakAt(i)) continue;
    if (auto whole = WholeLabel(r, begin, i)) {
      if (r.LetterIndex(begin, false) >= 0 || r.tokens[begin].kind == TokenKind::kPunct) {
        last = Answered(whole->index, "label_line");
      }
    }
    begin = i;
  }
  return last;
}

// A label closing the reply after a conclusion word: "..., so C.", "... hence (B)", "...: D",
// "...是C" (is C).
std::optional<Extraction> EndingLabel(const Reader& r) {
  size_t end = r.size();
  while (end > 0 && IsPunct(r.tokens[end - 1], ".!\"'")) --end;
  if (end == 0) return std::nullopt;
  size_t start = end - 1;
  if (IsPunct(r.tokens[start], ")]") && start >= 2) start -= 2;
  const auto label = r.LabelAt(start);
  if (!label || label->next != end || start == 0) return std::nullopt;
  if (!label->bracketed && r.LetterIndex(start, false) < 0) return std::nullopt;
  static constexpr auto kConclusions = std::to_array<std::string_view>(
      {"so", "thus", "hence", "therefore", "is", "its", "say", "pick"});
  size_t b = start - 1;
  if (IsPunct(r.tokens[b], ",") && b > 0) --b;  // "So, B."
  const Token& before = r.tokens[b];
  if (IsAnyWord(before, kConclusions) || IsPunct(before, ":=") || before.raw == "\xE6\x98\xAF") {
    return Answered(label->index, "ending_label");
  }
  return std::nullopt;
}

// "(C)" anywhere when it is the only bracketed label, and not followed by a rejection.
std::optional<Extraction> UniqueBracketedLabel(const Reader& r) {
  std::set<int> seen;
  for (size_t i = 0; i < r.size(); ++i) {
    if (!IsPunct(r.tokens[i], "(")) continue;
    const auto label = r.LabelAt(i);
    if (!label || r.LetterIndex(i + 1, false) < 0) continue;
    if (!RejectedAfter(r, label->next)) seen.insert(label->index);
  }
  if (seen.size() == 1) return Answered(*seen.begin(), "bracketed_label");
  return std::nullopt;
}

// A numeric option text at i that is really a list number ("1. The bear"), a decimal or a frame
// number, not an answer.
bool IsListOrMeasure(const Reader& r, size_t i, size_t length) {
  const Token& t = r.tokens[i];
  if (length != 1 || !std::isdigit(static_cast<unsigned char>(t.raw[0]))) return false;
  const bool line_start = i == 0 || t.newline_before;
  if (line_start && !r.AtEnd(i + 1) && IsPunct(r.tokens[i + 1], ".)")) return true;
  if (!r.AtEnd(i + 2) && IsPunct(r.tokens[i + 1], ".") && !r.tokens[i + 1].space_before &&
      !r.tokens[i + 2].space_before && r.tokens[i + 2].kind == TokenKind::kWord) {
    return true;
  }
  static constexpr auto kUnits =
      std::to_array<std::string_view>({"frame", "frames", "step", "image", "images", "figure",
                                       "second", "seconds", "option", "point"});
  return i > 0 && IsAnyWord(r.tokens[i - 1], kUnits);
}

// True when a negation governs token i: a negator up to 5 words back in the same clause.
bool Negated(const Reader& r, size_t i) {
  for (size_t back = 1; back <= 5 && back <= i; ++back) {
    const Token& t = r.tokens[i - back];
    if (IsAnyWord(t, kNegators)) return true;
    if (IsWord(t, "of") && back + 1 <= i && IsWord(r.tokens[i - back - 1], "instead")) return true;
    if (t.kind == TokenKind::kPunct || IsAnyWord(t, kClauseBreaks)) return false;
    if (r.tokens[i - back + 1].newline_before) return false;
  }
  return false;
}

// True for "one" used as a pronoun ("the one that rolls", "this one"), not as the number 1.
bool PronounOne(const Reader& r, size_t i) {
  if (!IsWord(r.tokens[i], "1") || internal::AsciiLower(r.tokens[i].raw) != "one" || i == 0) {
    return false;
  }
  static constexpr auto kDeterminers = std::to_array<std::string_view>(
      {"the", "this", "that", "which", "each", "any", "every", "another", "no", "some"});
  return IsAnyWord(r.tokens[i - 1], kDeterminers);
}

// True for "up"/"down" as the particle of a phrasal verb ("pick up the cube", "set down").
bool VerbParticle(const Reader& r, size_t i) {
  static constexpr auto kVerbs = std::to_array<std::string_view>(
      {"pick", "lift", "set", "put", "sit", "stand", "look", "tak", "giv", "end", "pull", "calm",
       "slow", "lay", "hold", "wind"});
  if (i == 0 || !(IsWord(r.tokens[i], "up") || IsWord(r.tokens[i], "down"))) return false;
  const std::string& verb = r.stems[i - 1];
  return std::find(kVerbs.begin(), kVerbs.end(), verb) != kVerbs.end();
}

struct TextHit {
  size_t position;
  size_t length;
  int index;
  bool weak;  // "no" as a determiner ("no sign that it stops"), "up" as a particle ("pick up")
};

// Every non-negated option-text occurrence, longest first at each position; `loose` reads
// paraphrases (internal_phrases.h) where no exact option text starts.
std::vector<TextHit> OptionTextHits(const Reader& r, bool loose) {
  std::vector<TextHit> hits;
  for (size_t i = 0; i < r.size();) {
    const auto match = loose ? r.AnyTextAt(i) : r.OptionTextAt(i);
    if (!match) {
      ++i;
      continue;
    }
    // "not moving left": the negation governs the next option ("left"), not "not moving".
    if (IsAnyWord(r.tokens[i], kNegators) && r.AnyTextAt(i + match->length)) {
      ++i;
      continue;
    }
    if (!Negated(r, i) && !IsListOrMeasure(r, i, match->length) && !PronounOne(r, i)) {
      const bool weak =
          match->length == 1 && ((IsAnyWord(r.tokens[i], kNegators) && !r.Terminal(i + 1) &&
                                  r.tokens[i + 1].kind == TokenKind::kWord) ||
                                 VerbParticle(r, i));
      hits.push_back({i, match->length, match->indices.front(), weak});
    }
    i += match->length;
  }
  return hits;
}

// The article-free canonical words of the clause around token i, and where i falls in them.
std::vector<std::string> ClauseWords(const std::vector<Token>& tokens, size_t i, size_t length,
                                     size_t& hit_begin, size_t& hit_end) {
  size_t a = i;
  while (a > 0 && tokens[a - 1].kind == TokenKind::kWord && !tokens[a].newline_before) --a;
  size_t b = i + length;
  while (b < tokens.size() && tokens[b].kind == TokenKind::kWord && !tokens[b].newline_before) ++b;
  std::vector<std::string> words;
  for (size_t k = a; k < b; ++k) {
    if (k == i) hit_begin = words.size();
    const std::string& w = tokens[k].norm;
    if (w != "the" && w != "a" && w != "an") words.push_back(w);
    if (k + 1 == i + length) hit_end = words.size();
  }
  return words;
}

// True when the option words at a hit only restate the question: the hit and a neighbouring word
// ("the right car", "from left to right", "flying towards the left") occur together in the
// question, where the option word is not one of the alternatives the question lists ("left or
// right").
bool RestatesQuestion(const Reader& r, const TextHit& hit) {
  if (r.question.empty()) return false;
  std::vector<std::string> q;
  for (const Token& t : r.question) {
    if (t.kind == TokenKind::kWord && t.norm != "the" && t.norm != "a" && t.norm != "an") {
      q.push_back(t.norm);
    }
  }
  size_t hb = 0;
  size_t he = 0;
  const std::vector<std::string> w = ClauseWords(r.tokens, hit.position, hit.length, hb, he);
  if (he <= hb) return false;
  // Grow the window by one word each side, and past a preposition to the word behind it.
  size_t wb = hb;
  size_t we = he;
  if (wb > 0) --wb;
  if (wb > 0 && wb < hb && internal::IsSkippableWord(w[wb])) --wb;
  if (we < w.size()) ++we;
  if (we < w.size() && we - 1 >= he && internal::IsSkippableWord(w[we - 1])) ++we;
  for (const auto& [from, to] : {std::pair{wb, he}, std::pair{hb, we}}) {
    if (to - from <= he - hb) continue;
    const std::vector<std::string> window(w.begin() + static_cast<std::ptrdiff_t>(from),
                                          w.begin() + static_cast<std::ptrdiff_t>(to));
    for (size_t at = 0; at + window.size() <= q.size(); ++at) {
      if (!std::equal(window.begin(), window.end(), q.begin() + static_cast<std::ptrdiff_t>(at))) {
        continue;
      }
      const size_t qb = at + (hb - from);
      const size_t qe = qb + (he - hb);
      const bool listed = (qb > 0 && q[qb - 1] == "or") || (qe < q.size() && q[qe] == "or");
      if (!listed) return true;
    }
  }
  return false;
}

// True when the reply ends in a loop: one word or pair of words repeated six times or more.
bool Garbled(const Reader& r) {
  std::vector<std::string> words;
  for (const Token& t : r.tokens) {
    if (t.kind == TokenKind::kWord) words.push_back(t.norm);
  }
  for (size_t period = 1; period <= 2; ++period) {
    size_t repeats = 0;
    for (size_t k = words.size(); k >= 2 * period; k -= period) {
      if (!std::equal(words.end() - static_cast<std::ptrdiff_t>(words.size() - k + period),
                      words.end() - static_cast<std::ptrdiff_t>(words.size() - k),
                      words.begin() + static_cast<std::ptrdiff_t>(k - 2 * period))) {
        break;
      }
      if (++repeats + 1 >= 6) return true;
    }
  }
  return false;
}

// True when the reply stops mid-sentence: it ends on an article, preposition or conjunction.
bool CutOff(const Reader& r) {
  static constexpr auto kDangling = std::to_array<std::string_view>(
      {"the",  "a",   "an",    "and", "or",  "of",   "in",   "on",
       "at",   "to",  "is",    "are", "was", "with", "that", "which",
       "from", "its", "their", "but", "as",  "by",   "for",  "because"});
  return r.size() > 8 && IsAnyWord(r.tokens.back(), kDangling);
}

// True when the reply says the answer cannot be read ("cannot be determined", "unable to view").
bool Refuses(const Reader& r) {
  static constexpr auto kCues = std::to_array<std::string_view>(
      {"undetermined", "undeterminable", "indeterminate", "unknown", "sorry", "unable"});
  for (size_t i = 0; i < r.size(); ++i) {
    if (IsAnyWord(r.tokens[i], kCues)) return true;
    const bool cannot = IsWord(r.tokens[i], "cannot") || IsWord(r.tokens[i], "cant");
    if (cannot && !r.AtEnd(i + 1)) {
      const Token& next = r.tokens[i + 1];
      if (IsWord(next, "tell") || IsWord(next, "determine") || IsWord(next, "see") ||
          IsWord(next, "view") ||
          (IsWord(next, "be") && !r.AtEnd(i + 2) && IsWord(r.tokens[i + 2], "determined"))) {
        return true;
      }
    }
  }
  return false;
}

// The distinct options of `hits`.
std::set<int> Distinct(const std::vector<TextHit>& hits) {
  std::set<int> out;
  for (const TextHit& hit : hits) out.insert(hit.index);
  return out;
}

// The option named by its text (exact, else paraphrased): the only one in the reply, else the
// only one in the last sentence that names any. Determiner uses of "no" and words that restate
// the question give way to the others. A looping, cut-off or refusing reply names none.
Extraction OptionText(const Reader& r) {
  std::vector<TextHit> hits = OptionTextHits(r, /*loose=*/false);
  if (hits.empty()) hits = OptionTextHits(r, /*loose=*/true);
  if (hits.empty()) return Invalid("no_answer");
  if (Garbled(r)) return Invalid("garbled");
  if (CutOff(r)) return Invalid("cut_off");
  if (Refuses(r)) return Invalid("refusal");
  auto drop = [&](auto&& pred) {
    std::vector<TextHit> kept;
    for (const TextHit& hit : hits) {
      if (!pred(hit)) kept.push_back(hit);
    }
    if (!kept.empty()) hits = std::move(kept);
  };
  if (Distinct(hits).size() > 1) drop([](const TextHit& hit) { return hit.weak; });
  if (Distinct(hits).size() > 1) drop([&](const TextHit& hit) { return RestatesQuestion(r, hit); });
  const std::set<int> distinct = Distinct(hits);
  if (distinct.size() == 1) return Answered(*distinct.begin(), "option_text");
  // Sentence of the last hit: back to the previous sentence stop or line break.
  size_t start = hits.back().position;
  while (start > 0 && !r.tokens[start].newline_before && !IsPunct(r.tokens[start - 1], ".!?;")) {
    --start;
  }
  std::set<int> last_sentence;
  for (const TextHit& hit : hits) {
    if (hit.position >= start) last_sentence.insert(hit.index);
  }
  if (last_sentence.size() == 1) return Answered(*last_sentence.begin(), "option_text_sentence");
  return Invalid("ambiguous");
}

// The reply without an echoed list of all the options ("A: left\nB: right ..." or "(A) left (B)
// right ..."): each label followed by its own text. Unchanged when not every option is echoed.
std::vector<Token> WithoutEchoedOptions(const std::vector<Token>& tokens,
                                        const std::vector<Option>& options) {
  const Reader r(tokens, options);
  std::vector<std::pair<size_t, size_t>> spans;
  std::set<int> echoed;
  for (size_t i = 0; i < r.size(); ++i) {
    const auto label = r.LabelAt(i);
    if (!label || (!label->bracketed && r.LetterIndex(i, false) < 0)) continue;
    size_t j = label->next;
    while (!r.AtEnd(j) && IsPunct(r.tokens[j], ":.)-")) ++j;
    const auto text = r.OptionTextAt(j);
    if (!text || std::find(text->indices.begin(), text->indices.end(), label->index) ==
                     text->indices.end()) {
      continue;
    }
    size_t end = j + text->length;
    if (!r.AtEnd(end) && IsPunct(r.tokens[end], ",;")) ++end;
    if (!r.Terminal(j + text->length) && !r.LabelAt(j + text->length)) continue;
    spans.emplace_back(i, end);
    echoed.insert(label->index);
    i = end - 1;
  }
  if (static_cast<int>(echoed.size()) < r.n || r.n < 2) return tokens;
  std::vector<Token> out;
  size_t span = 0;
  bool newline = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (span < spans.size() && i >= spans[span].first) {
      newline = newline || tokens[i].newline_before;
      if (i + 1 >= spans[span].second) ++span;
      continue;
    }
    out.push_back(tokens[i]);
    out.back().newline_before = out.back().newline_before || newline;
    newline = false;
  }
  return out;
}

bool IsApiFailure(std::string_view response) {
  return response.find("Failed to obtain answer via API") != std::string_view::npos;
}

}  // namespace

Extraction ExtractAnswer(std::string_view response, const std::vector<Option>& options,
                         std::string_view question) {
  if (IsApiFailure(response)) return Extraction{ExtractStatus::kApiError, -1, "api_error"};
  const std::string text = internal::NormalizeReply(response);
  const std::vector<Token> all_tokens = internal::Tokenize(text);
  if (all_tokens.empty()) return Invalid("empty");
  const std::vector<Token> tokens = WithoutEchoedOptions(all_tokens, options);
  if (tokens.empty()) return Invalid("echoed_options");
  const Reader r(tokens, options, question);
  if (auto whole = WholeLabel(r, 0, r.size())) return *whole;
  if (auto declared = LastDeclaration(r)) return *declared;
  if (auto leading = LeadingLabel(r)) return *leading;
  if (auto line = LabelLine(r)) return *line;
  if (auto ending = EndingLabel(r)) return *ending;
  if (auto bracketed = UniqueBracketedLabel(r)) return *bracketed;
  return OptionText(r);
}

Extraction ExtractLabelOnly(std::string_view response, int n_options) {
  if (IsApiFailure(response)) return Extraction{ExtractStatus::kApiError, -1, "api_error"};
  const std::string text = internal::NormalizeReply(response);
  const std::vector<Token> tokens = internal::Tokenize(text);
  if (tokens.empty()) return Invalid("empty");
  // Z (none of the options) is one label past the real ones, read with the same rules.
  std::vector<Option> labels;
  for (int i = 0; i < n_options; ++i) labels.push_back({static_cast<char>('A' + i), ""});
  const Reader r(tokens, labels);
  std::optional<Extraction> found = WholeLabel(r, 0, r.size());
  if (!found) found = LastDeclaration(r);
  if (!found) found = LeadingLabel(r);
  if (found && found->status == ExtractStatus::kAnswered) return *found;
  const std::string trimmed = internal::Trim(text);
  if (trimmed == "Z" || trimmed == "(Z)" || trimmed == "Z." ||
      trimmed.find("answer is Z") != std::string::npos) {
    return Invalid("none_of_the_options");
  }
  return found ? *found : Invalid("no_answer");
}

}  // namespace synth4d::evaluator
