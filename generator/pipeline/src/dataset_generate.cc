// The batch loop of `synth4d generate`: plan, resume, workers, in-order shard packing.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "internal_dataset.h"
#include "synth4d/core/crash_point.h"
#include "synth4d/core/file.h"
#include "synth4d/core/version.h"
#include "synth4d/pipeline/dataset.h"
#include "synth4d/qa/contrast.h"
#include "synth4d/shard/finalize.h"
#include "synth4d/shard/merge.h"
#include "synth4d/shard/sha256.h"
#include "synth4d/shard/webdataset.h"

namespace synth4d::pipeline {
namespace {

namespace fs = std::filesystem;
using internal::StagedSample;

std::string Number(double x) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", x);
  return text;
}

// Which clips have mirrored twins: "true" (all), "false" (none), or the keys of the specs whose
// clips have them ("a,c").
std::string ContrastPairs(const DatasetPlan& plan) {
  std::string keys;
  for (size_t s = 0; s < plan.spec_keys.size(); ++s) {
    if (plan.contrast_pairs[s]) keys += (keys.empty() ? "" : ",") + plan.spec_keys[s];
  }
  const auto count = std::count(plan.contrast_pairs.begin(), plan.contrast_pairs.end(), true);
  if (count == 0) return "false";
  return static_cast<size_t>(count) == plan.spec_keys.size() ? "true" : keys;
}

// "rgb" and the dense modalities, as --modalities spells them.
std::string ModalityList(const Modalities& m) {
  std::string list = "rgb";
  for (const std::string& field : m.Fields()) list += "," + field.substr(0, field.find('.'));
  return list;
}

// The configuration recorded in the manifest: everything that decides the dataset's bytes.
core::Result<shard::DatasetConfig> MakeConfig(const DatasetOptions& o, const DatasetPlan& plan) {
  shard::DatasetConfig c;
  for (size_t s = 0; s < o.plan.specs.size(); ++s) {
    SYNTH4D_ASSIGN_OR_RETURN(std::string sha, shard::Sha256File(o.plan.specs[s]));
    shard::SpecRecord record{
        plan.spec_keys[s], o.plan.specs[s].string(), sha, plan.dataset_seeds[s], o.plan.clips, {}};
    for (const spec::HeldOutRule& rule : plan.held_out[s]) record.held_out.push_back(rule.text);
    c.specs.push_back(std::move(record));
  }
  for (const SplitSpec& s : o.plan.splits) c.splits.push_back({s.name, s.fraction});
  c.held_out_split = o.plan.held_out_split;
  c.shard_samples = o.plan.shard_samples;
  c.renderer = o.renderer_name;
  c.settings = {{"allow_glitches", o.clip.allow_glitches ? "true" : "false"},
                {"crf", std::to_string(o.clip.video.crf)},
                {"modalities", ModalityList(o.clip.modalities)},
                {"msaa", std::to_string(o.clip.render.msaa_samples)},
                {"preset", o.clip.video.preset},
                {"qa_absent_distractor_rate", Number(o.qa.absent_distractor_rate)},
                {"qa_contrast_pairs", ContrastPairs(plan)},
                {"qa_false_premise_rate", Number(o.qa.false_premise_rate)},
                {"qa_max_frames", std::to_string(o.qa.max_frames)},
                {"qa_num_options", std::to_string(o.qa.num_options)},
                {"shadows", o.clip.render.shadows ? "true" : "false"}};
  SYNTH4D_ASSIGN_OR_RETURN(c.templates_sha256, internal::TemplatesSha256(o.templates_dir));
  c.balance = o.balance;
  return c;
}

// An exclusive lock on DIR/.lock for the life of the run. The kernel releases it when the process
// ends, however it ends, so the lock a killed run leaves behind never blocks the next one.
class DirLock {
 public:
  static core::Result<std::unique_ptr<DirLock>> Acquire(const fs::path& dir) {
    const fs::path path = dir / ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return core::MakeError(core::ErrorCode::kIo,
                             path.string() + ": cannot open: " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char holder[32] = {};
      [[maybe_unused]] const ssize_t n = ::pread(fd, holder, sizeof(holder) - 1, 0);
      ::close(fd);
      return core::InvalidArgument(dir.string() + ": another synth4d run (pid " +
                                   std::string(holder[0] != 0 ? holder : "?") +
                                   ") is writing this directory; wait for it or stop it");
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
      ::close(fd);
      return core::MakeError(core::ErrorCode::kIo,
                             path.string() + ": cannot write: " + std::strerror(errno));
    }
    return std::make_unique<DirLock>(fd);
  }
  explicit DirLock(int fd) : fd_(fd) {}
  ~DirLock() { ::close(fd_); }

