#include "synth4d/evaluator/runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "internal_response_cache.h"
#include "synth4d/core/file.h"
#include "synth4d/core/rng.h"

namespace synth4d::evaluator {

using nlohmann::json;

std::filesystem::path ResolveVideoPath(const std::filesystem::path& videos_dir,
                                       const std::string& video) {
  std::string relative = video;
  const size_t scheme = video.find("://");
  if (scheme != std::string::npos) {
    const std::string marker = "/resolve/main/";
    const size_t hf = video.find(marker);
    if (hf != std::string::npos) {
      relative = video.substr(hf + marker.size());
    } else {
      const size_t path = video.find('/', scheme + 3);
      relative = path == std::string::npos ? "" : video.substr(path + 1);
    }
    relative = relative.substr(0, relative.find_first_of("?#"));
  }
  const std::filesystem::path p(relative);
  return p.is_absolute() ? p : videos_dir / p;
}

std::string RequestKey(const RunOptions& o) {
  const std::string material = fmt::format(
      "model={}\nprompt={}\nframes={}\nfps={}\nmax_frames={}\nmedia={}\ndetail={}\nquality={}\n"
      "blind={}\nmax_tokens={}\ntemperature={}\nseed={}",
      o.endpoint.model, o.prompt.text, o.sampling.frames, o.sampling.fps, o.sampling.max_frames,
      o.media == MediaMode::kImages ? "images" : "video_url", o.image_detail, o.jpeg_quality,
      o.blind, o.max_tokens, o.temperature, o.seed ? std::to_string(*o.seed) : "none");
  return fmt::format("{:016x}", core::Fnv1a64(material));
}

namespace {

struct Task {
  const McqItem* item = nullptr;
  int rotation = 0;
  std::filesystem::path video;

  // The frames this task shows: the video, cut at the item's held-back end if it has one.
  std::string FramesKey() const {
    return video.string() + "#" + std::to_string(item->video_end_frame);
  }
};

// Base64 JPEG frames of one video, decoded once and shared by the tasks that need them; freed
// when its last task is done.
struct VideoFrames {
  std::once_flag once;
  core::Result<std::vector<std::string>> frames = std::vector<std::string>{};
  int remaining = 0;
};

class FrameCache {
 public:
  FrameCache(FrameSource* source, const RunOptions& options) : source_(source), options_(options) {}

  // Counts the tasks of each video (before any worker starts).
  void Prepare(const std::vector<Task>& tasks) {
    for (const Task& t : tasks) {
      auto& entry = entries_[t.FramesKey()];
      if (!entry) entry = std::make_shared<VideoFrames>();
      ++entry->remaining;
    }
  }

  // The frames of `task` (decoding and encoding them on first use).
  std::shared_ptr<VideoFrames> Get(const Task& task) {
    std::shared_ptr<VideoFrames> entry;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      entry = entries_.at(task.FramesKey());
    }
    std::call_once(entry->once,
                   [&] { entry->frames = Load(task.video, task.item->video_end_frame); });
    return entry;
  }

  // Marks `task` done; the frames are dropped after the last task that shows them.
  void Done(const Task& task) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(task.FramesKey());
    if (it != entries_.end() && --it->second->remaining == 0) {
      it->second->frames = std::vector<std::string>{};
    }
  }

 private:
  core::Result<std::vector<std::string>> Load(const std::filesystem::path& video, int64_t end) {
    FrameSampling sampling = options_.sampling;
    sampling.end_frame = end;
    SYNTH4D_ASSIGN_OR_RETURN(std::vector<core::ImageRgba8> images, source_->Sample(video, sampling));
    std::vector<std::string> out;
    out.reserve(images.size());
    for (const core::ImageRgba8& image : images) {
      SYNTH4D_ASSIGN_OR_RETURN(std::string jpeg, EncodeJpeg(image, options_.jpeg_quality));
      out.push_back(Base64(jpeg));
    }
    return out;
  }

  FrameSource* source_;
  const RunOptions& options_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<VideoFrames>> entries_;
};

std::string RequestBody(const RunOptions& o, const Task& task,
                        const std::vector<std::string>& frames) {
  json content = json::array();
  if (o.media == MediaMode::kImages) {
    for (const std::string& b64 : frames) {
      json url = {{"url", "data:image/jpeg;base64," + b64}};
      if (!o.image_detail.empty()) url["detail"] = o.image_detail;
      content.push_back({{"type", "image_url"}, {"image_url", url}});
    }
  } else if (!frames.empty()) {
    std::string url = "data:video/jpeg;base64,";
    for (size_t i = 0; i < frames.size(); ++i) url += (i > 0 ? "," : "") + frames[i];
    content.push_back({{"type", "video_url"}, {"video_url", {{"url", url}}}});
  }
  const std::vector<Option> shown = RotatedOptions(*task.item, task.rotation);
  content.push_back(
      {{"type", "text"}, {"text", RenderPrompt(o.prompt, task.item->question, shown)}});
  json body;
  body["model"] = o.endpoint.model;
  body["messages"] = json::array({{{"role", "user"}, {"content", content}}});
  body["max_tokens"] = o.max_tokens;
  body["temperature"] = o.temperature;
  if (o.seed) body["seed"] = *o.seed;
  return body.dump();
}

