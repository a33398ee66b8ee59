#pragma once
// Internal: the typed YAML reader. It reads one field at a time with its mark (line, column) and
// field path, samples distributions from the clip's Rng (resolve mode) or only checks their
// parameters (validate mode), and collects every problem as a core::Issue instead of stopping.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/core/rng.h"

namespace synth4d::spec::internal {

enum class Mode { kValidate, kResolve };

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// A closed or half-open interval of allowed values.
struct Range {
  double lo = -kInf;
  double hi = kInf;
  bool lo_open = false;
  bool hi_open = false;
  // True when `v` lies in the interval.
  bool Contains(double v) const;
  // "> 0", "in [0, 1]", ">= 0 and <= 100", "any number".
  std::string Describe() const;
};
// Any finite number with |v| <= hi.
Range Finite(double hi = 1e6);
// (0, hi].
Range Positive(double hi = 1e6);
// [0, hi].
Range NonNegative(double hi = 1e6);
// [lo, hi].
Range Closed(double lo, double hi);

// "a.b" (or "b" when `path` is empty).
std::string Child(const std::string& path, std::string_view key);
// "a[3]".
std::string Item(const std::string& path, size_t index);
// Shortest text that parses back to exactly `v` ("0.1", "0.0005", "1e-07", "1000000").
std::string FormatNumber(double v);
// The child `key` of a mapping, or an undefined node when `map` is no mapping or lacks `key`.
YAML::Node Get(const YAML::Node& map, std::string_view key);
// True when `map` is a mapping holding `key`.
bool Has(const YAML::Node& map, std::string_view key);
// "a mapping", "a list", "'text'" or "nothing", for messages.
std::string Describe(const YAML::Node& node);
// Closest word to `word` among `words` within a small edit distance, or "".
std::string ClosestWord(std::string_view word, const std::vector<std::string_view>& words);

// A character of a spec file that YAML does not allow, where it is.
struct ForbiddenCharacter {
  YAML::Mark mark;      // line and column 0-based; the column counts characters, not bytes
  std::string message;  // "NUL byte (U+0000): YAML does not allow it"
};
// The first character of `text` that YAML 1.2 forbids (C0 controls but tab, LF and CR; DEL; C1
// controls but NEL; surrogates; U+FFFE and U+FFFF) or the first byte that is not UTF-8; nullopt
// when every character is allowed. yaml-cpp reads such bytes without complaint.
std::optional<ForbiddenCharacter> FindForbiddenCharacter(std::string_view text);

class Reader {
 public:
  Reader(std::string file, Mode mode);

  // Seeds the sampling stream (the clip seed).
  void Seed(uint64_t seed) { rng_ = core::Rng(seed); }
  core::Rng& rng() { return rng_; }
  // True when distributions are sampled (resolve mode, not inside Checking()).
  bool sampling() const { return mode_ == Mode::kResolve && checking_ == 0; }
  // Count of distributions met so far: a field is random when reading it changed this count.
  int draws() const { return draws_; }

  // Runs `fn` reading representative values (no sampling, no Rng use).
  template <class F>
  void Checking(F&& fn) {
    ++checking_;
    fn();
    --checking_;
  }

  // Records an issue located at `at` (or at no position when `at` is undefined).
  void Error(const YAML::Node& at, const std::string& field, const std::string& message);
  // Records an issue at a mark (line and column 0-based, as yaml-cpp reports them).
  void ErrorAt(const YAML::Mark& mark, const std::string& field, const std::string& message);
  size_t error_count() const { return issues_.size(); }
  // The issues in document order, duplicates removed, capped at kMaxIssues (+1 summary line).
  std::vector<core::Issue> TakeIssues();
  static constexpr size_t kMaxIssues = 100;
  // Values one spec may read (aliases can make a small file expand into huge work).
  static constexpr int64_t kMaxReads = 1000000;

  // Checks `node` is a mapping whose keys are all in `known` (reports unknown keys with a
  // suggestion, duplicate and non-string keys). False when `node` is not a mapping.
  bool Keys(const YAML::Node& node, const std::string& path,
            const std::vector<std::string_view>& known);
  // Reports `path` missing from the mapping `parent` when `node` is undefined; false if missing.
  bool Require(const YAML::Node& node, const YAML::Node& parent, const std::string& path,
               const std::string& what);

  // The distribution key of `node` ("uniform", "normal", "int", "choice"), or "" for a value.
  static std::string DistributionKind(const YAML::Node& node);