 private:
  int fd_;
};

shard::FailureRecord Failure(const DatasetPlan& plan, const PlannedClip& clip,
                             const std::string& stage, const core::Error& error) {
  return {clip.key,
          plan.spec_keys[static_cast<size_t>(clip.spec)],
          clip.index,
          stage,
          core::ErrorCodeName(error.code),
          error.ToString()};
}

class Run {
 public:
  Run(const DatasetOptions& options, fs::path out) : o_(options), out_(std::move(out)) {}

  core::Result<DatasetSummary> Execute() {
    PlanOptions plan_options = o_.plan;
    plan_options.threads = o_.workers;
    SYNTH4D_ASSIGN_OR_RETURN(plan_, PlanDataset(plan_options));
    SYNTH4D_ASSIGN_OR_RETURN(qa_.templates, qa::LoadTemplates(o_.templates_dir));
    qa_.options = o_.qa;
    qa_.contrast_pairs = o_.plan.contrast_pairs;
    clip_options_ = o_.clip;
    clip_options_.qa = &qa_;
    SYNTH4D_ASSIGN_OR_RETURN(shard::DatasetConfig config, MakeConfig(o_, plan_));
    for (const fs::path& spec : o_.plan.specs) {
      SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(spec));
      spec_texts_.push_back(std::move(text));
    }
    std::error_code ec;
    fs::create_directories(out_, ec);
    if (ec) return core::MakeError(core::ErrorCode::kIo, out_.string() + ": " + ec.message());
    SYNTH4D_ASSIGN_OR_RETURN(std::unique_ptr<DirLock> lock, DirLock::Acquire(out_));
    core::RemoveTemporaries(out_, {".staging"});
    SYNTH4D_RETURN_IF_ERROR(OpenManifest(std::move(config)));
    PrepareJobs();
    SYNTH4D_RETURN_IF_ERROR(shard::WriteManifest(out_, manifest_));
    core::CrashPoint("dataset.planned");
    RunWorkers();
    if (fatal_) return *fatal_;
    for (const PlannedClip& clip : plan_.clips) {
      if (clip.error) AddFailure(Failure(plan_, clip, "sampling", *clip.error));
    }
    summary_.failed = static_cast<int>(manifest_.failures.size());
    std::error_code ignored;
    fs::remove_all(stage_, ignored);
    if (manifest_.part) {
      manifest_.complete = true;
      SYNTH4D_RETURN_IF_ERROR(shard::WriteManifest(out_, manifest_));
    } else {
      SYNTH4D_RETURN_IF_ERROR(shard::FinalizeDataset(out_, manifest_));
      summary_.finalized = true;
    }
    core::CrashPoint("dataset.finalized");
    fs::remove(out_ / ".lock", ignored);  // a finished directory holds only the dataset
    return summary_;
  }

 private:
  struct OpenShard {
    int plan_shard = 0;
    size_t next = 0;  // position in the shard's clip list
    std::optional<shard::ShardWriter> writer;
    shard::ShardRecord record;
  };
  struct ClipResult {
    bool done = false;
    std::vector<StagedSample> samples;
    std::optional<shard::FailureRecord> failure;
    std::optional<core::Error> io_error;  // the error of a kIo failure, as it was
  };

  bool Mine(int plan_shard) const { return plan_shard % o_.part_count == o_.part_index; }

  void Log(const std::string& message) {
    if (o_.log) o_.log(message);
  }

