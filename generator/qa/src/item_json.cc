#include <cmath>
#include <nlohmann/json.hpp>

#include "synth4d/core/file.h"
#include "synth4d/qa/item.h"

namespace synth4d::qa {
namespace {

using Json = nlohmann::ordered_json;

// Rounds to `resolution` so values survive a truth.json round trip byte for byte; no "-0".
double Round(double x, double resolution) {
  const double scale = std::round(1.0 / resolution);
  const double r = std::round(x * scale) / scale;  // the double nearest to a multiple, no "-0"
  return r == 0.0 ? 0.0 : r;
}

// A list of {"name", "value"} records, so every item has the same fields whatever it measured.
template <typename T>
Json Records(const std::vector<std::pair<std::string, T>>& named, auto value) {
  Json list = Json::array();
  for (const auto& [name, v] : named) list.push_back(Json{{"name", name}, {"value", value(v)}});
  return list;
}

std::string Suffix(char letter) { return std::string(" Answer: ") + letter + "."; }

}  // namespace

void Evidence::Add(std::string name, std::vector<double> values) {
  numbers.emplace_back(std::move(name), std::move(values));
}

void Evidence::AddWord(std::string name, std::string value) {
  words.emplace_back(std::move(name), std::move(value));
}

const std::vector<double>* Evidence::Find(std::string_view name) const {
  for (const auto& [n, v] : numbers) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::string ToJsonLine(const QaItem& item) {
  Json j;
  j["id"] = item.id;
  j["video"] = item.video;
  j["question_type"] = "multiple-choice";
  j["question"] = item.question;
  Json choices = Json::object();
  for (size_t i = 0; i < item.options.size(); ++i) {
    choices[std::string(1, static_cast<char>('A' + i))] = item.options[i];
  }
  j["choices"] = choices;
  j["answer"] = item.AnswerText();
  j["answer_letter"] = std::string(1, item.AnswerLetter());
  j["clip_key"] = item.clip_key;
  j["category"] = item.category;
  j["template_id"] = item.template_id;
  j["frame_of_reference"] = item.frame_of_reference;
  j["objects"] = item.objects;
  j["answer_value"] = item.answer_value;
  j["answer_kind"] = item.answer_kind;
  const auto numbers = [](const std::vector<double>& v) {
    Json list = Json::array();
    for (double x : v) list.push_back(Round(x, 1e-3));
    return list;
  };
  j["evidence"] =
      Json{{"frames", item.evidence.frames},
           {"values", Records(item.evidence.numbers, numbers)},
           {"words", Records(item.evidence.words, [](const std::string& w) { return Json(w); })}};
  j["rationale"] = item.rationale + Suffix(item.AnswerLetter());
  j["difficulty"] = Json{{"pixel_speed", Round(item.pixel_speed, 1e-3)},
                         {"min_visible_fraction", Round(item.min_visible_fraction, 1e-4)},
                         {"min_frames", item.min_frames}};
  j["visibility"] = item.visibility;
  if (!item.pair_id.empty()) j["pair_id"] = item.pair_id;
  if (item.video_end_frame >= 0) j["video_end_frame"] = item.video_end_frame;
  return j.dump();
}

std::string ToJsonl(const std::vector<QaItem>& items) {
  std::string out;
  for (const QaItem& item : items) out += ToJsonLine(item) + "\n";
  return out;
}

core::Result<std::vector<QaItem>> ParseJsonl(std::string_view text, const std::string& source) {
  std::vector<QaItem> items;
  size_t start = 0;
  int line = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = source + ":" + std::to_string(line);
    std::string field = "(line)";
    try {
      const Json j = Json::parse(row);
      QaItem item;
      auto str = [&](const char* key) -> std::string {
        field = key;
        return j.at(key).get<std::string>();
      };
      item.id = str("id");
      item.video = str("video");
      if (str("question_type") != "multiple-choice") {
        throw std::invalid_argument("expected \"multiple-choice\"");
      }
      item.question = str("question");
      field = "choices";
      const Json& choices = j.at("choices");
      char letter = 'A';
      for (const auto& [key, value] : choices.items()) {
        if (key != std::string(1, letter++))
          throw std::invalid_argument("letters must run A, B, ...");
        item.options.push_back(value.get<std::string>());
      }
      if (item.options.size() < 2) throw std::invalid_argument("expected at least 2 choices");
      const std::string letter_text = str("answer_letter");
      if (letter_text.size() != 1) throw std::invalid_argument("expected one letter");
      item.answer_index = letter_text[0] - 'A';
      if (item.answer_index < 0 || item.answer_index >= static_cast<int>(item.options.size())) {
        throw std::invalid_argument("no such choice");
      }
      field = "answer";
      if (j.at("answer").get<std::string>() != item.AnswerText()) {
        throw std::invalid_argument("does not match the choice of answer_letter");
      }
      item.clip_key = str("clip_key");
      item.category = str("category");
      item.template_id = str("template_id");
      item.frame_of_reference = str("frame_of_reference");
      field = "objects";
      item.objects = j.at("objects").get<std::vector<std::string>>();
      item.answer_value = str("answer_value");
      item.answer_kind = str("answer_kind");
      field = "evidence";
      const Json& ev = j.at("evidence");
      item.evidence.frames = ev.at("frames").get<std::vector<int>>();
      for (const Json& v : ev.at("values")) {
        item.evidence.Add(v.at("name").get<std::string>(),
                          v.at("value").get<std::vector<double>>());
      }
      for (const Json& w : ev.at("words")) {
        item.evidence.AddWord(w.at("name").get<std::string>(), w.at("value").get<std::string>());
      }
      std::string rationale = str("rationale");
      const std::string suffix = Suffix(item.AnswerLetter());
      if (rationale.size() < suffix.size() ||
          rationale.compare(rationale.size() - suffix.size(), suffix.size(), suffix) != 0) {
        throw std::invalid_argument("must end with \"" + suffix.substr(1) + "\"");
      }
      item.rationale = rationale.substr(0, rationale.size() - suffix.size());
      field = "difficulty";
      const Json& d = j.at("difficulty");
      item.pixel_speed = d.at("pixel_speed").get<double>();
      item.min_visible_fraction = d.at("min_visible_fraction").get<double>();
      item.min_frames = d.at("min_frames").get<int>();
      item.visibility = str("visibility");
      field = "pair_id";
      if (j.contains("pair_id")) item.pair_id = j["pair_id"].get<std::string>();
      field = "video_end_frame";
      if (j.contains("video_end_frame")) item.video_end_frame = j["video_end_frame"].get<int>();
      items.push_back(std::move(item));
    } catch (const std::exception& e) {
      core::Error error =
          core::MakeError(core::ErrorCode::kInvalidArgument, where + " " + field + ": " + e.what());
      error.issues.push_back({where, field, e.what()});
      return error;
    }
  }
  return items;
}

core::Result<std::vector<QaItem>> ReadJsonl(const std::filesystem::path& path) {
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  return ParseJsonl(text, path.string());
}

}  // namespace synth4d::qa
