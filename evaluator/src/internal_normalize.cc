#include "internal_normalize.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include "internal_text.h"

namespace synth4d::evaluator::internal {

namespace {

// Removes <think>/<thinking>/<reasoning> blocks; with only a closing tag (the opener was part of
// the prompt template) keeps what follows the last closing tag. An unclosed opener stays.
std::string StripReasoning(std::string text) {
  for (const char* tag : {"think", "thinking", "reasoning"}) {
    const std::string open = std::string("<") + tag + ">";
    const std::string close = std::string("</") + tag + ">";
    for (;;) {
      const std::string lower = AsciiLower(text);
      const size_t a = lower.find(open);
      if (a == std::string::npos) break;
      const size_t b = lower.find(close, a);
      if (b == std::string::npos) break;
      text.erase(a, b + close.size() - a);
    }
    const size_t last_close = AsciiLower(text).rfind(close);
    if (last_close != std::string::npos) text = text.substr(last_close + close.size());
  }
  return text;
}

// Keeps the content of the last complete <answer>...</answer> pair, when there is one.
std::string TakeAnswerTag(std::string text) {
  const std::string lower = AsciiLower(text);
  const size_t open = lower.rfind("<answer>");
  if (open == std::string::npos) return text;
  const size_t close = lower.find("</answer>", open);
  if (close == std::string::npos) return text;
  return text.substr(open + 8, close - open - 8);
}

// Drops ``` fence markers (and the language word after an opener), keeping the fenced text.
std::string StripCodeFences(std::string text) {
  for (size_t at = text.find("```"); at != std::string::npos; at = text.find("```", at)) {
    size_t end = at + 3;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
    text.erase(at, end - at);
  }
  return text;
}

}  // namespace

std::string Trim(std::string_view text) {
  const size_t a = text.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  const size_t b = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(a, b - a + 1));
}

namespace {

// A reply that is one JSON object with an answer-like key continues as that value's text.
std::optional<std::string> JsonAnswer(const std::string& trimmed) {
  if (trimmed.size() < 2 || trimmed.front() != '{' || trimmed.back() != '}') return std::nullopt;
  const nlohmann::json doc = nlohmann::json::parse(trimmed, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  for (const char* wanted :
       {"answer", "final_answer", "choice", "option", "letter", "prediction", "label"}) {
    for (const auto& [key, value] : doc.items()) {
      if (AsciiLower(key) != wanted) continue;
      if (value.is_string()) return value.get<std::string>();
      if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
    }
  }
  return std::nullopt;
}

// The index of the brace closing the one at `open`, or npos.
size_t MatchingBrace(const std::string& text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) return i;
  }
  return std::string::npos;
}

// GLM-style <|begin_of_box|>X<|end_of_box|> becomes a declaration "final answer: X".
std::string RewriteBoxTokens(std::string text) {
  const std::string open = "<|begin_of_box|>";
  const std::string close = "<|end_of_box|>";
  for (size_t at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
    const size_t end = text.find(close, at);
    if (end == std::string::npos) break;
    const std::string inner = text.substr(at + open.size(), end - at - open.size());
    const std::string replacement = " final answer: " + inner + " ";
    text.replace(at, end + close.size() - at, replacement);
    at += replacement.size();
  }
  return text;
}

// \text{X}-like commands become X; \boxed{X} becomes a declaration "final answer: X"; `$` and
// \( \) \[ \] delimiters go.
std::string RewriteLatex(std::string text) {
  for (const char* command : {"\\text{", "\\textbf{", "\\mathrm{", "\\mathbf{", "\\boxed{"}) {
    const std::string cmd = command;
    const bool boxed = cmd == "\\boxed{";
    for (size_t at = text.find(cmd); at != std::string::npos; at = text.find(cmd, at)) {
      const size_t close = MatchingBrace(text, at + cmd.size() - 1);
      if (close == std::string::npos) break;
      const std::string inner = text.substr(at + cmd.size(), close - at - cmd.size());
      const std::string replacement = boxed ? " final answer: " + inner + " " : inner;
      text.replace(at, close + 1 - at, replacement);
      at += replacement.size();
    }
  }
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$') continue;
    if (text[i] == '\\' && i + 1 < text.size() &&
        std::string_view("()[]").find(text[i + 1]) != std::string_view::npos) {
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

// Removes markdown emphasis and code marks (`**B**` -> `B`).
std::string StripMarkdown(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '*' || text[i] == '`') continue;
    if (text[i] == '_' && i + 1 < text.size() && text[i + 1] == '_') {
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace

std::string NormalizeReply(std::string_view response) {
  std::string text = StripCodeFences(TakeAnswerTag(StripReasoning(std::string(response))));
  text = Trim(text);
  if (std::optional<std::string> inner = JsonAnswer(text)) text = *inner;
  return StripMarkdown(RewriteLatex(RewriteBoxTokens(text)));
}

}  // namespace synth4d::evaluator::internal
