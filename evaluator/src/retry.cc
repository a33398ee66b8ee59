// Retry classification and delays for OpenAI-compatible endpoints (eval_formats.md §2).
#include <algorithm>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

#include "internal_chat.h"
#include "synth4d/evaluator/chat_client.h"

namespace synth4d::evaluator {

namespace {

const std::string* Header(const HttpResponse& response, const char* name) {
  const auto it = response.headers.find(name);
  return it == response.headers.end() ? nullptr : &it->second;
}

// Seconds from a Retry-After value: delta-seconds, or an HTTP date (RFC 7231 IMF-fixdate).
std::optional<double> ParseRetryAfter(const std::string& value) {
  char* end = nullptr;
  const double seconds = std::strtod(value.c_str(), &end);
  if (end != value.c_str() && *end == '\0') return seconds;
  std::tm tm{};
  if (strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
  return std::difftime(timegm(&tm), std::time(nullptr));
}

}  // namespace

bool ShouldRetry(const HttpResponse& response) {
  if (const std::string* override_header = Header(response, "x-should-retry")) {
    if (*override_header == "true") return true;
    if (*override_header == "false") return false;
  }
  const int s = response.status;
  if (s == 0) return true;
  if (s >= 200 && s < 300) return !internal::IsWellFormedChatReply(response.body);
  if (s == 429) return response.body.find("insufficient_quota") == std::string::npos;
  return s == 408 || s == 409 || s >= 500;
}

double RetryDelaySeconds(const HttpResponse& response, int retry, const RetryPolicy& policy,
                         double u) {
  std::optional<double> server;
  if (const std::string* ms = Header(response, "retry-after-ms")) {
    char* end = nullptr;
    const double v = std::strtod(ms->c_str(), &end);
    if (end != ms->c_str()) server = v / 1000.0;
  }
  if (!server) {
    if (const std::string* after = Header(response, "retry-after"))
      server = ParseRetryAfter(*after);
  }
  if (server && *server > 0.0 && *server <= policy.max_retry_after_s) return *server;
  const double backoff =
      std::min(policy.base_delay_s * std::pow(2.0, std::min(retry, 30)), policy.max_delay_s);
  return backoff * (1.0 - 0.25 * u);
}

}  // namespace synth4d::evaluator
