#pragma once
// `eval run`: asks an OpenAI-compatible model every question of a benchmark (once per rotation
// with circular evaluation), with frames sampled from each video, a concurrency limit, retries,
// and an append-only response cache so an interrupted run resumes without asking again.
#include <filesystem>
#include <optional>
#include <string>

#include "synth4d/core/result.h"
#include "synth4d/evaluator/benchmark.h"
#include "synth4d/evaluator/chat_client.h"
#include "synth4d/evaluator/frames.h"
#include "synth4d/evaluator/prompt.h"

namespace synth4d::evaluator {

// How frames reach the model: one image_url part per frame, or vLLM's video_url with the JPEG
// frames joined into one data:video/jpeg URL.
enum class MediaMode { kImages, kVideoUrl };

struct RunOptions {
  std::filesystem::path videos_dir;  // item.video is resolved against it (URLs: see docs)
  std::filesystem::path out_dir;     // holds responses.jsonl (cache) and predictions.jsonl
  ChatEndpoint endpoint;
  PromptTemplate prompt;
  FrameSampling sampling;
  MediaMode media = MediaMode::kImages;
  std::string image_detail;  // "low" / "high" / "auto", or empty to omit
  int jpeg_quality = 85;
  int concurrency = 8;
  bool circular = false;  // ask once per rotation of the options
  bool blind = false;     // send no frames at all
  int max_tokens = 1024;
  double temperature = 0.0;
  std::optional<int> seed;
  RetryPolicy retry;
};

struct RunSummary {
  int tasks = 0;   // (question, rotation) pairs
  int reused = 0;  // answered from the cache of an earlier run
  int asked = 0;   // sent to the model in this run
  int failed = 0;  // recorded as errors (non-retryable, retries exhausted, or no frames)
  std::string request_key;
  std::filesystem::path cache_path;        // out_dir / responses.jsonl
  std::filesystem::path predictions_path;  // out_dir / predictions.jsonl
};

// The video file of `item`: item.video joined to `videos_dir`; for a URL, the part after
// "/resolve/main/" (Hugging Face) or else the URL path.
std::filesystem::path ResolveVideoPath(const std::filesystem::path& videos_dir,
                                       const std::string& video);

// A hash of every setting that shapes a request (model, prompt, sampling, media, generation
// settings); cached replies are reused only under the same key.
std::string RequestKey(const RunOptions& options);

// Asks every (question, rotation) not already answered in OUT/responses.jsonl under the same
// request key, appending each reply or error to it as it arrives, then writes
// OUT/predictions.jsonl (for Score). `frames` may be null when options.blind. Errors for single
// questions are recorded per item; the call fails only when the cache cannot be written.
core::Result<RunSummary> RunModel(const Benchmark& benchmark, const RunOptions& options,
                                  HttpTransport& transport, FrameSource* frames);

}  // namespace synth4d::evaluator
