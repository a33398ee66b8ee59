// `synth4d generate`, `merge`, `export` and `stats`: datasets of WebDataset shards, their cluster
// parts, SFT training files and statistics (docs/datasets.md, docs/formats.md).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "data_paths.h"
#include "synth4d/pipeline/dataset.h"
#include "synth4d/shard/export.h"
#include "synth4d/shard/merge.h"
#include "synth4d/shard/stats.h"

namespace synth4d::cli {
namespace {

namespace fs = std::filesystem;

struct GenerateArgs {
  std::vector<std::string> specs;
  std::string out;
  int clips = 1;
  int workers = 1;
  std::optional<uint64_t> seed;
  std::string split = "train=0.8,val=0.1,test=0.1";
  std::string held_out_split = "test";
  int shard_samples = 64;
  int shard_index = 0;
  int num_shards = 1;
  std::string only;
  std::string renderer = "vulkan";
  bool fake = false;
  std::string device = "auto";
  int msaa = 1;
  bool no_shadows = false;
  int crf = 20;
  std::string preset = "veryfast";
  bool allow_glitches = false;
  std::string templates = DataDir("qa_templates").string();
  bool contrast_pairs = false;
  std::string modalities = "rgb";
};

// Maps a non-zero exit code to the exception CLI11 uses to end main() with it.
void Exit(int code) {
  if (code != kExitOk) throw CLI::RuntimeError(code);
}

int Fail(const core::Error& error) {
  std::fprintf(stderr, "%s\n", error.ToString().c_str());
  return error.code == core::ErrorCode::kInvalidArgument || error.code == core::ErrorCode::kNotFound
             ? kExitBadInput
             : kExitFailure;
}

std::string Duration(double s) {
  const int t = static_cast<int>(std::lround(s));
  char text[32];
  std::snprintf(text, sizeof(text), "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  return text;
}

// A progress bar with clips/s and ETA on a terminal; a plain line every 10 s otherwise.
class ProgressReporter {
 public:
  ProgressReporter() : tty_(::isatty(STDERR_FILENO) == 1) {}
  void Report(const pipeline::DatasetProgress& p) {
    const double rate = p.elapsed_s > 0 ? p.done / p.elapsed_s : 0.0;
    const double eta = rate > 0 ? (p.total - p.done) / rate : 0.0;
    if (tty_) {
      constexpr int kWidth = 30;
      const int filled = p.total > 0 ? kWidth * p.done / p.total : kWidth;
      std::fprintf(stderr, "\r[%s%s] %d/%d clips  %.2f clips/s  ETA %s  failed %d ",
                   std::string(static_cast<size_t>(filled), '#').c_str(),
                   std::string(static_cast<size_t>(kWidth - filled), '-').c_str(), p.done, p.total,
                   rate, Duration(eta).c_str(), p.failed);
      if (p.done == p.total) std::fprintf(stderr, "\n");
      return;
    }
    if (p.done != p.total && p.elapsed_s - last_s_ < 10.0) return;
    last_s_ = p.elapsed_s;
    spdlog::info("{}/{} clips, {:.2f} clips/s, ETA {}, {} failed", p.done, p.total, rate,
                 Duration(eta), p.failed);
  }

 private:
  bool tty_;
  double last_s_ = 0.0;
};

core::Result<pipeline::DatasetOptions> MakeOptions(const GenerateArgs& a) {
  pipeline::DatasetOptions o;
  for (const std::string& s : a.specs) o.plan.specs.emplace_back(s);
  o.plan.clips = a.clips;
  o.plan.seed = a.seed;
  SYNTH4D_ASSIGN_OR_RETURN(o.plan.splits, pipeline::ParseSplits(a.split));
  o.plan.held_out_split = a.held_out_split;
  o.plan.shard_samples = a.shard_samples;
  o.workers = a.workers;
  o.part_index = a.shard_index;
  o.part_count = a.num_shards;
  o.templates_dir = a.templates;
  o.plan.contrast_pairs = a.contrast_pairs;
  o.clip.allow_glitches = a.allow_glitches;
  SYNTH4D_ASSIGN_OR_RETURN(o.clip.modalities, pipeline::ParseModalities(a.modalities));
  o.clip.render.msaa_samples = a.msaa;
  o.clip.render.shadows = !a.no_shadows;
  o.clip.video.crf = a.crf;
  o.clip.video.preset = a.preset;
  o.renderer_name = a.fake ? "fake" : a.renderer;
  if (o.renderer_name == "fake") {
    o.make_renderer = [] {
      return core::Result<std::unique_ptr<renderer::Renderer>>(renderer::CreateFakeRenderer());
    };
  } else {
    renderer::RendererParams params;
    params.device = a.device == "cpu"   ? renderer::DeviceChoice::kCpu
                    : a.device == "gpu" ? renderer::DeviceChoice::kGpu
                                        : renderer::DeviceChoice::kAuto;
    o.make_renderer = [params] { return renderer::CreateVulkanRenderer(params); };
    // lavapipe rasterizes with one thread per core by default; with several workers, each
    // worker's renderer gets one thread so workers do not oversubscribe the cores.
    if (a.workers > 1) setenv("LP_NUM_THREADS", "1", /*overwrite=*/0);
  }
  o.log = [](const std::string& message) { spdlog::warn("{}", message); };
  return o;
}

int Generate(const GenerateArgs& a) {
  auto options = MakeOptions(a);
  if (!options.ok()) return Fail(options.error());
  if (!a.only.empty()) {
    auto written = pipeline::RegenerateClip(*options, a.only, a.out);
    if (!written.ok()) return Fail(written.error());
    for (const std::string& key : *written) spdlog::info("{} -> {}/{}.*", key, a.out, key);
    return kExitOk;
  }
  auto reporter = std::make_shared<ProgressReporter>();
  options->progress = [reporter](const pipeline::DatasetProgress& p) { reporter->Report(p); };
  const auto start = std::chrono::steady_clock::now();
  auto summary = pipeline::GenerateDataset(*options, a.out);
  if (!summary.ok()) return Fail(summary.error());
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info(
      "{}: {} clips planned, {} made in {:.1f} s ({:.1f} clips/min), {} resumed; {} shards "
      "written, {} resumed; {} failed{}",
      a.out, summary->clips_planned, summary->clips_done, s,
      s > 0 ? 60.0 * summary->clips_done / s : 0.0, summary->clips_resumed, summary->shards_written,
      summary->shards_resumed, summary->failed,
      summary->failed > 0 ? " (failures.jsonl / manifest.json)" : "");
  return summary->failed == 0 ? kExitOk : kExitFailure;
}

void AddGenerate(CLI::App& app) {
  auto a = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Make a dataset: WebDataset shards, qa.json and metadata per split, manifest, card");
  cmd->option_defaults()->always_capture_default();
  cmd->add_option("specs", a->specs, "Scene spec files (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", a->out, "Dataset directory (resumed when it holds the same dataset)")
      ->required();
  cmd->add_option("--clips", a->clips, "Clips per spec (indices 0 .. N-1)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--workers", a->workers, "Worker threads, each with its own renderer and encoder")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", a->seed, "Dataset seed (default: each spec's clip.seed)");
  cmd->add_option("--split", a->split, "Split fractions, e.g. train=0.8,val=0.1,test=0.1");
  cmd->add_option("--held-out-split", a->held_out_split,
                  "Split that receives the clips matching a spec's dataset.held_out rules");
  cmd->add_option("--shard-samples", a->shard_samples, "Target samples (videos) per shard")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--shard-index", a->shard_index, "Cluster part i of --num-shards (0-based)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--num-shards", a->num_shards, "Cluster parts; join them with `synth4d merge`")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--only", a->only,
                  "Make only this clip (clip or sample key) into --out as <key>.<field> files");
  cmd->add_option("--renderer", a->renderer, "vulkan or fake")
      ->check(CLI::IsMember({"vulkan", "fake"}));
  cmd->add_flag("--fake-renderer", a->fake, "Same as --renderer fake (tests)");
  cmd->add_option("--device", a->device, "Vulkan device: auto, cpu (lavapipe) or gpu")
      ->check(CLI::IsMember({"auto", "cpu", "gpu"}));
  cmd->add_option("--msaa", a->msaa, "Antialiasing samples (1 or 4)")->check(CLI::IsMember({1, 4}));
  cmd->add_flag("--no-shadows", a->no_shadows, "Disable the shadow map");
  cmd->add_option("--crf", a->crf, "x264 constant rate factor (0-51)")->check(CLI::Range(0, 51));
  cmd->add_option("--preset", a->preset, "x264 preset (ultrafast ... veryslow)");
  cmd->add_flag("--allow-glitches", a->allow_glitches,
                "Keep clips whose simulation shows a glitch");
  cmd->add_option("--templates", a->templates, "Question template directory");
  cmd->add_flag("--contrast-pairs", a->contrast_pairs,
                "Also make each clip's mirrored twin and pair their questions (pair_id)");
  cmd->add_option("--modalities", a->modalities,
                  "Per-frame ground truth in each sample, comma-separated: rgb (the MP4, "
                  "required), depth, segmentation, flow, boxes, camera (docs/formats.md)")
      ->capture_default_str();
  cmd->callback([a] { Exit(Generate(*a)); });
}

void AddMerge(CLI::App& app) {
  auto parts = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Join the parts of a cluster run (generate --shard-index/--num-shards) into one dataset");
  cmd->add_option("parts", *parts, "Part directories")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--out", *out, "Merged dataset directory")->required();
  cmd->callback([parts, out] {
    std::vector<fs::path> dirs(parts->begin(), parts->end());
    auto merged = shard::MergeParts(dirs, *out);
    if (!merged.ok()) Exit(Fail(merged.error()));
    spdlog::info("{}: {} shards from {} parts, {} failed clips (failures.jsonl)", *out,
                 merged->shards.size(), dirs.size(), merged->failures.size());
  });
}

struct ExportArgs {
  std::string dataset;
  std::string out;
  std::string format;
  std::vector<std::string> splits;
  bool rationale = false;
  int frames = 0;
  bool balance_categories = false;
  int max_per_category = 0;
  bool include_test = false;
  std::string name = "synth4d";
};

int Export(const ExportArgs& a) {
  auto format = shard::ParseSftFormat(a.format);
  if (!format.ok()) return Fail(format.error());
  shard::ExportOptions o;
  o.format = *format;
  o.splits = a.splits;
  if (a.include_test && o.splits.empty()) {
    auto manifest = shard::ReadManifest(a.dataset);
    if (!manifest.ok()) return Fail(manifest.error());
    for (const shard::SplitRecord& s : manifest->config.splits) o.splits.push_back(s.name);
  }
  o.rationale = a.rationale;
  o.frames = a.frames;
  o.balance_categories = a.balance_categories;
  o.max_per_category = a.max_per_category;
  o.name = a.name;
  if (o.format == shard::SftFormat::kInternVl && o.frames == 0) {
    spdlog::warn("InternVL's trainer reads video files only through its internal storage client "
                 "(tcs_loader); without it every video record fails: use --frames N "
                 "(docs/datasets.md)");
  }
  auto summary = shard::ExportSft(a.dataset, a.out, o);
  if (!summary.ok()) return Fail(summary.error());
  std::string files;
  for (const std::string& f : summary->files) files += " " + f;
  spdlog::info("{}: {} records, {} videos, {} frames;{}", a.out, summary->records, summary->videos,
               summary->frames, files);
  return kExitOk;
}

void AddExport(CLI::App& app) {
  auto a = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write a dataset's questions as SFT training files (LLaVA, LLaMA-Factory, Qwen, InternVL)");
  cmd->option_defaults()->always_capture_default();
  cmd->add_option("dataset", a->dataset, "Dataset directory (generate or merge output)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--format", a->format, "llava, llamafactory, qwen or internvl")
      ->required()
      ->check(CLI::IsMember({"llava", "llamafactory", "qwen", "internvl"}));
  cmd->add_option("--out", a->out, "Output directory (annotations; media under videos/ or frames/)")
      ->required();
  cmd->add_flag("--rationale", a->rationale, "Answer with the rationale ending \"Answer: X.\"");
  cmd->add_option("--frames", a->frames,
                  "Sample N frames per question as JPEG files instead of videos")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--splits", a->splits,
                  "Splits to export (default: all but test and the held-out split)")
      ->delimiter(',');
  cmd->add_flag("--include-test", a->include_test, "Export every split, test included");
  cmd->add_flag("--balance-categories", a->balance_categories,
                "Keep as many questions of each category as the rarest category has");
  cmd->add_option("--max-per-category", a->max_per_category,
                  "At most N questions per category and split")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--name", a->name, "Dataset name in registry files");
  cmd->callback([a] { Exit(Export(*a)); });
}

void AddStats(CLI::App& app) {
  auto dataset = std::make_shared<std::string>();
  auto raw = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "stats",
      "Counts, answer distributions and blind baselines of a dataset (DIR/stats/*.json, *.png)");
  cmd->add_option("dataset", *dataset, "Dataset directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--raw", *raw,
                "Use every generated question (the shards' qa.json), before balancing");
  cmd->callback([dataset, raw] {
    auto stats = shard::DatasetStatistics(*dataset, *raw);
    if (!stats.ok()) Exit(Fail(stats.error()));
    std::printf("%s", shard::StatsReport(*stats).c_str());
    std::printf("written: %s/%s/stats.json and charts\n", dataset->c_str(),
                *raw ? "stats_raw" : "stats");
  });
}

}  // namespace

void AddDatasetCommands(CLI::App& app) {
  AddGenerate(app);
  AddMerge(app);
  AddExport(app);
  AddStats(app);
}

}  // namespace synth4d::cli
