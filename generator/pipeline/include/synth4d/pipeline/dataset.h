#pragma once
// `synth4d generate`: a dataset of WebDataset shards from scene specs, made by parallel workers,
// crash-safe and resumable, identical whatever the worker count or cluster partition
// (docs/datasets.md). Clips are simulated, rendered and asked about by RunClip and qa::GenerateQa;
// this layer plans, schedules, packs shards, records failures and resumes.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/pipeline/clip.h"
#include "synth4d/pipeline/dataset_plan.h"
#include "synth4d/qa/balance.h"
#include "synth4d/qa/generate.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::pipeline {

// Makes one worker's renderer; called once on each worker thread.
using RendererFactory = std::function<core::Result<std::unique_ptr<renderer::Renderer>>()>;

// Where a run stands; `done` and `failed` count clips of this run (resumed shards excluded).
struct DatasetProgress {
  int done = 0;
  int failed = 0;
  int total = 0;
  double elapsed_s = 0.0;
};

struct DatasetOptions {
  PlanOptions plan;
  int workers = 1;            // worker threads, each with its own renderer and encoder
  int part_index = 0;         // cluster part i of part_count: makes the shards j of the
  int part_count = 1;         // layout with j mod part_count == part_index
  std::string renderer_name;  // recorded in the manifest ("vulkan", "fake")
  RendererFactory make_renderer;
  ClipOptions clip;
  std::filesystem::path templates_dir = "qa_templates";
  qa::QaOptions qa;  // `video` is set per sample ("<key>.mp4")
  qa::BalanceOptions balance;
  std::function<void(const DatasetProgress&)> progress;  // after each clip (serialised)
  std::function<void(const std::string&)> log;           // notable events (serialised)
};

struct DatasetSummary {
  int clips_planned = 0;  // clips of this part's shards
  int clips_resumed = 0;  // in shards already complete, skipped
  int clips_done = 0;     // made by this run (including failures)
  int failed = 0;         // failures recorded in the manifest (all stages)
  int shards_written = 0;
  int shards_resumed = 0;
  bool finalized = false;  // qa.json, metadata, card written (whole datasets)
};

// Generates (or resumes) the dataset in `out`. Fails with kInvalidArgument when `out` holds
// another configuration's manifest or is locked by another run, and with the error of a renderer
// that cannot be created or a shard that cannot be written; a failing clip is recorded and the
// run goes on.
core::Result<DatasetSummary> GenerateDataset(const DatasetOptions& options,
                                             const std::filesystem::path& out);

// Makes the clip named by `key` (clip or sample key) alone, writing each of its samples' members
// as files "<sample key>.<field>" in `out`, byte-identical to the members in the dataset's shards.
// Returns the sample keys written. kNotFound when no spec/index matches the key.
core::Result<std::vector<std::string>> RegenerateClip(const DatasetOptions& options,
                                                      const std::string& key,
                                                      const std::filesystem::path& out);

}  // namespace synth4d::pipeline
