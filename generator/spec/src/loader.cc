// Public entry points: reads the YAML, then the parts in their fixed order (parse.h).
#include "synth4d/spec/loader.h"

#include <climits>

#include "parse.h"
#include "synth4d/core/file.h"
#include "synth4d/core/rng.h"
#include "synth4d/spec/dataset.h"

namespace synth4d::spec {
namespace {

using internal::Get;
using internal::Mode;
using internal::Reader;

const std::vector<std::string_view> kTopKeys = {"clip",     "environment", "objects", "cameras",
                                                "resolved", "qa",          "dataset"};

core::Result<glm::dvec3> LoadExtents(const std::filesystem::path& path, assets::UpAxis up) {
  SYNTH4D_ASSIGN_OR_RETURN(const core::Mesh mesh, assets::LoadMesh(path, up));
  const core::Aabb box = core::Bounds(mesh);
  return box.max - box.min;
}

// Seeds and identity: `resolved` (written by ToYaml) pins them, else they derive from options.
void ReadIdentity(Reader& r, const YAML::Node& root, const ResolveOptions& options,
                  ResolvedScene& scene) {
  const YAML::Node clip = Get(root, "clip");
  const uint64_t spec_seed = r.Unsigned(Get(clip, "seed"), "clip.seed").value_or(0);
  const YAML::Node resolved = Get(root, "resolved");
  if (!resolved.IsDefined()) {
    scene.clip.dataset_seed = options.dataset_seed.value_or(spec_seed);
    scene.clip.clip_index = static_cast<int>(options.clip_index);
    scene.clip.seed = core::ClipSeed(scene.clip.dataset_seed, scene.spec_key, options.clip_index);
    return;
  }
  scene.clip.dataset_seed = spec_seed;
  if (!r.Keys(resolved, "resolved", {"source", "spec_key", "clip_index", "clip_seed"})) return;
  scene.source = r.Text(Get(resolved, "source"), "resolved.source").value_or(scene.source);
  r.Require(Get(resolved, "spec_key"), resolved, "resolved.spec_key", "spec_key");
  scene.spec_key = r.Text(Get(resolved, "spec_key"), "resolved.spec_key").value_or(scene.spec_key);
  scene.clip.clip_index = static_cast<int>(
      r.Integer(Get(resolved, "clip_index"), "resolved.clip_index", 0, INT_MAX).value_or(0));
  r.Require(Get(resolved, "clip_seed"), resolved, "resolved.clip_seed", "clip_seed");
  scene.clip.seed = r.Unsigned(Get(resolved, "clip_seed"), "resolved.clip_seed").value_or(0);
}

// Parses `text` and passes its root to `parse`; bytes YAML forbids and YAML syntax errors are
// reported to `r` instead (yaml-cpp exceptions stop here).
template <class Parse>
void ParseYaml(Reader& r, std::string_view text, Parse&& parse) {
  if (const auto bad = internal::FindForbiddenCharacter(text)) {
    r.ErrorAt(bad->mark, "", bad->message);
    return;
  }
  try {
    parse(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& e) {
    r.ErrorAt(e.mark, "", "YAML error: " + e.msg);
  }
}

// The issues of `r` as one kInvalidArgument error: "<file>: <what> (N errors)".
core::Error Invalid(Reader& r, const std::filesystem::path& display_name, const std::string& what) {
  core::Error error =
      core::MakeError(core::ErrorCode::kInvalidArgument,
                      display_name.string() + ": " + what + " (" + std::to_string(r.error_count()) +
                          " error" + (r.error_count() == 1 ? ")" : "s)"));
  error.issues = r.TakeIssues();
  return error;
}

void ParseScene(internal::Context& c, const YAML::Node& root, const ResolveOptions& options,
                ResolvedScene& scene) {
  Reader& r = c.r;
  if (!root.IsMap()) {
    r.Error(root, "",
            "a scene spec is a mapping with clip, environment, objects and cameras; found " +
                internal::Describe(root));
    return;
  }
  r.Keys(root, "", kTopKeys);
  ReadIdentity(r, root, options, scene);
  r.Seed(scene.clip.seed);
  internal::ParseClip(r, Get(root, "clip"), scene.clip);
  internal::ParseEnvironment(r, Get(root, "environment"), scene.environment);
  internal::ParseQa(r, Get(root, "qa"), scene.qa);
  std::vector<HeldOutRule> rules;  // checked here; planning reads them (ReadHeldOutRules)
  internal::ParseDataset(r, Get(root, "dataset"), rules);
  std::vector<internal::ObjectDraft> drafts;
  internal::ParseObjects(c, Get(root, "objects"), drafts);
  // After errors, placement keeps representative positions instead of rejection sampling.
  if (r.error_count() == 0) {
    internal::PlaceObjects(c, drafts);
  } else {
    r.Checking([&] { internal::PlaceObjects(c, drafts); });
  }
  for (internal::ObjectDraft& d : drafts) internal::ParseMotion(c, d);
  for (internal::ObjectDraft& d : drafts) scene.objects.push_back(std::move(d.spec));
  internal::ParseCameras(c, Get(root, "cameras"), scene.objects, scene.cameras);
}

core::Result<ResolvedScene> Run(std::string_view text, const std::filesystem::path& display_name,
                                const ResolveOptions& options, Mode mode) {
  Reader r(display_name.string(), mode);
  ResolvedScene scene;
  scene.source = display_name.string();
  scene.spec_key = display_name.stem().string();
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(display_name, ec);
  internal::Context c{r,
                      ec ? display_name.parent_path() : absolute.parent_path(),
                      options.mesh_extents ? options.mesh_extents : LoadExtents,
                      {}};
  if (options.clip_index > static_cast<uint64_t>(INT_MAX)) {
    r.ErrorAt(YAML::Mark::null_mark(), "", "clip index out of range");
  }
  ParseYaml(r, text, [&](const YAML::Node& root) { ParseScene(c, root, options, scene); });
  if (r.error_count() == 0) return scene;
  return Invalid(r, display_name, "invalid scene spec");
}

}  // namespace

core::Result<ResolvedScene> ResolveSpecString(std::string_view text,
                                              const std::filesystem::path& display_name,
                                              const ResolveOptions& options) {
  return Run(text, display_name, options, Mode::kResolve);
}

core::Result<ResolvedScene> ResolveSpecFile(const std::filesystem::path& path,
                                            const ResolveOptions& options) {
  SYNTH4D_ASSIGN_OR_RETURN(const std::string text, core::ReadFile(path));
  return ResolveSpecString(text, path, options);
}

core::Status ValidateSpecString(std::string_view text, const std::filesystem::path& display_name,
                                const ResolveOptions& options) {
  auto result = Run(text, display_name, options, Mode::kValidate);
  if (!result.ok()) return result.error();
  return core::Ok();
}

core::Result<std::vector<HeldOutRule>> ReadHeldOutRules(std::string_view text,
                                                        const std::filesystem::path& display_name) {
  Reader r(display_name.string(), Mode::kValidate);
  std::vector<HeldOutRule> rules;
  ParseYaml(r, text, [&](const YAML::Node& root) {
    internal::ParseDataset(r, Get(root, "dataset"), rules);
  });
  if (r.error_count() == 0) return rules;
  return Invalid(r, display_name, "invalid `dataset:` section");
}

core::Result<std::vector<HeldOutRule>> ReadHeldOutRulesFile(const std::filesystem::path& path) {
  SYNTH4D_ASSIGN_OR_RETURN(const std::string text, core::ReadFile(path));
  return ReadHeldOutRules(text, path);
}

core::Status ValidateSpecFile(const std::filesystem::path& path, const ResolveOptions& options) {
  SYNTH4D_ASSIGN_OR_RETURN(const std::string text, core::ReadFile(path));
  return ValidateSpecString(text, path, options);
}

}  // namespace synth4d::spec
