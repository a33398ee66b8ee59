#include "internal_text.h"

#include <array>
#include <cctype>
#include <utility>

namespace synth4d::evaluator::internal {

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string NormalizeAnswerText(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

namespace {

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Length of the UTF-8 sequence starting with lead byte `c` (1 for invalid bytes).
size_t Utf8Length(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// Full-width and typographic punctuation that models emit in place of ASCII punctuation.
const char* AsciiTwin(std::string_view utf8) {
  static constexpr std::array<std::pair<const char*, const char*>, 16> kTwins{{
      {"\xEF\xBC\x9A", ":"},  // full-width colon
      {"\xEF\xBC\x88", "("},
      {"\xEF\xBC\x89", ")"},
      {"\xEF\xBC\x8C", ","},
      {"\xE3\x80\x82", "."},  // ideographic full stop
      {"\xEF\xBC\x8E", "."},
      {"\xEF\xBC\x9B", ";"},
      {"\xEF\xBC\x81", "!"},
      {"\xEF\xBC\x9F", "?"},
      {"\xE2\x80\x9C", "\""},
      {"\xE2\x80\x9D", "\""},
      {"\xE2\x80\x98", "'"},
      {"\xE2\x80\x99", "'"},
      {"\xE2\x80\x94", "-"},
      {"\xE2\x80\x93", "-"},
      {"\xE3\x80\x81", ","},
  }};
  for (const auto& [from, to] : kTwins) {
    if (utf8 == from) return to;
  }
  return nullptr;
}

// Punctuation blocks: General Punctuation (U+2000-206F) and CJK Symbols (U+3000-303F).
bool IsUnicodePunctuation(std::string_view utf8) {
  if (utf8.size() != 3) return false;
  const auto b0 = static_cast<unsigned char>(utf8[0]);
  const auto b1 = static_cast<unsigned char>(utf8[1]);
  return (b0 == 0xE2 && (b1 == 0x80 || b1 == 0x81)) || (b0 == 0xE3 && b1 == 0x80);
}

std::string Canonical(std::string word) {
  static constexpr std::array<std::pair<const char*, const char*>, 30> kForms{{
      {"toward", "towards"},
      {"forward", "forwards"},
      {"backward", "backwards"},
      {"upward", "upwards"},
      {"downward", "downwards"},
      {"anticlockwise", "counterclockwise"},
      {"zero", "0"},
      {"one", "1"},
      {"two", "2"},
      {"three", "3"},
      {"four", "4"},
      {"five", "5"},
      {"six", "6"},
      {"seven", "7"},
      {"eight", "8"},
      {"nine", "9"},
      {"ten", "10"},
      {"eleven", "11"},
      {"twelve", "12"},
      {"thirteen", "13"},
      {"fourteen", "14"},
      {"fifteen", "15"},
      {"sixteen", "16"},
      {"seventeen", "17"},
      {"eighteen", "18"},
      {"nineteen", "19"},
      {"twenty", "20"},
      {"once", "1"},
      {"twice", "2"},
      {"thrice", "3"},
  }};
  for (const auto& [from, to] : kForms) {
    if (word == from) return to;
  }
  return word;
}

// Joins "counter clockwise" / "anti clockwise" into one canonical word.
void MergeSplitWords(std::vector<Token>& tokens) {
  std::vector<Token> merged;
  merged.reserve(tokens.size());
  for (Token& token : tokens) {
    if (!merged.empty() && token.kind == TokenKind::kWord && token.norm == "clockwise" &&
        merged.back().kind == TokenKind::kWord &&
        (merged.back().norm == "counter" || merged.back().norm == "anti")) {
      merged.back().norm = "counterclockwise";
      merged.back().end = token.end;
      merged.back().raw += " " + token.raw;
      continue;
    }
    merged.push_back(std::move(token));
  }
  tokens = std::move(merged);
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  bool space = false;
  bool newline = false;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t begin, size_t end, std::string norm) {
    Token token;
    token.kind = kind;
    token.raw = std::string(text.substr(begin, end - begin));
    token.norm = std::move(norm);
    token.begin = begin;
    token.end = end;
    token.space_before = space;
    token.newline_before = newline;
    tokens.push_back(std::move(token));
    space = false;
    newline = false;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      newline = newline || c == '\n';
      ++i;
      continue;
    }
    if (IsAsciiAlnum(c)) {
      size_t j = i;
      std::string norm;
      while (j < text.size()) {
        if (IsAsciiAlnum(text[j])) {
          norm += static_cast<char>(std::tolower(static_cast<unsigned char>(text[j])));
          ++j;
        } else if ((text[j] == '-' || text[j] == '\'') && j + 1 < text.size() &&
                   IsAsciiAlnum(text[j + 1]) && j > i) {
          ++j;  // inner hyphen or apostrophe: "counter-clockwise", "isn't"
        } else {
          break;
        }
      }
      push(TokenKind::kWord, i, j, Canonical(std::move(norm)));
      i = j;
      continue;
    }
    const auto lead = static_cast<unsigned char>(c);
    if (lead >= 0x80) {
      const size_t n = std::min(Utf8Length(lead), text.size() - i);
      const std::string_view ch = text.substr(i, n);
      if (const char* twin = AsciiTwin(ch)) {
        push(TokenKind::kPunct, i, i + n, twin);
      } else if (IsUnicodePunctuation(ch)) {
        push(TokenKind::kPunct, i, i + n, std::string(ch));
      } else {
        push(TokenKind::kWord, i, i + n, std::string(ch));
      }
      i += n;
      continue;
    }
    push(TokenKind::kPunct, i, i + 1, std::string(1, c));
    ++i;
  }
  MergeSplitWords(tokens);
  return tokens;
}

std::vector<std::string> CanonicalWords(std::string_view text) {
  std::vector<std::string> words;
  for (Token& token : Tokenize(text)) {
    if (token.kind == TokenKind::kWord) words.push_back(std::move(token.norm));
  }
  return words;
}

}  // namespace synth4d::evaluator::internal
