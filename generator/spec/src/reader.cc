#include "reader.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <set>

namespace synth4d::spec::internal {
namespace {

constexpr std::string_view kDistributionKinds[] = {"uniform", "normal", "int", "choice"};

std::optional<double> ParseDouble(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

template <class Int>
std::optional<Int> ParseInteger(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  Int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool IsIntegral(double v) { return std::floor(v) == v && std::abs(v) <= 9007199254740992.0; }

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string JoinWords(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::string Pair(double a, double b) {
  return "[" + FormatNumber(a) + ", " + FormatNumber(b) + "]";
}

}  // namespace

bool Range::Contains(double v) const {
  if (!std::isfinite(v)) return false;
  return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
}

std::string Range::Describe() const {
  const std::string l = FormatNumber(lo), h = FormatNumber(hi);
  if (std::isinf(lo) && std::isinf(hi)) return "a finite number";
  if (std::isinf(hi)) return (lo_open ? "> " : ">= ") + l;
  if (std::isinf(lo)) return (hi_open ? "< " : "<= ") + h;
  return std::string("in ") + (lo_open ? "(" : "[") + l + ", " + h + (hi_open ? ")" : "]");
}

Range Finite(double hi) { return Range{-hi, hi}; }
Range Positive(double hi) { return Range{0.0, hi, true, false}; }
Range NonNegative(double hi) { return Range{0.0, hi}; }
Range Closed(double lo, double hi) { return Range{lo, hi}; }

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Item(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string FormatNumber(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0.0) return std::signbit(v) ? "-0" : "0";
  if (std::floor(v) == v && std::abs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::general);
  return std::string(buf, ec == std::errc() ? end : buf);
}

YAML::Node Get(const YAML::Node& map, std::string_view key) {
  if (!map.IsDefined() || !map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool Has(const YAML::Node& map, std::string_view key) { return Get(map, key).IsDefined(); }

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined()) return "nothing";
  if (node.IsNull()) return "nothing (null)";
  if (node.IsSequence()) {
    if (node.size() == 0) return "an empty list";
    return "a list of " + std::to_string(node.size()) + (node.size() == 1 ? " item" : " items");
  }
  if (node.IsMap()) return "a mapping";
  std::string text = node.Scalar();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "'" + text + "'";
}

std::string ClosestWord(std::string_view word, const std::vector<std::string_view>& words) {
  const size_t limit = word.size() <= 3 ? 1 : (word.size() <= 6 ? 2 : 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (std::string_view w : words) {
    const size_t d = EditDistance(word, w);
    if (d < best_distance) {
      best_distance = d;
      best = w;
    }
  }
  return best;
}

std::optional<ForbiddenCharacter> FindForbiddenCharacter(std::string_view text) {
  YAML::Mark mark;
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // The length of the UTF-8 sequence and the smallest code point it may encode (no overlongs).
    const size_t n = byte < 0x80           ? 1
                     : (byte >> 5) == 0x6  ? 2
                     : (byte >> 4) == 0xE  ? 3
                     : (byte >> 3) == 0x1E ? 4
                                           : 0;
    const uint32_t min_code[] = {0, 0, 0x80, 0x800, 0x10000};
    uint32_t code = n == 1 ? byte : byte & (0x7Fu >> n);
    bool valid = n > 0 && i + n <= text.size();
    for (size_t k = 1; valid && k < n; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      code = (code << 6) | (next & 0x3Fu);
    }
    valid = valid && code >= min_code[n] && code <= 0x10FFFF;
    char hex[48];
    if (!valid) {
      std::snprintf(hex, sizeof(hex), "byte 0x%02X is not UTF-8", byte);
      return ForbiddenCharacter{mark, std::string(hex) + " (spec files are UTF-8 text)"};
    }
    const bool allowed = code == 0x09 || code == 0x0A || code == 0x0D ||
                         (code >= 0x20 && code <= 0x7E) || code == 0x85 ||
                         (code >= 0xA0 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) ||
                         code >= 0x10000;
    if (!allowed) {
      std::snprintf(hex, sizeof(hex), "U+%04X", static_cast<unsigned>(code));
      return ForbiddenCharacter{
          mark, (code == 0 ? "NUL byte (U+0000)" : "character " + std::string(hex)) +
                    ": YAML does not allow it in a file"};
    }
    i += n;
    mark.pos = static_cast<int>(i);
    if (code == 0x0A) {
      ++mark.line;
      mark.column = 0;
    } else {
      ++mark.column;
    }
  }
  return std::nullopt;
}

Reader::Reader(std::string file, Mode mode) : file_(std::move(file)), mode_(mode) {}

void Reader::Error(const YAML::Node& at, const std::string& field, const std::string& message) {
  ErrorAt(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), field, message);
}

void Reader::ErrorAt(const YAML::Mark& mark, const std::string& field, const std::string& message) {
  std::string where = file_;
  if (!mark.is_null()) {
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  issues_.push_back({mark.is_null() ? INT_MAX : mark.line, mark.column,
                     core::Issue{std::move(where), field, message}});
}

std::vector<core::Issue> Reader::TakeIssues() {
  std::stable_sort(issues_.begin(), issues_.end(), [](const Located& a, const Located& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  std::vector<core::Issue> out;
  std::set<std::string> seen;
  size_t dropped = 0;
  for (Located& l : issues_) {
    if (!seen.insert(l.issue.where + "\n" + l.issue.field + "\n" + l.issue.message).second)
      continue;
    if (out.size() == kMaxIssues) {
      ++dropped;
      continue;
    }
    out.push_back(std::move(l.issue));
  }
  if (dropped > 0) {
    out.push_back(core::Issue{file_, "", std::to_string(dropped) + " more errors not shown"});
  }
  issues_.clear();
  return out;
}

bool Reader::Keys(const YAML::Node& node, const std::string& path,
                  const std::vector<std::string_view>& known) {
  if (!node.IsMap()) {
    Error(node, path, "expected a mapping; found " + Describe(node));
    return false;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: `it->` yields a temporary proxy
    if (!key.IsScalar()) {
      Error(key, path, "keys must be plain strings; found " + Describe(key));
      continue;
    }
    const std::string& k = key.Scalar();
    if (!seen.insert(k).second) {
      Error(key, Child(path, k), "duplicate key '" + k + "'");
      continue;
    }
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    const std::string close = ClosestWord(k, known);
    Error(key, Child(path, k),
          "unknown key '" + k + "'" +
              (close.empty() ? "; expected one of: " + JoinWords(known)
                             : "; did you mean '" + close + "'?"));
  }
  return true;
}

bool Reader::Require(const YAML::Node& node, const YAML::Node& parent, const std::string& path,
                     const std::string& what) {
  if (node.IsDefined()) return true;
  Error(parent, path, "missing: " + what);
  return false;
}

std::string Reader::DistributionKind(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsMap()) return "";
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    for (std::string_view kind : kDistributionKinds) {
      if (it->first.Scalar() == kind) return std::string(kind);
    }
  }
  return "";
}

bool Reader::Budget(const YAML::Node& node) {
  if (++reads_ <= kMaxReads) return true;
  if (reads_ == kMaxReads + 1) {
    Error(node, "",
          "the spec is too large: it reads more than " + std::to_string(kMaxReads) +
              " values (check anchors and aliases)");
  }
  return false;
}

bool Reader::NestedDistribution(const YAML::Node& node, const std::string& path) {
  if (nested_ == 0 || DistributionKind(node).empty()) return false;
  Error(node, path, "a choice element must be a plain value, not another distribution");
  return true;
}

std::optional<double> Reader::PlainNumber(const YAML::Node& node, const std::string& path,
                                          const Range& range) {
  std::optional<double> v;
  if (node.IsScalar()) v = ParseDouble(node.Scalar());
  if (!v) {
    Error(node, path, "expected a number " + range.Describe() + "; found " + Describe(node));
    return std::nullopt;
  }
  if (!range.Contains(*v)) {
    Error(node, path, "must be " + range.Describe() + "; found " + FormatNumber(*v));
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> Reader::PlainInteger(const YAML::Node& node, const std::string& path,
                                            int64_t lo, int64_t hi) {
  const std::string bounds = "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  std::optional<int64_t> v;
  if (node.IsScalar()) v = ParseInteger<int64_t>(node.Scalar());
  if (!v) {
    Error(node, path, "expected an integer " + bounds + "; found " + Describe(node));
    return std::nullopt;
  }
  if (*v < lo || *v > hi) {
    Error(node, path, "must be " + bounds + "; found " + std::to_string(*v));
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> Reader::PlainWord(const YAML::Node& node, const std::string& path,
                                             const std::vector<std::string_view>& words) {
  if (node.IsScalar()) {
    const std::string& w = node.Scalar();
    if (std::find(words.begin(), words.end(), w) != words.end()) return w;
    const std::string close = ClosestWord(w, words);
    Error(node, path,
          "expected one of " + JoinWords(words) + "; found '" + w + "'" +
              (close.empty() ? "" : " (did you mean '" + close + "'?)"));
    return std::nullopt;
  }
  Error(node, path, "expected one of " + JoinWords(words) + "; found " + Describe(node));
  return std::nullopt;
}

std::optional<double> Reader::Draw(const YAML::Node& at, const std::string& path,
                                   const std::string& kind, double a, double b,
                                   const Range& range) {
  if (kind == "normal") {
    if (b < 0) {
      Error(at, path, "normal [mean, std] needs std >= 0; found std = " + FormatNumber(b));
      return std::nullopt;
    }
    if (!range.Contains(a)) {
      Error(at, path, "normal mean must be " + range.Describe() + "; found " + FormatNumber(a));
      return std::nullopt;
    }
  } else {
    if (kind == "int" && (!IsIntegral(a) || !IsIntegral(b))) {
      Error(at, path, "int [a, b] needs integer bounds; found " + Pair(a, b));
      return std::nullopt;
    }
    if (a > b) {
      Error(at, path, kind + " [a, b] needs a <= b; found " + Pair(a, b));
      return std::nullopt;
    }
    if (!range.Contains(a) || !range.Contains(b)) {
      Error(at, path, kind + " bounds must be " + range.Describe() + "; found " + Pair(a, b));
      return std::nullopt;
    }
  }
  if (!sampling()) return a;
  double v = a;
  if (kind == "uniform") v = rng_.Uniform(a, b);
  if (kind == "normal") v = rng_.Normal(a, b);
  if (kind == "int") {
    v = static_cast<double>(rng_.UniformInt(static_cast<int64_t>(a), static_cast<int64_t>(b)));
  }
  if (!range.Contains(v)) {
    Error(at, path,
          "sampled " + FormatNumber(v) + " from " + kind + " " + Pair(a, b) + ", but it must be " +
              range.Describe());
    return std::nullopt;
  }
  return v;
}

std::optional<double> Reader::Number(const YAML::Node& node, const std::string& path,
                                     const Range& range) {
  if (!node.IsDefined()) return std::nullopt;
  if (!Budget(node)) return std::nullopt;
  const std::string kind = DistributionKind(node);
  if (kind.empty()) return PlainNumber(node, path, range);
  if (NestedDistribution(node, path)) return std::nullopt;
  if (kind == "choice") {
    return Choice<double>(node, path, [&](const YAML::Node& n, const std::string& p) {
      return PlainNumber(n, p, range);
    });
  }
  ++draws_;
  if (!Keys(node, path, {kind})) return std::nullopt;
  const YAML::Node params = Get(node, kind);
  if (!params.IsSequence() || params.size() != 2) {
    Error(params, path,
          kind + (kind == "normal" ? " needs [mean, std]" : " needs [a, b]") + "; found " +
              Describe(params));
    return std::nullopt;
  }
  const auto a = PlainNumber(params[0], Item(Child(path, kind), 0), Finite(kInf));
  const auto b = PlainNumber(params[1], Item(Child(path, kind), 1), Finite(kInf));
  if (!a || !b) return std::nullopt;
  return Draw(params, path, kind, *a, *b, range);
}

std::optional<int64_t> Reader::Integer(const YAML::Node& node, const std::string& path, int64_t lo,
                                       int64_t hi) {
  if (!node.IsDefined()) return std::nullopt;
  if (!Budget(node)) return std::nullopt;
  const std::string kind = DistributionKind(node);
  if (kind.empty()) return PlainInteger(node, path, lo, hi);
  if (NestedDistribution(node, path)) return std::nullopt;
  if (kind == "choice") {
    return Choice<int64_t>(node, path, [&](const YAML::Node& n, const std::string& p) {
      return PlainInteger(n, p, lo, hi);
    });
  }
  ++draws_;
  if (kind != "int") {
    Error(node, path,
          "an integer field takes an integer, {int: [a, b]} or {choice: [...]}; found " + kind);
    return std::nullopt;
  }
  if (!Keys(node, path, {kind})) return std::nullopt;
  const YAML::Node params = Get(node, kind);
  if (!params.IsSequence() || params.size() != 2) {
    Error(params, path, "int needs [a, b]; found " + Describe(params));
    return std::nullopt;
  }
  const auto a = PlainInteger(params[0], Item(Child(path, kind), 0), lo, hi);
  const auto b = PlainInteger(params[1], Item(Child(path, kind), 1), lo, hi);
  if (!a || !b) return std::nullopt;
  if (*a > *b) {
    Error(params, path, "int [a, b] needs a <= b; found " + Pair(*a, *b));
    return std::nullopt;
  }
  return sampling() ? rng_.UniformInt(*a, *b) : *a;
}

std::optional<uint64_t> Reader::Unsigned(const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined()) return std::nullopt;
  std::optional<uint64_t> v;
  if (node.IsScalar()) v = ParseInteger<uint64_t>(node.Scalar());
  if (!v) Error(node, path, "expected an integer in [0, 2^64); found " + Describe(node));
  return v;
}

std::optional<std::vector<double>> Reader::PlainVector(const YAML::Node& node,
                                                       const std::string& path, size_t min_n,
                                                       size_t max_n, const Range& range) {
  const std::string want = min_n == max_n ? std::to_string(min_n)
                                          : std::to_string(min_n) + " or " + std::to_string(max_n);
  if (!node.IsSequence() || node.size() < min_n || node.size() > max_n) {
    Error(node, path,
          "expected a list of " + want + " numbers" +
              (node.IsSequence() ? "; found " + std::to_string(node.size())
                                 : "; found " + Describe(node)));
    return std::nullopt;
  }
  std::vector<double> out;
  bool ok = true;
  size_t i = 0;
  for (const YAML::Node& element : node) {
    const auto v = Number(element, Item(path, i++), range);
    ok = ok && v.has_value();
    out.push_back(v.value_or(0.0));
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<double>> Reader::VectorDistribution(const YAML::Node& node,
                                                              const std::string& path,
                                                              const std::string& kind, size_t min_n,
                                                              size_t max_n, const Range& range) {
  if (!Keys(node, path, {kind})) return std::nullopt;
  const YAML::Node params = Get(node, kind);
  const std::string form = kind == "normal" ? "[[mean...], [std...]]" : "[[a...], [b...]]";
  if (!params.IsSequence() || params.size() != 2) {
    Error(params, path, kind + " of a vector needs " + form + "; found " + Describe(params));
    return std::nullopt;
  }
  ++nested_;
  const auto a = PlainVector(params[0], Item(Child(path, kind), 0), min_n, max_n, Finite(kInf));
  const auto b = PlainVector(params[1], Item(Child(path, kind), 1), min_n, max_n, Finite(kInf));
  --nested_;
  if (!a || !b) return std::nullopt;
  if (a->size() != b->size()) {
    Error(params, path, kind + " of a vector needs two lists of the same length");
    return std::nullopt;
  }
  std::vector<double> out;
  for (size_t i = 0; i < a->size(); ++i) {
    const auto v = Draw(params, Item(path, i), kind, (*a)[i], (*b)[i], range);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

std::optional<std::vector<double>> Reader::Vector(const YAML::Node& node, const std::string& path,
                                                  size_t min_n, size_t max_n, const Range& range) {
  if (!node.IsDefined()) return std::nullopt;
  if (!Budget(node)) return std::nullopt;
  const std::string kind = DistributionKind(node);
  if (kind.empty()) return PlainVector(node, path, min_n, max_n, range);
  if (NestedDistribution(node, path)) return std::nullopt;
  if (kind == "choice") {
    return Choice<std::vector<double>>(node, path, [&](const YAML::Node& n, const std::string& p) {
      return PlainVector(n, p, min_n, max_n, range);
    });
  }
  ++draws_;
  return VectorDistribution(node, path, kind, min_n, max_n, range);
}

std::optional<std::string> Reader::Word(const YAML::Node& node, const std::string& path,
                                        const std::vector<std::string_view>& words) {
  if (!node.IsDefined()) return std::nullopt;
  if (!Budget(node)) return std::nullopt;
  const std::string kind = DistributionKind(node);
  if (kind.empty()) return PlainWord(node, path, words);
  if (NestedDistribution(node, path)) return std::nullopt;
  if (kind != "choice") {
    ++draws_;
    Error(node, path, "this field takes a word or {choice: [...]}; found " + kind);
    return std::nullopt;
  }
  return Choice<std::string>(node, path, [&](const YAML::Node& n, const std::string& p) {
    return PlainWord(n, p, words);
  });
}

std::optional<std::string> Reader::Text(const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined()) return std::nullopt;
  if (!Budget(node)) return std::nullopt;
  if (!node.IsScalar()) {
    Error(node, path, "expected a string; found " + Describe(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> Reader::Bool(const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined()) return std::nullopt;
  if (node.IsScalar() && node.Scalar() == "true") return true;
  if (node.IsScalar() && node.Scalar() == "false") return false;
  Error(node, path, "expected true or false; found " + Describe(node));
  return std::nullopt;
}

size_t Reader::PickIndex(size_t n) {
  if (!sampling() || n <= 1) return 0;
  return static_cast<size_t>(rng_.UniformInt(0, static_cast<int64_t>(n) - 1));
}

size_t Reader::PickWeighted(const std::vector<double>& weights) {
  if (!sampling()) return 0;
  double total = 0.0;
  for (double w : weights) total += w;
  const double u = rng_.Uniform01() * total;
  double sum = 0.0;
  size_t last = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0.0) continue;
    sum += weights[i];
    last = i;
    if (u < sum) return i;
  }
  return last;
}

std::optional<std::vector<double>> Reader::Weights(const YAML::Node& node, const std::string& path,
                                                   size_t n) {
  ++nested_;
  auto w = PlainVector(node, path, n, n, NonNegative(1e9));
  --nested_;
  if (!w) return std::nullopt;
  double total = 0.0;
  for (double x : *w) total += x;
  if (total <= 0.0) {
    Error(node, path, "weights must have a positive sum");
    return std::nullopt;
  }
  return w;
}

}  // namespace synth4d::spec::internal
