#pragma once
// OpenAI-compatible chat completions over HTTP with retries: exponential backoff with jitter on
// 408, 409, 429, 5xx, connection errors, timeouts and malformed replies, honouring Retry-After.
// The API key is sent only in the Authorization header and never appears in errors or logs.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/core/rng.h"

namespace synth4d::evaluator {

// One HTTP exchange. status 0 means no HTTP reply (connection error or timeout, see
// transport_error). Header names are lower-case.
struct HttpResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  std::string transport_error;
};

// Sends HTTP POST requests; implementations must be safe to call from several threads.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // POSTs `body` (JSON) to `url` with extra `headers` ("Name: value"); `timeout_s` bounds the
  // whole exchange. Never fails: problems are reported in the returned response.
  virtual HttpResponse Post(const std::string& url, const std::vector<std::string>& headers,
                            const std::string& body, double timeout_s) = 0;
};

// The libcurl transport (HTTP and HTTPS).
std::unique_ptr<HttpTransport> MakeCurlTransport();

// Retry and timeout settings; the defaults follow the OpenAI SDKs (eval_formats.md §2).
struct RetryPolicy {
  int max_attempts = 6;             // first try included
  double base_delay_s = 0.5;        // backoff base: base * 2^retry
  double max_delay_s = 8.0;         // backoff cap
  double max_retry_after_s = 60.0;  // a server Retry-After above this falls back to backoff
  double timeout_s = 120.0;         // per attempt
};

// True when `response` should be retried: a connection error or timeout, a malformed 2xx body,
// 408, 409, 429 (not insufficient_quota) or >= 500; `x-should-retry` overrides.
bool ShouldRetry(const HttpResponse& response);

// Seconds to wait before retry number `retry` (0 for the first retry): the server's
// retry-after-ms or Retry-After (seconds or HTTP date) when 0 < d <= max_retry_after_s, else
// min(base * 2^retry, max) * (1 - 0.25 * u) with `u` uniform in [0, 1).
double RetryDelaySeconds(const HttpResponse& response, int retry, const RetryPolicy& policy,
                         double u);

// Where and how to ask: the chat-completions URL, the model and the API key (may be empty).
struct ChatEndpoint {
  std::string url;
  std::string model;
  std::string api_key;
};

// The chat-completions URL for `endpoint`: a URL ending in /chat/completions is kept, otherwise
// "/chat/completions" is appended to the base ("http://host:8000/v1").
std::string ChatCompletionsUrl(std::string_view endpoint);

// A model reply: the message content and how many HTTP attempts it took.
struct ChatReply {
  std::string content;
  std::string finish_reason;
  int attempts = 0;
};

// POSTs `request_json` to the endpoint until a well-formed reply arrives, retrying as
// ShouldRetry says with RetryDelaySeconds between tries (jitter drawn from `rng`). Fails with
// kUnavailable after the last attempt, or kInvalidArgument for a non-retryable HTTP error; the
// message holds the status and a short body excerpt, with the API key redacted.
core::Result<ChatReply> PostChatCompletion(HttpTransport& transport, const ChatEndpoint& endpoint,
                                           const std::string& request_json,
                                           const RetryPolicy& policy, core::Rng& rng);

}  // namespace synth4d::evaluator
