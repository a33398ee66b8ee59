// One clip of a dataset: RunClip into a staging directory, QA per camera, sample files.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "internal_dataset.h"
#include "synth4d/core/crash_point.h"
#include "synth4d/core/file.h"
#include "synth4d/qa/item.h"
#include "synth4d/shard/qa_files.h"
#include "synth4d/shard/sha256.h"

namespace synth4d::pipeline::internal {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// The clip's questions (RunClip's qa.jsonl), with `video` naming the sample's member.
core::Result<std::vector<qa::QaItem>> ClipQuestions(const fs::path& clip_dir,
                                                    const std::string& key) {
  SYNTH4D_ASSIGN_OR_RETURN(std::vector<qa::QaItem> items, qa::ReadJsonl(clip_dir / "qa.jsonl"));
  for (qa::QaItem& item : items) item.video = key + ".mp4";
  return items;
}

core::Status MoveFile(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return core::MakeError(core::ErrorCode::kIo, to.string() + ": " + ec.message());
  return core::Ok();
}

}  // namespace

core::Result<spec::ResolvedScene> ResolveClip(const std::string& text, const fs::path& path,
                                              std::optional<uint64_t> seed, int index,
                                              const spec::MeshExtentsFn& mesh_extents) {
  spec::ResolveOptions resolve;
  resolve.dataset_seed = seed;
  resolve.clip_index = static_cast<uint64_t>(index);
  resolve.mesh_extents = mesh_extents;
  return spec::ResolveSpecString(text, path, resolve);
}

std::optional<std::vector<StagedSample>> MakeClip(const spec::ResolvedScene& scene,
                                                  const ClipOptions& options,
                                                  renderer::Renderer* renderer, const fs::path& dir,
                                                  ClipFailure* failure) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  auto fail = [&](std::string stage,
                  core::Error error) -> std::optional<std::vector<StagedSample>> {
    fs::remove_all(dir, ec);
    *failure = {std::move(stage), std::move(error)};
    return std::nullopt;
  };
  const fs::path raw = dir / "raw";
  auto outputs = RunClip(scene, options, renderer, raw);
  if (!outputs.ok()) return fail("clip", outputs.error());
  std::vector<StagedSample> samples;
  Json list = Json::array();
  for (const ClipOutput& output : *outputs) {
    auto items = ClipQuestions(output.dir, output.key);
    if (!items.ok()) return fail("qa", items.error());
    core::Status moved =
        core::WriteFileAtomic(dir / (output.key + ".qa.json"), shard::QaJsonText(*items));
    if (moved.ok()) moved = MoveFile(output.dir / "truth.json", dir / (output.key + ".truth.json"));
    StagedSample sample{output.key, {"qa.json", "truth.json"}};
    if (moved.ok() && output.rendered) {
      moved = MoveFile(output.dir / "video.mp4", dir / (output.key + ".mp4"));
      sample.fields.insert(sample.fields.begin(), "mp4");
      for (const std::string& field : options.modalities.Fields()) {
        if (moved.ok()) moved = MoveFile(output.dir / field, dir / (output.key + "." + field));
        sample.fields.push_back(field);
      }
    }
    if (!moved.ok()) return fail("clip", moved.error());
    Json files = Json::array();
    for (const std::string& field : sample.fields) {
      const fs::path file = dir / (sample.key + "." + field);
      auto sha = shard::Sha256File(file);
      if (!sha.ok()) return fail("clip", sha.error());
      files.push_back({{"field", field}, {"bytes", fs::file_size(file, ec)}, {"sha256", *sha}});
    }
    list.push_back({{"key", sample.key}, {"files", files}});
    samples.push_back(std::move(sample));
  }
  fs::remove_all(raw, ec);
  core::CrashPoint("clip.staged");
  const core::Status done =
      core::WriteFileAtomic(dir / "result.json", Json{{"samples", list}}.dump() + "\n");
  if (!done.ok()) return fail("clip", done.error());
  return samples;
}

std::optional<std::vector<StagedSample>> ReadStagedClip(const fs::path& dir) {
  auto text = core::ReadFile(dir / "result.json");
  if (!text.ok()) return std::nullopt;
  try {
    const Json result = Json::parse(*text);
    std::vector<StagedSample> samples;
    for (const Json& s : result.at("samples")) {
      StagedSample sample{s.at("key").get<std::string>(), {}};
      for (const Json& f : s.at("files")) {
        const std::string field = f.at("field").get<std::string>();
        const fs::path file = dir / (sample.key + "." + field);
        std::error_code ec;
        const uint64_t bytes = fs::file_size(file, ec);
        if (ec || bytes != f.at("bytes").get<uint64_t>()) return std::nullopt;
        auto sha = shard::Sha256File(file);
        if (!sha.ok() || *sha != f.at("sha256").get<std::string>()) return std::nullopt;
        sample.fields.push_back(field);
      }
      if (sample.fields.empty()) return std::nullopt;
      samples.push_back(std::move(sample));
    }
    if (samples.empty()) return std::nullopt;
    return samples;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

core::Result<std::string> TemplatesSha256(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  if (ec) return core::MakeError(core::ErrorCode::kNotFound, dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  shard::Sha256 hash;
  for (const fs::path& file : files) {
    SYNTH4D_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(file));
    hash.Update(file.filename().string());
    hash.Update(std::string_view("\0", 1));
    hash.Update(bytes);
    hash.Update(std::string_view("\0", 1));
  }
  return hash.HexDigest();
}

}  // namespace synth4d::pipeline::internal