// Asks one task and returns its cache record.
internal::CachedReply Ask(const RunOptions& o, const Task& task, const std::string& key,
                          HttpTransport& transport, FrameCache* frames) {
  internal::CachedReply record;
  record.prediction.id = task.item->id;
  record.prediction.rotation = task.rotation;
  record.prediction.model = o.endpoint.model;
  record.request_key = key;
  std::vector<std::string> images;
  if (frames != nullptr) {
    const std::shared_ptr<VideoFrames> entry = frames->Get(task);
    if (!entry->frames.ok()) {
      record.prediction.error = "frames: " + entry->frames.error().ToString();
      frames->Done(task);
      return record;
    }
    images = *entry->frames;
    frames->Done(task);
  }
  const std::string body = RequestBody(o, task, images);
  core::Rng rng(core::Fnv1a64(task.item->id) + static_cast<uint64_t>(task.rotation));
  core::Result<ChatReply> reply = PostChatCompletion(transport, o.endpoint, body, o.retry, rng);
  if (reply.ok()) {
    record.prediction.response = reply->content;
    record.attempts = reply->attempts;
  } else {
    record.prediction.error = reply.error().message;
    record.attempts = o.retry.max_attempts;
  }
  return record;
}

}  // namespace

core::Result<RunSummary> RunModel(const Benchmark& benchmark, const RunOptions& options,
                                  HttpTransport& transport, FrameSource* frame_source) {
  SYNTH4D_CHECK(options.blind || frame_source != nullptr) << "RunModel needs frames unless blind";
  RunSummary summary;
  summary.request_key = RequestKey(options);
  summary.cache_path = options.out_dir / "responses.jsonl";
  summary.predictions_path = options.out_dir / "predictions.jsonl";

  int skipped = 0;
  SYNTH4D_ASSIGN_OR_RETURN(std::vector<internal::CachedReply> cache,
                           internal::ReadResponseCache(summary.cache_path, &skipped));
  if (skipped > 0) {
    spdlog::warn("{}: skipped {} unreadable cache lines (records torn by an interruption)",
                 summary.cache_path.string(), skipped);
  }
  std::set<std::pair<std::string, int>> answered;
  for (const internal::CachedReply& r : cache) {
    if (r.request_key == summary.request_key && r.prediction.error.empty()) {
      answered.insert({r.prediction.id, r.prediction.rotation});
    }
  }

  std::vector<Task> tasks;
  for (const McqItem& item : benchmark.items) {
    const int rotations = options.circular ? static_cast<int>(item.options.size()) : 1;
    for (int k = 0; k < rotations; ++k) {
      ++summary.tasks;
      if (answered.count({item.id, k}) > 0) {
        ++summary.reused;
        continue;
      }
      tasks.push_back({&item, k, ResolveVideoPath(options.videos_dir, item.video)});
    }
  }
  // Tasks of one video run back to back, so its frames are decoded once and freed soon.
  std::stable_sort(tasks.begin(), tasks.end(),
                   [](const Task& a, const Task& b) { return a.video < b.video; });

  std::unique_ptr<FrameCache> frames;
  if (!options.blind) {
    frames = std::make_unique<FrameCache>(frame_source, options);
    frames->Prepare(tasks);
  }
  SYNTH4D_ASSIGN_OR_RETURN(std::unique_ptr<internal::ResponseCacheWriter> writer,
                           internal::ResponseCacheWriter::Open(summary.cache_path));
  spdlog::info("{} of {} questions to ask ({} answered in an earlier run)", tasks.size(),
               summary.tasks, summary.reused);

  std::atomic<size_t> next{0};
  std::atomic<int> failed{0};
  std::atomic<int> done{0};
  std::mutex write_error_mutex;
  std::optional<core::Error> write_error;
  auto worker = [&] {
    for (size_t i = next.fetch_add(1); i < tasks.size(); i = next.fetch_add(1)) {
      internal::CachedReply record =
          Ask(options, tasks[i], summary.request_key, transport, frames.get());
      if (!record.prediction.error.empty()) {
        ++failed;
        spdlog::warn("{} (rotation {}): {}", record.prediction.id, record.prediction.rotation,
                     record.prediction.error);
      }
      if (core::Status s = writer->Append(record); !s.ok()) {
        const std::lock_guard<std::mutex> lock(write_error_mutex);
        if (!write_error) write_error = s.error();
        next.store(tasks.size());  // stop: replies that cannot be saved would be lost
      }
      const int n = ++done;
      if (n % 50 == 0 || n == static_cast<int>(tasks.size())) {
        spdlog::info("{}/{} asked", n, tasks.size());
      }
    }
  };
  const int n_threads = std::clamp(options.concurrency, 1, 256);
  std::vector<std::thread> threads;
  for (int t = 0; t < std::min<int>(n_threads, static_cast<int>(tasks.size())); ++t) {
    threads.emplace_back(worker);
  }
  for (std::thread& t : threads) t.join();
  writer.reset();
  if (write_error) return *write_error;
  summary.asked = done.load();
  summary.failed = failed.load();

  SYNTH4D_ASSIGN_OR_RETURN(cache, internal::ReadResponseCache(summary.cache_path, &skipped));
  SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(
      summary.predictions_path, internal::PredictionsJsonl(cache, summary.request_key)));
  return summary;
}

}  // namespace synth4d::evaluator