  // Reads an existing manifest (same config, layout and part, else an error) and keeps the shards
  // that are still intact; or starts a new one.
  core::Status OpenManifest(shard::DatasetConfig config) {
    manifest_.synth4d_version = core::kVersion;
    manifest_.config = std::move(config);
    if (o_.part_count > 1) manifest_.part = std::make_pair(o_.part_index, o_.part_count);
    for (const PlannedShard& s : plan_.shards) manifest_.layout.push_back(s.name);
    auto existing = shard::ReadManifest(out_);
    if (!existing.ok()) {
      if (existing.error().code == core::ErrorCode::kNotFound) return core::Ok();
      return existing.error();
    }
    if (shard::ConfigToJson(existing->config) != shard::ConfigToJson(manifest_.config) ||
        existing->layout != manifest_.layout || existing->part != manifest_.part ||
        existing->synth4d_version != manifest_.synth4d_version) {
      return core::InvalidArgument(
          out_.string() +
          " holds a dataset made with other specs, options, part or synth4d version; "
          "use another --out (or delete it)");
    }
    for (const shard::ShardRecord& record : existing->shards) {
      core::Status intact = MatchesPlan(record, existing->failures);
      if (intact.ok()) intact = shard::VerifyShard(out_, record);
      if (!intact.ok()) {
        Log("redoing " + record.name + ": " + intact.error().message);
        continue;
      }
      manifest_.shards.push_back(record);
      for (const shard::FailureRecord& f : existing->failures) {
        if (std::find(record.failed.begin(), record.failed.end(), f.key) != record.failed.end()) {
          manifest_.failures.push_back(f);
        }
      }
    }
    return core::Ok();
  }

  // The sample keys a shard holds by the plan, in order, when the clips in `failed` failed.
  std::vector<std::string> PlannedKeys(const PlannedShard& shard,
                                       const std::vector<std::string>& failed) const {
    std::vector<std::string> keys;
    for (int c : shard.clips) {
      const PlannedClip& clip = plan_.clips[static_cast<size_t>(c)];
      if (std::find(failed.begin(), failed.end(), clip.key) != failed.end()) continue;
      keys.insert(keys.end(), clip.sample_keys.begin(), clip.sample_keys.end());
    }
    return keys;
  }

  // A resumed shard's record agrees with the plan: a shard of the layout in its split, with its
  // clips, only planned clips failed (each with its failure recorded) and the others' samples.
  core::Status MatchesPlan(const shard::ShardRecord& record,
                           const std::vector<shard::FailureRecord>& failures) const {
    const size_t s = LayoutIndex(record.name);
    if (s >= plan_.shards.size() || !Mine(static_cast<int>(s))) {
      return core::InvalidArgument(record.name + " is not a shard of this plan");
    }
    const PlannedShard& planned = plan_.shards[s];
    if (record.split != planned.split || record.clips != static_cast<int>(planned.clips.size())) {
      return core::InvalidArgument("the manifest gives " + std::to_string(record.clips) +
                                   " clips in split " + record.split + ", the plan " +
                                   std::to_string(planned.clips.size()) + " in " + planned.split);
    }
    for (const std::string& key : record.failed) {
      const bool planned_clip = std::any_of(planned.clips.begin(), planned.clips.end(), [&](int c) {
        return plan_.clips[static_cast<size_t>(c)].key == key;
      });
      const bool recorded = std::any_of(failures.begin(), failures.end(),
                                        [&](const shard::FailureRecord& f) { return f.key == key; });
      if (!planned_clip || !recorded) {
        return core::InvalidArgument("failed clip " + key + " is not planned here or not recorded");
      }
    }
    const std::vector<std::string> keys = PlannedKeys(planned, record.failed);
    if (record.keys != keys) {
      return core::InvalidArgument("holds " + std::to_string(record.keys.size()) +
                                   " samples, the plan " + std::to_string(keys.size()) +
                                   " (or other keys)");
    }
    return core::Ok();
  }

