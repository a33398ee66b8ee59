// `synth4d validate`, `simulate` and `render`: scene specs to clip directories.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "commands.h"
#include "data_paths.h"
#include "synth4d/core/file.h"
#include "synth4d/pipeline/clip.h"
#include "synth4d/qa/item.h"
#include "synth4d/qa/template.h"
#include "synth4d/spec/loader.h"

namespace synth4d::cli {
namespace {

namespace fs = std::filesystem;

// Loads the templates of `dir` into a QA configuration; errors name each file.
core::Result<pipeline::QaConfig> LoadQaConfig(const std::string& dir, int options, bool contrast) {
  SYNTH4D_ASSIGN_OR_RETURN(std::vector<qa::Template> templates, qa::LoadTemplates(dir));
  pipeline::QaConfig config;
  config.templates = std::move(templates);
  config.options.num_options = options;
  config.contrast_pairs = contrast;
  return config;
}

struct ClipArgs {
  std::vector<std::string> specs;
  std::string out;
  std::optional<uint64_t> seed;
  int clips = 1;
  int first = 0;
  bool allow_glitches = false;
};

struct RenderArgs {
  std::string device = "auto";
  bool fake = false;
  bool validation = false;
  int msaa = 1;
  bool no_shadows = false;
  int crf = 20;
  std::string preset = "veryfast";
  std::string frames;
  bool masks = false;
  bool depth = false;
  bool no_qa = false;
  bool contrast_pairs = false;
  std::string templates = DataDir("qa_templates").string();
  int options = 4;
};

void PrintIssues(const core::Error& error) { std::fprintf(stderr, "%s\n", error.ToString().c_str()); }

int Validate(const std::vector<std::string>& specs) {
  int bad = 0;
  for (const std::string& spec : specs) {
    const core::Status status = spec::ValidateSpecFile(spec);
    if (status.ok()) {
      std::printf("%s: ok\n", spec.c_str());
    } else {
      ++bad;
      PrintIssues(status.error());
    }
  }
  return bad == 0 ? kExitOk : kExitBadInput;
}

void AddClipOptions(CLI::App* cmd, ClipArgs& args) {
  cmd->add_option("specs", args.specs, "Scene spec files (YAML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", args.out, "Output directory (one sub-directory per clip and camera)")
      ->required();
  cmd->add_option("--seed", args.seed, "Dataset seed (default: the spec's clip.seed)");
  cmd->add_option("--clips", args.clips, "Clips per spec")->check(CLI::PositiveNumber);
  cmd->add_option("--first", args.first, "Index of the first clip")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--allow-glitches", args.allow_glitches,
                "Keep clips whose simulation shows a glitch (default: the clip fails)");
}

// Runs every clip of every spec; failed clips are logged and counted, the batch goes on.
int RunClips(const ClipArgs& args, renderer::Renderer* renderer, const pipeline::ClipOptions& options) {
  for (const std::string& spec : args.specs) {
    const core::Status valid = spec::ValidateSpecFile(spec);
    if (!valid.ok()) {
      PrintIssues(valid.error());
      return kExitBadInput;
    }
  }
  int failed = 0, written = 0;
  for (const std::string& spec : args.specs) {
    for (int i = args.first; i < args.first + args.clips; ++i) {
      spec::ResolveOptions resolve;
      resolve.dataset_seed = args.seed;
      resolve.clip_index = static_cast<uint64_t>(i);
      auto scene = spec::ResolveSpecFile(spec, resolve);
      core::Result<std::vector<pipeline::ClipOutput>> outputs =
          scene.ok() ? pipeline::RunClip(*scene, options, renderer, args.out) : scene.error();
      if (!outputs.ok()) {
        ++failed;
        spdlog::error("{} clip {} failed: {}", spec, i, outputs.error().ToString());
        continue;
      }
      for (const pipeline::ClipOutput& out : *outputs) {
        ++written;
        spdlog::info("{}: {} frames -> {}", out.key, out.frames, out.dir.string());
      }
    }
  }
  spdlog::info("{} clip directories written, {} clips failed", written, failed);
  return failed == 0 ? kExitOk : kExitFailure;
}

int Render(const ClipArgs& args, const RenderArgs& r) {
  pipeline::ClipOptions options;
  options.allow_glitches = args.allow_glitches;
  options.render.msaa_samples = r.msaa;
  options.render.shadows = !r.no_shadows;
  options.video.crf = r.crf;
  options.video.preset = r.preset;
  options.frames_png = r.frames == "png";
  options.masks = r.masks;
  options.depth = r.depth;
  std::optional<pipeline::QaConfig> qa;
  if (!r.no_qa) {
    auto loaded = LoadQaConfig(r.templates, r.options, r.contrast_pairs);
    if (!loaded.ok()) {
      PrintIssues(loaded.error());
      return kExitBadInput;
    }
    qa = std::move(loaded).value();
    options.qa = &*qa;
  }
  std::unique_ptr<renderer::Renderer> renderer;
  if (r.fake) {
    renderer = renderer::CreateFakeRenderer();
  } else {
    renderer::RendererParams params;
    params.device = r.device == "cpu"   ? renderer::DeviceChoice::kCpu
                    : r.device == "gpu" ? renderer::DeviceChoice::kGpu
                                        : renderer::DeviceChoice::kAuto;
    params.validation = r.validation;
    auto created = renderer::CreateVulkanRenderer(params);
    if (!created.ok()) {
      PrintIssues(created.error());
      return kExitFailure;
    }
    renderer = std::move(created).value();
  }
  spdlog::info("renderer: {}", renderer->DeviceName());
  return RunClips(args, renderer.get(), options);
}

// Rewrites DIR/qa.jsonl of each clip directory from its truth.json; failures are reported and
// the others go on.
int RegenerateQa(const std::vector<std::string>& dirs, const std::string& templates, int options) {
  auto config = LoadQaConfig(templates, options, false);
  if (!config.ok()) {
    PrintIssues(config.error());
    return kExitBadInput;
  }
  int failed = 0;
  for (const std::string& dir : dirs) {
    auto items = pipeline::QaFromClipDir(dir, *config);
    core::Status written = items.ok() ? core::WriteFileAtomic(fs::path(dir) / "qa.jsonl", qa::ToJsonl(*items))
                                      : core::Status(items.error());
    if (!written.ok()) {
      ++failed;
      spdlog::error("{}: {}", dir, written.error().ToString());
      continue;
    }
    spdlog::info("{}: {} questions", dir, items->size());
  }
  return failed == 0 ? kExitOk : kExitFailure;
}

// Maps a non-zero exit code to the exception CLI11 uses to end main() with it.
void Exit(int code) {
  if (code != kExitOk) throw CLI::RuntimeError(code);
}

}  // namespace