  // A number, or a distribution of numbers; nullopt when absent or invalid (then reported).
  std::optional<double> Number(const YAML::Node& node, const std::string& path, const Range& range);
  // An integer, {int: [a, b]} or {choice: [...]}.
  std::optional<int64_t> Integer(const YAML::Node& node, const std::string& path, int64_t lo,
                                 int64_t hi);
  // A plain unsigned 64-bit integer (seeds).
  std::optional<uint64_t> Unsigned(const YAML::Node& node, const std::string& path);
  // A list of `min_n`..`max_n` numbers (each may be a distribution), or one distribution of
  // vectors ({uniform: [[lo...], [hi...]]}, {normal: [[mean...], [std...]]}, {choice: [...]}).
  std::optional<std::vector<double>> Vector(const YAML::Node& node, const std::string& path,
                                            size_t min_n, size_t max_n, const Range& range);
  // One of `words`, or a choice of them.
  std::optional<std::string> Word(const YAML::Node& node, const std::string& path,
                                  const std::vector<std::string_view>& words);
  // A plain string (no distribution).
  std::optional<std::string> Text(const YAML::Node& node, const std::string& path);
  // true or false.
  std::optional<bool> Bool(const YAML::Node& node, const std::string& path);

  // Reads {choice: [...], weights: [...]} with `plain` for each element; returns the sampled
  // element (resolve) or the first one (validate).
  template <class T, class Plain>
  std::optional<T> Choice(const YAML::Node& dist, const std::string& path, Plain&& plain);
  // An index in [0, n): uniform (resolve) or 0 (validate).
  size_t PickIndex(size_t n);
  // An index drawn with probabilities proportional to `weights` (resolve) or 0 (validate).
  size_t PickWeighted(const std::vector<double>& weights);
  // Reads a list of non-negative weights of length `n` with a positive sum.
  std::optional<std::vector<double>> Weights(const YAML::Node& node, const std::string& path,
                                             size_t n);

 private:
  struct Located {
    int line;
    int column;
    core::Issue issue;
  };
  // Counts one value read; false (reported once) when the spec exceeds kMaxReads.
  bool Budget(const YAML::Node& node);
  // Reports a distribution inside a choice or distribution; true when `node` is one there.
  bool NestedDistribution(const YAML::Node& node, const std::string& path);
  std::optional<double> PlainNumber(const YAML::Node& node, const std::string& path,
                                    const Range& range);
  std::optional<int64_t> PlainInteger(const YAML::Node& node, const std::string& path, int64_t lo,
                                      int64_t hi);
  std::optional<std::string> PlainWord(const YAML::Node& node, const std::string& path,
                                       const std::vector<std::string_view>& words);
  std::optional<std::vector<double>> PlainVector(const YAML::Node& node, const std::string& path,
                                                 size_t min_n, size_t max_n, const Range& range);
  std::optional<std::vector<double>> VectorDistribution(const YAML::Node& node,
                                                        const std::string& path,
                                                        const std::string& kind, size_t min_n,
                                                        size_t max_n, const Range& range);
  // Draws from uniform/normal/int with parameters `a`, `b`; checks them against `range` first.
  std::optional<double> Draw(const YAML::Node& at, const std::string& path, const std::string& kind,
                             double a, double b, const Range& range);

  std::string file_;
  Mode mode_;
  core::Rng rng_{0};
  int checking_ = 0;
  int nested_ = 0;
  int draws_ = 0;
  int64_t reads_ = 0;
  std::vector<Located> issues_;
};

template <class T, class Plain>
std::optional<T> Reader::Choice(const YAML::Node& dist, const std::string& path, Plain&& plain) {
  ++draws_;
  if (!Keys(dist, path, {"choice", "weights"})) return std::nullopt;
  const YAML::Node list = Get(dist, "choice");
  if (!list.IsSequence() || list.size() == 0) {
    Error(list, path, "choice needs a non-empty list of values");
    return std::nullopt;
  }
  std::vector<std::optional<T>> values;
  ++nested_;
  size_t i = 0;
  for (const YAML::Node& element : list) {
    const std::string element_path = Item(Child(path, "choice"), i++);
    if (NestedDistribution(element, element_path)) {
      values.emplace_back();
    } else {
      values.push_back(plain(element, element_path));
    }
  }
  --nested_;
  std::vector<double> weights;
  if (Has(dist, "weights")) {
    auto w = Weights(Get(dist, "weights"), Child(path, "weights"), values.size());
    if (!w) return std::nullopt;
    weights = std::move(*w);
  }
  for (const auto& v : values) {
    if (!v) return std::nullopt;
  }
  return values[weights.empty() ? PickIndex(values.size()) : PickWeighted(weights)];
}

}  // namespace synth4d::spec::internal