  // Lists the clips to make (those of this part's unwritten shards, in layout order) and removes
  // staged clips nobody needs any more.
  void PrepareJobs() {
    stage_ = out_ / ".staging";
    std::map<std::string, bool> wanted;
    results_.resize(plan_.clips.size());
    for (size_t s = 0; s < plan_.shards.size(); ++s) {
      const PlannedShard& shard = plan_.shards[s];
      if (!Mine(static_cast<int>(s))) continue;
      summary_.clips_planned += static_cast<int>(shard.clips.size());
      if (manifest_.FindShard(shard.name) != nullptr) {
        ++summary_.shards_resumed;
        summary_.clips_resumed += static_cast<int>(shard.clips.size());
        continue;
      }
      OpenShard open;
      open.plan_shard = static_cast<int>(s);
      open.record.name = shard.name;
      open.record.split = shard.split;
      open_.push_back(std::move(open));
      for (int c : shard.clips) {
        jobs_.push_back(c);
        wanted[plan_.clips[static_cast<size_t>(c)].key] = true;
      }
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(stage_, ec)) {
      if (!wanted.count(entry.path().filename().string())) fs::remove_all(entry.path(), ec);
    }
    progress_.total = static_cast<int>(jobs_.size());
  }

  void RunWorkers() {
    start_ = std::chrono::steady_clock::now();
    const int n = std::max(1, std::min(o_.workers, static_cast<int>(jobs_.size())));
    std::vector<std::thread> threads;
    for (int w = 0; w < n && !jobs_.empty(); ++w) threads.emplace_back([this] { Work(); });
    for (std::thread& t : threads) t.join();
    if (!fatal_ && !open_.empty()) {
      std::lock_guard<std::mutex> lock(mutex_);
      Advance();
    }
  }

