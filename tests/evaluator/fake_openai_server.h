#pragma once
// A loopback OpenAI-compatible chat-completions server for tests (cpp-httplib on 127.0.0.1, an
// ephemeral port). Replies come from a deterministic function of the request; scripted faults
// (429 with Retry-After, 500, a delay past the client timeout, malformed JSON, slow replies,
// non-retryable 400) hit the requests whose user text contains a marker.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace synth4d::evaluator::testing {

enum class FaultKind {
  kRateLimitSeconds,  // 429 with Retry-After: 1
  kRateLimitMs,       // 429 with retry-after-ms: 20
  kServerError,       // 500
  kTimeout,           // sleeps `delay_s` (past the client timeout), then replies normally
  kMalformedJson,     // 200 with a truncated JSON body
  kSlow,              // sleeps `delay_s` (under the client timeout), then replies normally
  kBadRequest,        // 400, not retryable
};

struct Fault {
  FaultKind kind = FaultKind::kServerError;
  int times = 1;  // how many matching requests get the fault (then normal replies)
  double delay_s = 0.0;
};

class FakeOpenAiServer {
 public:
  // The model's reply text for a request body (the parsed JSON).
  using ReplyFn = std::function<std::string(const nlohmann::json& request)>;

  explicit FakeOpenAiServer(ReplyFn reply);
  ~FakeOpenAiServer();

  // Base URL, "http://127.0.0.1:<port>/v1".
  std::string url() const;
  // Adds a fault for requests whose text contains `marker`.
  void AddFault(const std::string& marker, Fault fault);
  // Every request body received (including faulted ones), in arrival order.
  std::vector<nlohmann::json> requests() const;
  // The Authorization header of every request.
  std::vector<std::string> authorizations() const;

  // The concatenated "text" parts of a request's user message.
  static std::string UserText(const nlohmann::json& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace synth4d::evaluator::testing
