#pragma once
// Parameters and conditions of a question template: what a predicate accepts (ParamSpec) and the
// values a template resolved for it (Params, defaults filled in). Angles are degrees (`*_deg`).
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace synth4d::qa {

// One parameter a predicate accepts: a number in [min, max], a flag, or one of a few words.
struct ParamSpec {
  enum class Type { kNumber, kFlag, kWord };
  std::string name;
  Type type = Type::kNumber;
  bool condition = false;  // written under `conditions:` (else under `predicate.params:`)
  double number = 0.0;     // default of a number; a flag's default is number != 0
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::string word;                // default of a word
  std::vector<std::string> words;  // the words allowed
  std::string doc;                 // one line: what it is and why the default
};

// Makes a numeric condition `name` with default `value`, allowed range [min, max].
ParamSpec Condition(std::string name, double value, double min, double max, std::string doc);
// Makes a flag condition `name` with default `value`.
ParamSpec FlagCondition(std::string name, bool value, std::string doc);
// Makes a word parameter `name` with default `value` among `words`.
ParamSpec WordParam(std::string name, std::string value, std::vector<std::string> words,
                    std::string doc);
// Makes a numeric parameter `name` with default `value`, allowed range [min, max].
ParamSpec NumberParam(std::string name, double value, double min, double max, std::string doc);

// Resolved parameter values of one template. Reading a name the predicate did not declare is a
// bug (CHECK failure), never bad input: the loader fills every declared name.
class Params {
 public:
  // Fills every declared parameter with its default.
  static Params Defaults(const std::vector<ParamSpec>& specs);

  // Value of number or flag `name` (flags read as 0 or 1).
  double Number(std::string_view name) const;
  // Value of flag `name`.
  bool Flag(std::string_view name) const;
  // Value of word `name`.
  const std::string& Word(std::string_view name) const;
  // Sets number (or flag) `name`.
  void SetNumber(const std::string& name, double value);
  // Sets word `name`.
  void SetWord(const std::string& name, std::string value);

 private:
  std::map<std::string, double, std::less<>> numbers_;
  std::map<std::string, std::string, std::less<>> words_;
};

}  // namespace synth4d::qa
