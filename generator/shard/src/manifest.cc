#include "synth4d/shard/manifest.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "synth4d/core/file.h"

namespace synth4d::shard {
namespace {

using Json = nlohmann::ordered_json;

Json ConfigJson(const DatasetConfig& c) {
  Json specs = Json::array();
  for (const SpecRecord& s : c.specs) {
    specs.push_back({{"key", s.key},
                     {"path", s.path},
                     {"sha256", s.sha256},
                     {"dataset_seed", s.dataset_seed},
                     {"clips", s.clips},
                     {"held_out", s.held_out}});
  }
  Json splits = Json::array();
  for (const SplitRecord& s : c.splits)
    splits.push_back({{"name", s.name}, {"fraction", s.fraction}});
  Json settings = Json::object();
  for (const auto& [k, v] : c.settings) settings[k] = v;
  return Json{{"specs", specs},
              {"splits", splits},
              {"held_out_split", c.held_out_split},
              {"shard_samples", c.shard_samples},
              {"renderer", c.renderer},
              {"settings", settings},
              {"templates_sha256", c.templates_sha256},
              {"balance",
               {{"max_answer_ratio", c.balance.max_answer_ratio},
                {"min_value_count", c.balance.min_value_count},
                {"min_values", c.balance.min_values},
                {"false_premise_rate", c.balance.false_premise_rate},
                {"reletter", c.balance.reletter},
                {"seed", c.balance.seed}}}};
}

DatasetConfig ConfigFrom(const Json& j) {
  DatasetConfig c;
  for (const Json& s : j.at("specs")) {
    c.specs.push_back({s.at("key").get<std::string>(), s.at("path").get<std::string>(),
                       s.at("sha256").get<std::string>(), s.at("dataset_seed").get<uint64_t>(),
                       s.at("clips").get<int>(), s.at("held_out").get<std::vector<std::string>>()});
  }
  for (const Json& s : j.at("splits")) {
    c.splits.push_back({s.at("name").get<std::string>(), s.at("fraction").get<double>()});
  }
  c.held_out_split = j.at("held_out_split").get<std::string>();
  c.shard_samples = j.at("shard_samples").get<int>();
  c.renderer = j.at("renderer").get<std::string>();
  for (const auto& [k, v] : j.at("settings").items())
    c.settings.emplace_back(k, v.get<std::string>());
  c.templates_sha256 = j.at("templates_sha256").get<std::string>();
  const Json& b = j.at("balance");
  c.balance.max_answer_ratio = b.at("max_answer_ratio").get<double>();
  c.balance.min_value_count = b.at("min_value_count").get<int>();
  c.balance.min_values = b.at("min_values").get<int>();
  c.balance.false_premise_rate = b.at("false_premise_rate").get<double>();
  c.balance.reletter = b.at("reletter").get<bool>();
  c.balance.seed = b.at("seed").get<uint64_t>();
  return c;
}

}  // namespace

const ShardRecord* Manifest::FindShard(const std::string& name) const {
  for (const ShardRecord& s : shards) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string ShardName(const std::string& split, int index) {
  char number[16];
  std::snprintf(number, sizeof(number), "%06d", index);
  return split + "-" + number + ".tar";
}

std::string ConfigToJson(const DatasetConfig& config) { return ConfigJson(config).dump(); }

std::string ManifestToJson(const Manifest& m) {
  Json j;
  j["schema"] = m.schema;
  j["synth4d_version"] = m.synth4d_version;
  j["complete"] = m.complete;
  j["part"] = m.part ? Json{{"index", m.part->first}, {"count", m.part->second}} : Json(nullptr);
  j["config"] = ConfigJson(m.config);
  Json counts = Json::array();
  for (const SplitCounts& c : m.counts) {
    counts.push_back({{"split", c.name},
                      {"shards", c.shards},
                      {"clips", c.clips},
                      {"samples", c.samples},
                      {"items", c.items},
                      {"balanced_items", c.balanced_items}});
  }
  j["counts"] = counts;
  j["layout"] = m.layout;
  Json shards = Json::array();
  for (const ShardRecord& s : m.shards) {
    shards.push_back({{"name", s.name},
                      {"split", s.split},
                      {"bytes", s.bytes},
                      {"sha256", s.sha256},
                      {"clips", s.clips},
                      {"samples", s.keys.size()},
                      {"keys", s.keys},
                      {"failed", s.failed}});
  }
  j["shards"] = shards;
  Json failures = Json::array();
  for (const FailureRecord& f : m.failures) {
    failures.push_back({{"key", f.key},
                        {"spec", f.spec},
                        {"index", f.index},
                        {"stage", f.stage},
                        {"code", f.code},
                        {"error", f.error}});
  }
  j["failures"] = failures;
  return j.dump(1) + "\n";
}

core::Result<Manifest> ManifestFromJson(std::string_view json, const std::string& source) {
  std::string field = "(document)";
  try {
    const Json j = Json::parse(json);
    Manifest m;
    field = "schema";
    m.schema = j.at("schema").get<std::string>();
    if (m.schema != kManifestSchema) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             source + ": schema \"" + m.schema + "\" is not " + kManifestSchema);
    }
    field = "synth4d_version";
    m.synth4d_version = j.at("synth4d_version").get<std::string>();
    field = "complete";
    m.complete = j.at("complete").get<bool>();
    field = "part";
    if (!j.at("part").is_null()) {
      m.part = std::make_pair(j["part"].at("index").get<int>(), j["part"].at("count").get<int>());
    }
    field = "config";
    m.config = ConfigFrom(j.at("config"));
    field = "counts";
    for (const Json& c : j.at("counts")) {
      m.counts.push_back({c.at("split").get<std::string>(), c.at("shards").get<int>(),
                          c.at("clips").get<int>(), c.at("samples").get<int>(),
                          c.at("items").get<int>(), c.at("balanced_items").get<int>()});
    }
    field = "layout";
    m.layout = j.at("layout").get<std::vector<std::string>>();
    field = "shards";
    for (const Json& s : j.at("shards")) {
      m.shards.push_back({s.at("name").get<std::string>(), s.at("split").get<std::string>(),
                          s.at("bytes").get<uint64_t>(), s.at("sha256").get<std::string>(),
                          s.at("clips").get<int>(), s.at("keys").get<std::vector<std::string>>(),
                          s.at("failed").get<std::vector<std::string>>()});
    }
    field = "failures";
    for (const Json& f : j.at("failures")) {
      m.failures.push_back({f.at("key").get<std::string>(), f.at("spec").get<std::string>(),
                            f.at("index").get<int>(), f.at("stage").get<std::string>(),
                            f.at("code").get<std::string>(), f.at("error").get<std::string>()});
    }
    return m;
  } catch (const std::exception& e) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           source + " " + field + ": " + e.what());
  }
}

core::Result<Manifest> ReadManifest(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kManifestName;
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  return ManifestFromJson(text, path.string());
}

core::Status WriteManifest(const std::filesystem::path& dir, const Manifest& manifest) {
  return core::WriteFileAtomic(dir / kManifestName, ManifestToJson(manifest));
}

}  // namespace synth4d::shard
