// synth4d eval score | compare | run: score model replies, compare runs, ask live models.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "synth4d/core/file.h"
#include "synth4d/evaluator/benchmark.h"
#include "synth4d/evaluator/chat_client.h"
#include "synth4d/evaluator/compare.h"
#include "synth4d/evaluator/frames.h"
#include "synth4d/evaluator/judge.h"
#include "synth4d/evaluator/predictions.h"
#include "synth4d/evaluator/prompt.h"
#include "synth4d/evaluator/report.h"
#include "synth4d/evaluator/runner.h"
#include "synth4d/evaluator/score.h"
#include "synth4d/shard/unpack.h"

namespace synth4d::cli {

namespace {

namespace ev = synth4d::evaluator;

// Ends a subcommand callback: a non-zero code reaches main() as CLI::RuntimeError(code).
void Finish(int code) {
  if (code != kExitOk) throw CLI::RuntimeError(code);
}

int ExitFor(const core::Error& error) {
  spdlog::error("{}", error.ToString());
  return error.code == core::ErrorCode::kInvalidArgument || error.code == core::ErrorCode::kNotFound
             ? kExitBadInput
             : kExitFailure;
}

// Options shared by `score` and `run` for the optional judge.
struct JudgeOptions {
  std::string endpoint;
  std::string model = "gpt-4o-mini";
  std::string api_key_env = "OPENAI_API_KEY";
};

void AddJudgeOptions(CLI::App* cmd, JudgeOptions& o) {
  cmd->add_option("--judge", o.endpoint,
                  "OpenAI-compatible endpoint asked only about replies the rules cannot read");
  cmd->add_option("--judge-model", o.model, "judge model name")->capture_default_str();
  cmd->add_option("--judge-api-key-env", o.api_key_env,
                  "environment variable holding the judge's API key")
      ->capture_default_str();
}

std::string EnvOrEmpty(const std::string& name) {
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  return value == nullptr ? "" : value;
}

struct ScoreOptions {
  std::vector<std::string> benchmarks;
  std::vector<std::string> predictions;
  std::string format = "auto";
  std::string out;
  std::string model;
  JudgeOptions judge;
  ev::RunConfig config;  // recorded in results.json
};

int RunScore(const ScoreOptions& o) {
  if (o.benchmarks.size() != o.predictions.size()) {
    spdlog::error(
        "give one --predictions file per --benchmark file ({} benchmarks, {} predictions)",
        o.benchmarks.size(), o.predictions.size());
    return kExitBadInput;
  }
  const core::Result<ev::BenchmarkFormat> format = ev::ParseBenchmarkFormat(o.format);
  if (!format.ok()) return ExitFor(format.error());
  std::vector<ev::Benchmark> benchmarks;
  std::vector<ev::PredictionSet> sets;
  for (size_t i = 0; i < o.benchmarks.size(); ++i) {
    core::Result<ev::Benchmark> benchmark = ev::LoadBenchmark(o.benchmarks[i], *format);
    if (!benchmark.ok()) return ExitFor(benchmark.error());
    core::Result<ev::PredictionSet> set = ev::LoadPredictions(o.predictions[i]);
    if (!set.ok()) return ExitFor(set.error());
    benchmarks.push_back(std::move(benchmark).value());
    sets.push_back(std::move(set).value());
  }
  std::vector<ev::ScoreInput> inputs;
  for (size_t i = 0; i < benchmarks.size(); ++i) inputs.push_back({&benchmarks[i], &sets[i]});
  std::unique_ptr<ev::HttpTransport> transport;
  std::unique_ptr<ev::AnswerJudge> judge;
  ev::RunConfig config = o.config;
  if (!o.judge.endpoint.empty()) {
    transport = ev::MakeCurlTransport();
    judge = ev::MakeChatJudge(*transport,
                              {o.judge.endpoint, o.judge.model, EnvOrEmpty(o.judge.api_key_env)},
                              ev::RetryPolicy{});
    config["judge_endpoint"] = o.judge.endpoint;
    config["judge_model"] = o.judge.model;
  }
  ev::Scorecard card = ev::Score(inputs, judge.get());
  if (!o.model.empty()) card.model = o.model;
  const core::Status written = ev::WriteScoreReports(card, config, o.out);
  if (!written.ok()) return ExitFor(written.error());
  const ev::Interval ci = card.overall.Ci95();
  fmt::print("{}: accuracy {:.1f}% [{:.1f}, {:.1f}] on {} questions ({} invalid); wrote {}\n",
             card.model, card.overall.Accuracy(), ci.low, ci.high, card.overall.n,
             card.overall.invalid, o.out);
  for (const auto& [name, stats] : card.by_category) {
    fmt::print("  {:<24} {:6.1f}%  n={}\n", name, stats.Accuracy(), stats.n);
  }
  if (card.circular) fmt::print("  circular accuracy {:.1f}%\n", card.circular_overall.Accuracy());
  return kExitOk;
}

struct CompareOptions {
  std::vector<std::string> dirs;
  std::string out;
};

int RunCompare(const CompareOptions& o) {
  std::vector<std::filesystem::path> dirs(o.dirs.begin(), o.dirs.end());
  core::Result<std::vector<ev::LeaderboardRow>> rows = ev::LoadLeaderboard(dirs);
  if (!rows.ok()) return ExitFor(rows.error());
  const std::string table = ev::LeaderboardMarkdown(*rows);
  fmt::print("{}", table);
  if (!o.out.empty()) {
    const std::filesystem::path out(o.out);
    const core::Status md = core::WriteFileAtomic(out / "leaderboard.md", table);
    if (!md.ok()) return ExitFor(md.error());
    const core::Status js =
        core::WriteFileAtomic(out / "leaderboard.json", ev::LeaderboardJson(*rows));
    if (!js.ok()) return ExitFor(js.error());
  }
  return kExitOk;
}

struct RunCliOptions {
  std::string benchmark;
  std::string dataset;
  std::string split = "test";
  std::string format = "auto";
  std::string videos;
  std::string endpoint;
  std::string model;
  std::string api_key_env = "OPENAI_API_KEY";
  int frames = 16;
  double fps = 0.0;
  int max_frames = 0;
  std::string prompt = "cot";
  int concurrency = 8;
  bool circular = false;
  bool blind = false;
  std::string media = "images";
  std::string detail;
  int jpeg_quality = 85;
  int max_tokens = 1024;
  double temperature = 0.0;
  std::optional<int> seed;
  double timeout_s = 120.0;
  int max_attempts = 6;
  std::string out;
  JudgeOptions judge;
};

// Points a `--dataset DIR --split S` run at DIR/S/qa.json and at the split's videos, copied out
// of its shards into OUT/videos (once; a resumed run keeps the copies).
int UseDataset(RunCliOptions& o, const ev::Benchmark& benchmark) {
  std::set<std::string> names;
  for (const ev::McqItem& item : benchmark.items) names.insert(item.video);
  const std::filesystem::path videos = std::filesystem::path(o.out) / "videos";
  const core::Result<shard::UnpackSummary> unpacked =
      shard::UnpackMembers(o.dataset, o.split, names, videos);
  if (!unpacked.ok()) return ExitFor(unpacked.error());
  spdlog::info("{} videos of split {} copied out of the shards into {} ({} already there)",
               unpacked->written, o.split, videos.string(), unpacked->kept);
  o.videos = videos.string();
  return kExitOk;
}

int RunRun(RunCliOptions o) {
  if (o.benchmark.empty() == o.dataset.empty()) {
    spdlog::error("give either --benchmark FILE or --dataset DIR (with --split), not {}",
                  o.benchmark.empty() ? "neither" : "both");
    return kExitBadInput;
  }
  if (!o.dataset.empty()) {
    if (!o.videos.empty()) {
      spdlog::error("--videos is not used with --dataset (videos come from the dataset's shards)");
      return kExitBadInput;
    }
    o.benchmark = (std::filesystem::path(o.dataset) / o.split / "qa.json").string();
    o.format = "synth4d";
  }
  const core::Result<ev::BenchmarkFormat> format = ev::ParseBenchmarkFormat(o.format);
  if (!format.ok()) return ExitFor(format.error());
  core::Result<ev::Benchmark> benchmark = ev::LoadBenchmark(o.benchmark, *format);
  if (!benchmark.ok()) return ExitFor(benchmark.error());
  core::Result<ev::PromptTemplate> prompt = ev::LoadPrompt(o.prompt);
  if (!prompt.ok()) return ExitFor(prompt.error());
  if (!o.dataset.empty() && !o.blind) {
    const int code = UseDataset(o, *benchmark);
    if (code != kExitOk) return code;
  }
  if (!o.blind && o.videos.empty()) {
    spdlog::error("--videos DIR (or --dataset DIR) is required unless --blind");
    return kExitBadInput;
  }
  if (o.media != "images" && o.media != "video-url") {
    spdlog::error("--media must be images or video-url, not `{}`", o.media);
    return kExitBadInput;
  }
  ev::RunOptions run;
  run.videos_dir = o.videos;
  run.out_dir = o.out;
  run.endpoint = {o.endpoint, o.model, EnvOrEmpty(o.api_key_env)};
  run.prompt = *prompt;
  run.sampling = {o.frames, o.fps, o.max_frames};
  run.media = o.media == "images" ? ev::MediaMode::kImages : ev::MediaMode::kVideoUrl;
  run.image_detail = o.detail;
  run.jpeg_quality = o.jpeg_quality;
  run.concurrency = o.concurrency;
  run.circular = o.circular;
  run.blind = o.blind;
  run.max_tokens = o.max_tokens;
  run.temperature = o.temperature;
  run.seed = o.seed;
  run.retry.timeout_s = o.timeout_s;
  run.retry.max_attempts = o.max_attempts;
  std::unique_ptr<ev::FrameSource> frames;
  if (!o.blind) {
    core::Result<std::unique_ptr<ev::FrameSource>> source = ev::MakeVideoFrameSource();
    if (!source.ok()) return ExitFor(source.error());
    frames = std::move(source).value();
  }
  const std::unique_ptr<ev::HttpTransport> transport = ev::MakeCurlTransport();
  const core::Result<ev::RunSummary> summary =
      ev::RunModel(*benchmark, run, *transport, frames.get());
  if (!summary.ok()) return ExitFor(summary.error());
  spdlog::info("{} questions: {} asked now, {} from the cache, {} failed", summary->tasks,
               summary->asked, summary->reused, summary->failed);

  ScoreOptions score;
  score.benchmarks = {o.benchmark};
  score.predictions = {summary->predictions_path.string()};
  score.format = o.format;
  score.out = o.out;
  score.model = o.model;
  score.judge = o.judge;
  score.config = {{"endpoint", o.endpoint},
                  {"model", o.model},
                  {"api_key_env", o.api_key_env},
                  {"prompt", prompt->name},
                  {"frames", o.fps > 0 ? "" : std::to_string(o.frames)},
                  {"fps", o.fps > 0 ? fmt::format("{}", o.fps) : ""},
                  {"max_frames", std::to_string(o.max_frames)},
                  {"media", o.media},
                  {"circular", o.circular ? "true" : "false"},
                  {"blind", o.blind ? "true" : "false"},
                  {"max_tokens", std::to_string(o.max_tokens)},
                  {"temperature", fmt::format("{}", o.temperature)},
                  {"request_key", summary->request_key}};
  std::erase_if(score.config, [](const auto& entry) { return entry.second.empty(); });
  const int code = RunScore(score);
  if (code != kExitOk) return code;
  return summary->failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void AddEvalCommand(CLI::App& app) {
  CLI::App* eval = app.add_subcommand("eval", "score model replies, compare runs, ask live models");
  eval->require_subcommand(1);

  auto score = std::make_shared<ScoreOptions>();
  CLI::App* s = eval->add_subcommand("score", "score predictions against a benchmark");
  s->add_option("--benchmark", score->benchmarks,
                "qa.json / qa.jsonl, or VLM4D real_mc.json / synthetic_mc.json (repeatable)")
      ->required();
  s->add_option("--predictions", score->predictions,
                "JSONL or JSON array of {id, response[, rotation, model]}, one per --benchmark")
      ->required();
  s->add_option("--out", score->out, "output directory")->required();
  s->add_option("--benchmark-format", score->format, "auto, synth4d, vlm4d-real or vlm4d-synthetic")
      ->capture_default_str();
  s->add_option("--model", score->model, "model name for the reports (default: from the files)");
  AddJudgeOptions(s, score->judge);
  s->callback([score] { Finish(RunScore(*score)); });

  auto compare = std::make_shared<CompareOptions>();
  CLI::App* c = eval->add_subcommand("compare", "leaderboard of several score/run directories");
  c->add_option("dirs", compare->dirs, "directories holding results.json")->required();
  c->add_option("--out", compare->out, "also write leaderboard.md and leaderboard.json here");
  c->callback([compare] { Finish(RunCompare(*compare)); });

  auto run = std::make_shared<RunCliOptions>();
  CLI::App* r = eval->add_subcommand("run", "ask an OpenAI-compatible model, then score");
  r->add_option("--benchmark", run->benchmark, "qa.json / qa.jsonl or a VLM4D file");
  r->add_option("--dataset", run->dataset,
                "a synth4d dataset: asks about --split, videos read from its shards");
  r->add_option("--split", run->split, "the split of --dataset")->capture_default_str();
  r->add_option("--benchmark-format", run->format, "auto, synth4d, vlm4d-real, vlm4d-synthetic")
      ->capture_default_str();
  r->add_option("--videos", run->videos, "directory the benchmark's video paths are relative to");
  r->add_option("--endpoint", run->endpoint, "base URL, e.g. http://localhost:8000/v1")->required();
  r->add_option("--model", run->model, "model name sent to the endpoint")->required();
  r->add_option("--api-key-env", run->api_key_env, "environment variable holding the API key")
      ->capture_default_str();
  CLI::Option* frames_opt =
      r->add_option("--frames", run->frames, "frames sampled uniformly over the whole video")
          ->capture_default_str()
          ->check(CLI::Range(1, 512));
  CLI::Option* fps_opt = r->add_option("--fps", run->fps, "sample at this rate instead of --frames")
                             ->check(CLI::PositiveNumber);
  frames_opt->excludes(fps_opt);
  r->add_option("--max-frames", run->max_frames,
                "with --fps: at most this many frames (0: no cap)");
  r->add_option("--prompt", run->prompt, "cot, direct, or a template file ({question} {options})")
      ->capture_default_str();
  r->add_option("--concurrency", run->concurrency, "requests in flight")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  r->add_flag("--circular", run->circular, "ask once per rotation of the options");
  r->add_flag("--blind", run->blind, "send no frames (what the text alone gives away)");
  r->add_option("--media", run->media, "images (one image_url per frame) or video-url (vLLM)")
      ->capture_default_str();
  r->add_option("--detail", run->detail, "image_url detail: low, high or auto (default: omitted)");
  r->add_option("--jpeg-quality", run->jpeg_quality, "JPEG quality of the frames")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  r->add_option("--max-tokens", run->max_tokens, "max_tokens per reply")->capture_default_str();
  r->add_option("--temperature", run->temperature, "sampling temperature")->capture_default_str();
  r->add_option("--seed", run->seed, "seed sent with each request");
  r->add_option("--timeout", run->timeout_s, "seconds per HTTP attempt")->capture_default_str();
  r->add_option("--max-attempts", run->max_attempts, "HTTP attempts per question (first included)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  r->add_option("--out", run->out, "output directory (cache, predictions, reports)")->required();
  AddJudgeOptions(r, run->judge);
  r->callback([run] { Finish(RunRun(*run)); });
}

}  // namespace synth4d::cli
