#include "synth4d/evaluator/extract.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>

#include "internal_normalize.h"
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
     "didnt", "cannot", "cant", "wont", "couldnt", "without", "than"});

// Words that separate clauses, so a negation before them does not reach past them.
constexpr auto kClauseBreaks = std::to_array<std::string_view>(
    {"but", "however", "whereas", "while", "although", "instead", "rather"});

// The tokens of one reply and the canonical words of the options it is read against.
struct Reader {
  const std::vector<Token>& tokens;
  std::vector<std::vector<std::string>> option_words;
  int n = 0;

  Reader(const std::vector<Token>& t, const std::vector<Option>& options)
      : tokens(t), n(static_cast<int>(options.size())) {
    for (const Option& option : options) {
      option_words.push_back(internal::CanonicalWords(option.text));
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
    if (t.kind != TokenKind::kWord || t.raw.size() != 1) return -1;
    const char c = t.raw[0];
    if (c >= 'A' && c < 'A' + n) return c - 'A';
    if (allow_lower && c >= 'a' && c < 'a' + n) return c - 'a';
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

// After a label ending at `next`: "or B", "/B", "and (C)", ", C." or ".A." make it ambiguous.
bool AmbiguousTail(const Reader& r, size_t next, int index) {
  size_t i = next;
  if (r.AtEnd(i) || r.tokens[i].newline_before) return false;
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

// The option text written right after a label ("B: right", "C (left)", "D. towards the camera"),
// as the set of options it names; empty when the label has no gloss. After ". " a capitalised
// word starts a new sentence unless the option text then ends the line.
std::optional<Reader::TextMatch> Gloss(const Reader& r, size_t next) {
  size_t i = next;
  bool after_stop = false;
  while (!r.AtEnd(i) && !r.tokens[i].newline_before && IsPunct(r.tokens[i], ":-.(\"'=,")) {
    after_stop = after_stop || IsPunct(r.tokens[i], ".");
    ++i;
  }
  if (r.AtEnd(i) || r.tokens[i].newline_before || (i == next && !r.tokens[i].space_before)) {
    return std::nullopt;
  }
  if (IsWord(r.tokens[i], "option") || IsWord(r.tokens[i], "choice")) return std::nullopt;
  std::optional<Reader::TextMatch> match = r.OptionTextAt(i);
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

// Reads a label found at `label` in a declaration or at the start: ambiguity, then gloss agreement.
Extraction ResolveLabel(const Reader& r, const Reader::LabelMatch& label, std::string rule) {
  if (AmbiguousTail(r, label.next, label.index)) return Invalid("ambiguous");
  if (const auto gloss = Gloss(r, label.next)) {
    const bool agrees = std::find(gloss->indices.begin(), gloss->indices.end(), label.index) !=
                        gloss->indices.end();
    if (!agrees) return Invalid("conflict");
  }
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

// CJK filler characters: 是 (is), 为/為 (as), 项/項 (item), 选/選 (choose), は and 은/는 (topic).
bool IsCjkFiller(const Token& t) {
  static constexpr auto kFillerChars = std::to_array<std::string_view>(
      {"\xE6\x98\xAF", "\xE4\xB8\xBA", "\xE7\x82\xBA", "\xE9\xA1\xB9", "\xE9\xA0\x85",
       "\xE9\x80\x89", "\xE9\x81\xB8", "\xE3\x81\xAF", "\xEC\x9D\x80", "\xEB\x8A\x94"});
  return std::find(kFillerChars.begin(), kFillerChars.end(), t.raw) != kFillerChars.end();
}

// A negation right before token i ("cannot choose", "would not pick").
bool NegatedBefore(const Reader& r, size_t i) {
  for (size_t back = 1; back <= 2 && back <= i; ++back) {
    if (IsAnyWord(r.tokens[i - back], kNegators)) return true;
  }
  return false;
}

// The number of tokens of a declaration trigger at i ("answer", "choose", "go with", "correct
// option", "答案", "选"), or 0.
size_t TriggerAt(const Reader& r, size_t i) {
  const Token& t = r.tokens[i];
  if (t.kind != TokenKind::kWord) return 0;
  if (t.norm == "answer" || t.norm == "choose" || t.norm == "chose" || t.norm == "pick" ||
      t.norm == "picked" || t.norm == "select") {
    return 1;
  }
  if ((t.norm == "go" || t.norm == "going") && !r.AtEnd(i + 1) && IsWord(r.tokens[i + 1], "with")) {
    return 2;
  }
  if ((t.norm == "option" || t.norm == "choice") && i > 0) {
    static constexpr auto kQualifiers = std::to_array<std::string_view>(
        {"correct", "best", "right", "final", "my", "appropriate", "accurate", "suitable", "only"});
    if (IsAnyWord(r.tokens[i - 1], kQualifiers)) return 1;
  }
  if (!r.AtEnd(i + 1)) {
    const std::string& second = r.tokens[i + 1].raw;
    if (t.raw == "\xE7\xAD\x94" && (second == "\xE6\xA1\x88" || second == "\xE3\x81\x88")) {
      return 2;  // 答案 (Chinese), 答え (Japanese)
    }
    if (t.raw == "\xEC\xA0\x95" && second == "\xEB\x8B\xB5") return 2;  // 정답 (Korean)
  }
  if (t.raw == "\xE9\x80\x89" || t.raw == "\xE9\x81\xB8") return 1;  // 选 / 選
  return 0;
}

// A declaration starting after a trigger: skips fillers and punctuation, then reads an option
// text or a label. Stops at a negation or at anything else.
std::optional<Candidate> ReadDeclaration(const Reader& r, size_t start) {
  size_t i = start;
  for (int steps = 0; steps < 12 && !r.AtEnd(i); ++steps) {
    // A declaration may continue on the next line only after a colon ("The answer is:\n\nB").
    if (steps > 0 && r.tokens[i].newline_before && !IsPunct(r.tokens[i - 1], ":")) {
      return std::nullopt;
    }
    if (const auto text = r.OptionTextAt(i)) {
      const auto label = r.LabelAt(i);
      if (!label || text->length > 1) {
        return Candidate{i, Answered(text->indices.front(), "declared_text")};
      }
    }
    if (const auto label = r.LabelAt(i)) {
      return Candidate{i, ResolveLabel(r, *label, "declared")};
    }
    const Token& t = r.tokens[i];
    if (IsAnyWord(t, kNegators)) return std::nullopt;
    const bool filler = IsAnyWord(t, kFillers) || IsCjkFiller(t) || IsPunct(t, ":=-\"'([{>#|,") ||
                        (t.kind == TokenKind::kPunct && t.raw.size() > 1);
    if (!filler) return std::nullopt;
    ++i;
  }
  return std::nullopt;
}

// "B is correct", "option (C) is the right answer", "D would be the best".
std::optional<Candidate> PostfixDeclaration(const Reader& r, size_t i) {
  const auto label = r.LabelAt(i);
  if (!label || (!label->bracketed && r.LetterIndex(i, false) < 0)) return std::nullopt;
  if (i > 0 && !r.tokens[i].space_before && r.tokens[i - 1].kind == TokenKind::kWord) {
    return std::nullopt;
  }
  size_t j = label->next;
  static constexpr auto kVerbs = std::to_array<std::string_view>(
      {"is", "seems", "appears", "would", "should", "must", "be", "remains"});
  static constexpr auto kVerdicts = std::to_array<std::string_view>(
      {"correct", "right", "answer", "best", "accurate", "most", "true", "appropriate"});
  int verbs = 0;
  while (
      !r.AtEnd(j) && !r.tokens[j].newline_before &&
      (IsAnyWord(r.tokens[j], kVerbs) || IsWord(r.tokens[j], "to") || IsWord(r.tokens[j], "the"))) {
    verbs += IsAnyWord(r.tokens[j], kVerbs) ? 1 : 0;
    ++j;
  }
  if (verbs == 0 || r.AtEnd(j) || !IsAnyWord(r.tokens[j], kVerdicts)) return std::nullopt;
  return Candidate{i, Answered(label->index, "declared")};
}

// The last declaration in the reply, prefix ("the answer is B") or postfix ("B is correct").
std::optional<Extraction> LastDeclaration(const Reader& r) {
  std::optional<Candidate> last;
  for (size_t i = 0; i < r.size(); ++i) {
    if (const size_t trigger = TriggerAt(r, i); trigger > 0 && !NegatedBefore(r, i)) {
      if (auto candidate = ReadDeclaration(r, i + trigger)) {
        if (!last || candidate->position >= last->position) last = std::move(candidate);
      }
    }
    if (auto candidate = PostfixDeclaration(r, i)) {
      if (!last || candidate->position >= last->position) last = std::move(candidate);
    }
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

// A label closing the reply after a conclusion word: "..., so C.", "... hence (B)", "...: D".
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
  if (IsAnyWord(before, kConclusions) || IsPunct(before, ":=")) {
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

struct TextHit {
  size_t position;
  int index;
};

// Every non-negated option-text occurrence, longest first at each position.
std::vector<TextHit> OptionTextHits(const Reader& r) {
  std::vector<TextHit> hits;
  for (size_t i = 0; i < r.size();) {
    const auto match = r.OptionTextAt(i);
    if (!match) {
      ++i;
      continue;
    }
    // "not moving left": the negation governs the next option ("left"), not "not moving".
    if (IsAnyWord(r.tokens[i], kNegators) && r.OptionTextAt(i + match->length)) {
      ++i;
      continue;
    }
    if (!Negated(r, i) && !IsListOrMeasure(r, i, match->length)) {
      hits.push_back({i, match->indices.front()});
    }
    i += match->length;
  }
  return hits;
}

// The option named by its text: the only one in the reply, else the only one in the last
// sentence that names any.
Extraction OptionText(const Reader& r) {
  const std::vector<TextHit> hits = OptionTextHits(r);
  std::set<int> distinct;
  for (const TextHit& hit : hits) distinct.insert(hit.index);
  if (distinct.empty()) return Invalid("no_answer");
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

bool IsApiFailure(std::string_view response) {
  return response.find("Failed to obtain answer via API") != std::string_view::npos;
}

}  // namespace

Extraction ExtractAnswer(std::string_view response, const std::vector<Option>& options) {
  if (IsApiFailure(response)) return Extraction{ExtractStatus::kApiError, -1, "api_error"};
  const std::string text = internal::NormalizeReply(response);
  const std::vector<Token> tokens = internal::Tokenize(text);
  if (tokens.empty()) return Invalid("empty");
  const Reader r(tokens, options);
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
