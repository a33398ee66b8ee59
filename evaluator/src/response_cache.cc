#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "internal_response_cache.h"
#include "synth4d/core/file.h"

namespace synth4d::evaluator::internal {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

namespace {

// A prediction record: id, rotation, model, and the response or the error.
nlohmann::ordered_json PredictionJson(const Prediction& p) {
  nlohmann::ordered_json j;
  j["id"] = p.id;
  j["rotation"] = p.rotation;
  j["model"] = p.model;
  if (p.error.empty()) {
    j["response"] = p.response;
  } else {
    j["error"] = p.error;
  }
  return j;
}

nlohmann::ordered_json ToJson(const CachedReply& r) {
  nlohmann::ordered_json j = PredictionJson(r.prediction);
  j["request_key"] = r.request_key;
  j["attempts"] = r.attempts;
  return j;
}

std::optional<CachedReply> FromJson(const json& j) {
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) return std::nullopt;
  CachedReply r;
  r.prediction.id = j["id"].get<std::string>();
  r.prediction.rotation = j.value("rotation", 0);
  r.prediction.model = j.value("model", "");
  r.prediction.response = j.value("response", "");
  r.prediction.error = j.value("error", "");
  r.request_key = j.value("request_key", "");
  r.attempts = j.value("attempts", 0);
  if (r.prediction.error.empty() && !j.contains("response")) return std::nullopt;
  return r;
}

}  // namespace

core::Result<std::vector<CachedReply>> ReadResponseCache(const std::filesystem::path& path,
                                                         int* skipped_lines) {
  *skipped_lines = 0;
  std::vector<CachedReply> out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    std::optional<CachedReply> reply = j.is_discarded() ? std::nullopt : FromJson(j);
    if (!reply) {
      ++*skipped_lines;
      continue;
    }
    out.push_back(*std::move(reply));
  }
  return out;
}

core::Result<std::unique_ptr<ResponseCacheWriter>> ResponseCacheWriter::Open(
    const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  bool needs_newline = false;
  if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(-1, std::ios::end);
    needs_newline = in.get() != '\n';
  }
  std::FILE* file = std::fopen(path.c_str(), "ab");
  if (file == nullptr) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: cannot open for appending: {}", path.string(),
                                                 std::strerror(errno)));
  }
  if (needs_newline) std::fputc('\n', file);
  return std::unique_ptr<ResponseCacheWriter>(new ResponseCacheWriter(file));
}

ResponseCacheWriter::~ResponseCacheWriter() { std::fclose(file_); }

core::Status ResponseCacheWriter::Append(const CachedReply& reply) {
  const std::string line = ToJson(reply).dump() + "\n";
  const std::lock_guard<std::mutex> lock(mutex_);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0) {
    return MakeError(ErrorCode::kIo,
                     std::string("response cache write failed: ") + std::strerror(errno));
  }
  return core::Ok();
}

std::string PredictionsJsonl(const std::vector<CachedReply>& cache,
                             const std::string& request_key) {
  std::map<std::pair<std::string, int>, const CachedReply*> latest;
  std::vector<std::pair<std::string, int>> order;
  for (const CachedReply& r : cache) {
    if (r.request_key != request_key) continue;
    const auto key = std::make_pair(r.prediction.id, r.prediction.rotation);
    const auto [it, inserted] = latest.emplace(key, &r);
    if (inserted) {
      order.push_back(key);
    } else if (r.prediction.error.empty() || !it->second->prediction.error.empty()) {
      it->second = &r;
    }
  }
  std::string out;
  for (const auto& key : order) {
    out += PredictionJson(latest[key]->prediction).dump() + "\n";
  }
  return out;
}

}  // namespace synth4d::evaluator::internal