  void Work() {
    auto made = o_.make_renderer();
    if (!made.ok()) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!fatal_) fatal_ = made.error();
      return;
    }
    std::unique_ptr<renderer::Renderer> renderer = std::move(made).value();
    while (true) {
      const size_t j = next_job_.fetch_add(1);
      if (j >= jobs_.size() || stop_.load()) return;
      const int c = jobs_[j];
      ClipResult result = MakeOne(plan_.clips[static_cast<size_t>(c)], renderer.get());
      if (result.failure && result.failure->stage == "clip") {
        // A failed render may leave the device unusable (lost device): start from a fresh one.
        renderer.reset();
        made = o_.make_renderer();
        if (!made.ok()) {
          std::lock_guard<std::mutex> lock(mutex_);
          return Fatal(made.error());
        }
        renderer = std::move(made).value();
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (result.failure && result.failure->code == core::ErrorCodeName(core::ErrorCode::kIo)) {
        // An output that cannot be written (disk full, read-only) is not the clip's fault: stop,
        // so that a later run with space makes the clip instead of recording it as failed.
        return Fatal(result.io_error.value_or(core::MakeError(core::ErrorCode::kIo,
                                                              result.failure->error)));
      }
      result.done = true;
      ++progress_.done;
      if (result.failure) {
        ++progress_.failed;
        Log(result.failure->key + " failed (" + result.failure->stage +
            "): " + result.failure->error);
      }
      results_[static_cast<size_t>(c)] = std::move(result);
      progress_.elapsed_s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      if (o_.progress) o_.progress(progress_);
      Advance();
    }
  }

  ClipResult MakeOne(const PlannedClip& clip, renderer::Renderer* renderer) {
    ClipResult result;
    const fs::path dir = stage_ / clip.key;
    if (auto staged = internal::ReadStagedClip(dir)) {
      result.samples = std::move(*staged);
      return result;
    }
    const size_t s = static_cast<size_t>(clip.spec);
    auto scene =
        internal::ResolveClip(spec_texts_[s], o_.plan.specs[s], o_.plan.seed, clip.index, {});
    if (!scene.ok()) {
      result.failure = Failure(plan_, clip, "sampling", scene.error());
      return result;
    }
    internal::ClipFailure failure;
    auto samples = internal::MakeClip(*scene, clip_options_, renderer, dir, &failure);
    if (!samples) {
      result.failure = Failure(plan_, clip, failure.stage, failure.error);
      if (failure.error.code == core::ErrorCode::kIo) result.io_error = failure.error;
    } else {
      result.samples = std::move(*samples);
    }
    return result;
  }

  // Packs every finished clip that is next in its shard; finishes complete shards. Holds mutex_.
  void Advance() {
    while (!open_.empty() && !fatal_) {
      OpenShard& open = open_.front();
      const PlannedShard& planned = plan_.shards[static_cast<size_t>(open.plan_shard)];
      while (open.next < planned.clips.size()) {
        const int c = planned.clips[open.next];
        const ClipResult& result = results_[static_cast<size_t>(c)];
        if (!result.done) return;
        const core::Status packed = Pack(open, plan_.clips[static_cast<size_t>(c)], result);
        if (!packed.ok()) return Fatal(packed.error());
        ++open.next;
      }
      const core::Status finished = FinishShard(open);
      if (!finished.ok()) return Fatal(finished.error());
      open_.pop_front();
    }
  }

  core::Status Pack(OpenShard& open, const PlannedClip& clip, const ClipResult& result) {
    if (!open.writer) {
      SYNTH4D_ASSIGN_OR_RETURN(shard::ShardWriter writer,
                               shard::ShardWriter::Create(out_ / open.record.name));
      open.writer = std::move(writer);
    }
    if (result.failure) {
      open.record.failed.push_back(clip.key);
      AddFailure(*result.failure);
      return core::Ok();
    }
    for (const StagedSample& sample : result.samples) {
      std::vector<shard::SampleField> fields;
      for (const std::string& field : sample.fields) {
        fields.push_back({field, "", stage_ / clip.key / (sample.key + "." + field)});
      }
      SYNTH4D_RETURN_IF_ERROR(open.writer->AddSample(sample.key, std::move(fields)));
    }
    ++open.record.clips;
    return core::Ok();
  }

  core::Status FinishShard(OpenShard& open) {
    if (!open.writer) {
      SYNTH4D_ASSIGN_OR_RETURN(shard::ShardWriter writer,
                               shard::ShardWriter::Create(out_ / open.record.name));
      open.writer = std::move(writer);
    }
    const std::vector<std::string> planned =
        PlannedKeys(plan_.shards[static_cast<size_t>(open.plan_shard)], open.record.failed);
    if (open.writer->keys() != planned) {
      return core::MakeError(core::ErrorCode::kInternal,
                             open.record.name + ": packed " +
                                 std::to_string(open.writer->keys().size()) +
                                 " samples where the plan has " + std::to_string(planned.size()) +
                                 "; not writing an incomplete shard");
    }
    SYNTH4D_ASSIGN_OR_RETURN(shard::ShardSummary summary, open.writer->Finish());
    open.record.bytes = summary.bytes;
    open.record.sha256 = summary.sha256;
    open.record.keys = summary.keys;
    manifest_.shards.push_back(open.record);
    std::sort(manifest_.shards.begin(), manifest_.shards.end(),
              [this](const shard::ShardRecord& a, const shard::ShardRecord& b) {
                return LayoutIndex(a.name) < LayoutIndex(b.name);
              });
    SYNTH4D_RETURN_IF_ERROR(shard::WriteManifest(out_, manifest_));
    core::CrashPoint("shard.recorded");
    ++summary_.shards_written;
    std::error_code ec;
    for (int c : plan_.shards[static_cast<size_t>(open.plan_shard)].clips) {
      fs::remove_all(stage_ / plan_.clips[static_cast<size_t>(c)].key, ec);
      ++summary_.clips_done;
    }
    return core::Ok();
  }

  size_t LayoutIndex(const std::string& name) const {
    return static_cast<size_t>(std::find(manifest_.layout.begin(), manifest_.layout.end(), name) -
                               manifest_.layout.begin());
  }

  void AddFailure(shard::FailureRecord failure) {
    for (const shard::FailureRecord& f : manifest_.failures) {
      if (f.key == failure.key) return;
    }
    manifest_.failures.push_back(std::move(failure));
    std::sort(
        manifest_.failures.begin(), manifest_.failures.end(),
        [](const shard::FailureRecord& a, const shard::FailureRecord& b) { return a.key < b.key; });
  }

  void Fatal(core::Error error) {
    if (!fatal_) fatal_ = std::move(error);
    stop_ = true;
  }

  const DatasetOptions& o_;
  fs::path out_;
  fs::path stage_;
  DatasetPlan plan_;
  QaConfig qa_;
  ClipOptions clip_options_;  // o_.clip with qa_
  std::vector<std::string> spec_texts_;
  shard::Manifest manifest_;
  std::vector<int> jobs_;
  std::atomic<size_t> next_job_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<ClipResult> results_;
  std::deque<OpenShard> open_;
  std::optional<core::Error> fatal_;
  DatasetProgress progress_;
  DatasetSummary summary_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

