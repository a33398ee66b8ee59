#include "synth4d/qa/params.h"

#include "synth4d/core/check.h"

namespace synth4d::qa {

ParamSpec Condition(std::string name, double value, double min, double max, std::string doc) {
  ParamSpec s;
  s.name = std::move(name);
  s.condition = true;
  s.number = value;
  s.min = min;
  s.max = max;
  s.doc = std::move(doc);
  return s;
}

ParamSpec FlagCondition(std::string name, bool value, std::string doc) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = ParamSpec::Type::kFlag;
  s.condition = true;
  s.number = value ? 1.0 : 0.0;
  s.doc = std::move(doc);
  return s;
}

ParamSpec WordParam(std::string name, std::string value, std::vector<std::string> words,
                    std::string doc) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = ParamSpec::Type::kWord;
  s.word = std::move(value);
  s.words = std::move(words);
  s.doc = std::move(doc);
  return s;
}

ParamSpec NumberParam(std::string name, double value, double min, double max, std::string doc) {
  ParamSpec s = Condition(std::move(name), value, min, max, std::move(doc));
  s.condition = false;
  return s;
}

Params Params::Defaults(const std::vector<ParamSpec>& specs) {
  Params p;
  for (const ParamSpec& s : specs) {
    if (s.type == ParamSpec::Type::kWord) {
      p.words_[s.name] = s.word;
    } else {
      p.numbers_[s.name] = s.number;
    }
  }
  return p;
}

double Params::Number(std::string_view name) const {
  auto it = numbers_.find(name);
  SYNTH4D_CHECK(it != numbers_.end()) << "undeclared parameter " << name;
  return it->second;
}

bool Params::Flag(std::string_view name) const { return Number(name) != 0.0; }

const std::string& Params::Word(std::string_view name) const {
  auto it = words_.find(name);
  SYNTH4D_CHECK(it != words_.end()) << "undeclared parameter " << name;
  return it->second;
}

void Params::SetNumber(const std::string& name, double value) { numbers_[name] = value; }

void Params::SetWord(const std::string& name, std::string value) {
  words_[name] = std::move(value);
}

}  // namespace synth4d::qa