void AddClipCommands(CLI::App& app) {
  auto specs = std::make_shared<std::vector<std::string>>();
  CLI::App* validate = app.add_subcommand(
      "validate", "Check scene specs: every error with file:line:col, field and what was expected");
  validate->add_option("specs", *specs, "Scene spec files (YAML)")->required();
  validate->callback([specs] { Exit(Validate(*specs)); });

  auto sim_args = std::make_shared<ClipArgs>();
  CLI::App* simulate = app.add_subcommand(
      "simulate", "Simulate specs: DIR/<clip key>/truth.json and resolved.yaml per clip and camera");
  AddClipOptions(simulate, *sim_args);
  simulate->callback([sim_args] {
    pipeline::ClipOptions options;
    options.allow_glitches = sim_args->allow_glitches;
    Exit(RunClips(*sim_args, nullptr, options));
  });

  auto render_args = std::make_shared<ClipArgs>();
  auto r = std::make_shared<RenderArgs>();
  CLI::App* render = app.add_subcommand(
      "render", "Simulate and render specs: video.mp4, truth.json, resolved.yaml per clip and camera");
  AddClipOptions(render, *render_args);
  render->add_option("--device", r->device, "Vulkan device: auto, cpu (lavapipe) or gpu")
      ->check(CLI::IsMember({"auto", "cpu", "gpu"}));
  render->add_flag("--fake-renderer", r->fake, "Paint projected boxes instead of rendering (tests)");
  render->add_flag("--validation", r->validation, "Vulkan validation layers (slow; for debugging)");
  render->add_option("--msaa", r->msaa, "Antialiasing samples (1 or 4)")->check(CLI::IsMember({1, 4}));
  render->add_flag("--no-shadows", r->no_shadows, "Disable the shadow map");
  render->add_option("--crf", r->crf, "x264 constant rate factor (0-51)")->check(CLI::Range(0, 51));
  render->add_option("--preset", r->preset, "x264 preset (ultrafast ... veryslow)");
  render->add_option("--frames", r->frames, "Also dump frames: png")->check(CLI::IsMember({"png"}));
  render->add_flag("--masks", r->masks, "Write masks.json (COCO RLE per object per frame)");
  render->add_flag("--depth", r->depth, "Write depth/NNNNNN.png (16-bit millimetres)");
  render->add_flag("--no-qa", r->no_qa, "Do not write qa.jsonl");
  render->add_option("--templates", r->templates, "Question template directory")
      ->check(CLI::ExistingDirectory);
  render->add_option("--options", r->options, "Options per question")->check(CLI::Range(2, 6));
  render->add_flag("--contrast-pairs", r->contrast_pairs,
                   "Also render each clip's mirrored twin and pair their questions");
  render->callback([render_args, r] { Exit(Render(*render_args, *r)); });

  auto qa_dirs = std::make_shared<std::vector<std::string>>();
  auto qa_templates = std::make_shared<std::string>(DataDir("qa_templates").string());
  auto qa_options = std::make_shared<int>(4);
  CLI::App* qa_cmd = app.add_subcommand(
      "qa", "Regenerate qa.jsonl of clip directories from their stored truth.json (no rendering)");
  qa_cmd->add_option("clip_dirs", *qa_dirs, "Clip directories (each with truth.json)")
      ->required()->check(CLI::ExistingDirectory);
  qa_cmd->add_option("--templates", *qa_templates, "Question template directory")
      ->check(CLI::ExistingDirectory);
  qa_cmd->add_option("--options", *qa_options, "Options per question")->check(CLI::Range(2, 6));
  qa_cmd->callback([=] { Exit(RegenerateQa(*qa_dirs, *qa_templates, *qa_options)); });
}

}  // namespace synth4d::cli