core::Result<DatasetSummary> GenerateDataset(const DatasetOptions& options, const fs::path& out) {
  if (options.part_count < 1 || options.part_index < 0 ||
      options.part_index >= options.part_count) {
    return core::InvalidArgument("--shard-index must be in [0, --num-shards)");
  }
  if (options.workers < 1) return core::InvalidArgument("--workers must be at least 1");
  if (!options.make_renderer) return core::InvalidArgument("no renderer factory");
  Run run(options, out);
  return run.Execute();
}

core::Result<std::vector<std::string>> RegenerateClip(const DatasetOptions& options,
                                                      const std::string& key, const fs::path& out) {
  std::vector<std::string> spec_keys;
  for (const fs::path& spec : options.plan.specs) spec_keys.push_back(spec.stem().string());
  // A twin's key is "<spec>-mirror_<index>[_<camera>]": its clip is the original's (unless a
  // spec's own key ends in "-mirror").
  const size_t mirror = key.find("-mirror_");
  std::string original = key;
  std::optional<std::pair<int, int>> named;
  if (mirror != std::string::npos) {
    original = key.substr(0, mirror) + key.substr(mirror + 7);
    named = ParseClipKey(original, spec_keys);
  }
  const bool twin = named.has_value();
  if (!twin) {
    original = key;
    named = ParseClipKey(original, spec_keys);
  }
  if (!named || named->second >= options.plan.clips) {
    return core::MakeError(
        core::ErrorCode::kNotFound,
        "--only " + key + ": no clip of the given specs and --clips has this key");
  }
  const fs::path& spec_path = options.plan.specs[static_cast<size_t>(named->first)];
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(spec_path));
  SYNTH4D_ASSIGN_OR_RETURN(
      spec::ResolvedScene scene,
      internal::ResolveClip(text, spec_path, options.plan.seed, named->second, {}));
  if (twin && !qa::MakesTwin(scene, options.plan.contrast_pairs)) {
    return core::MakeError(core::ErrorCode::kNotFound,
                           "--only " + key +
                               ": a contrast twin, but its spec has no qa.contrast_pairs and "
                               "--contrast-pairs is not given");
  }
  QaConfig qa{{}, options.qa, options.plan.contrast_pairs};
  SYNTH4D_ASSIGN_OR_RETURN(qa.templates, qa::LoadTemplates(options.templates_dir));
  ClipOptions clip_options = options.clip;
  clip_options.qa = &qa;
  SYNTH4D_ASSIGN_OR_RETURN(std::unique_ptr<renderer::Renderer> renderer, options.make_renderer());
  std::error_code ec;
  fs::create_directories(out, ec);
  const fs::path dir = core::TempPathFor(
      out / SceneClipKey(spec_keys[static_cast<size_t>(named->first)], named->second));
  internal::ClipFailure failure;
  auto samples = internal::MakeClip(scene, clip_options, renderer.get(), dir, &failure);
  if (!samples) return failure.error;
  std::vector<std::string> written;
  core::Status status = core::Ok();
  // A clip key names all its cameras' samples (the twin's clip key, the twin's).
  const bool clip_key =
      original == SceneClipKey(spec_keys[static_cast<size_t>(named->first)], named->second);
  for (const StagedSample& sample : *samples) {
    if (sample.key != key && !(clip_key && sample.key.rfind(key + "_", 0) == 0)) continue;
    for (const std::string& field : sample.fields) {
      const std::string name = sample.key + "." + field;
      fs::rename(dir / name, out / name, ec);
      if (ec && status.ok())
        status = core::MakeError(core::ErrorCode::kIo, (out / name).string() + ": " + ec.message());
    }
    written.push_back(sample.key);
  }
  fs::remove_all(dir, ec);
  if (!status.ok()) return status.error();
  if (written.empty())
    return core::MakeError(core::ErrorCode::kNotFound,
                           "--only " + key + ": no camera has this key");
  return written;
}

}  // namespace synth4d::pipeline
