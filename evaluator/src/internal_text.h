#pragma once
// Private text helpers for answer extraction: a word/punctuation tokenizer with canonical word
// forms, so option texts match replies regardless of case, hyphens and a few spelling variants.
#include <string>
#include <string_view>
#include <vector>

namespace synth4d::evaluator::internal {

// ASCII lower-case copy of `text` (other bytes unchanged).
std::string AsciiLower(std::string_view text);

// `text` trimmed, lower-cased and with runs of whitespace collapsed to one space.
std::string NormalizeAnswerText(std::string_view text);

enum class TokenKind { kWord, kPunct };

// A word (run of ASCII letters/digits joined across inner hyphens and apostrophes, or one
// non-ASCII letter such as a CJK character) or one punctuation character.
struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string raw;   // the bytes as written
  std::string norm;  // words: lower-case canonical form ("counter-clockwise" -> "counterclockwise",
                     // "toward" -> "towards", "two" -> "2", up to "twenty";
                     // "once"/"twice"/"thrice" -> "1"/"2"/"3"); punctuation: the character itself
  size_t begin = 0;  // byte offsets into the tokenized text
  size_t end = 0;
  bool space_before = false;    // whitespace between this token and the previous one
  bool newline_before = false;  // a line break between this token and the previous one
};

// Splits `text` into tokens; full-width punctuation counts as its ASCII twin.
std::vector<Token> Tokenize(std::string_view text);

// The canonical word forms of an option text (punctuation dropped).
std::vector<std::string> CanonicalWords(std::string_view text);

}  // namespace synth4d::evaluator::internal
