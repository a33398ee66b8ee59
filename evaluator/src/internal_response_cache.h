#pragma once
// Private: the append-only response cache of `eval run` (OUT/responses.jsonl). Every reply or
// error is appended as one JSON line as it arrives, so an interrupted run resumes without asking
// again. Records carry a request key (a hash of everything that shapes the request) so a cache
// shared by different settings never mixes their replies.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "synth4d/core/result.h"
#include "synth4d/evaluator/predictions.h"

namespace synth4d::evaluator::internal {

// One cached record.
struct CachedReply {
  Prediction prediction;
  std::string request_key;
  int attempts = 0;
};

// Reads the cache; unparsable lines (a record torn by an interruption) are skipped and counted.
// A missing file is an empty cache.
core::Result<std::vector<CachedReply>> ReadResponseCache(const std::filesystem::path& path,
                                                         int* skipped_lines);

// Appends records to the cache file, one line each, flushed immediately. Thread-safe.
class ResponseCacheWriter {
 public:
  // Opens `path` for appending, starting a new line if the file ends mid-record.
  static core::Result<std::unique_ptr<ResponseCacheWriter>> Open(const std::filesystem::path& path);
  ~ResponseCacheWriter();

  // Appends one record; kIo when the write fails.
  core::Status Append(const CachedReply& reply);

 private:
  explicit ResponseCacheWriter(std::FILE* file) : file_(file) {}
  std::mutex mutex_;
  std::FILE* file_;
};

// The predictions file of a run: the latest record per (id, rotation) with `request_key`, a reply
// preferred over an error, as JSONL (LoadPredictions reads it).
std::string PredictionsJsonl(const std::vector<CachedReply>& cache, const std::string& request_key);

}  // namespace synth4d::evaluator::internal
