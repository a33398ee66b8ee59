#include "synth4d/evaluator/chat_client.h"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "internal_chat.h"

namespace synth4d::evaluator {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

namespace {

// The reply's message content, or nullopt when the body is not a chat completion.
std::optional<ChatReply> ParseChatReply(const std::string& body) {
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  const auto choices = doc.find("choices");
  if (choices == doc.end() || !choices->is_array() || choices->empty()) return std::nullopt;
  const json& first = (*choices)[0];
  if (!first.is_object()) return std::nullopt;
  const auto message = first.find("message");
  if (message == first.end() || !message->is_object()) return std::nullopt;
  ChatReply reply;
  const auto content = message->find("content");
  if (content != message->end() && content->is_string()) {
    reply.content = content->get<std::string>();
  } else if (content == message->end() || !content->is_null()) {
    return std::nullopt;  // a null content (a refusal) reads as an empty reply
  }
  const auto finish = first.find("finish_reason");
  if (finish != first.end() && finish->is_string())
    reply.finish_reason = finish->get<std::string>();
  return reply;
}

// Replaces every occurrence of `secret` in `text` (no-op for an empty secret).
std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[redacted]");
  }
  return text;
}

std::string Describe(const HttpResponse& r, const std::string& secret) {
  if (r.status == 0) return Redact("connection failed: " + r.transport_error, secret);
  std::string body = r.body.substr(0, 300);
  for (char& c : body) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return Redact(fmt::format("HTTP {}: {}", r.status, body), secret);
}

}  // namespace

namespace internal {
bool IsWellFormedChatReply(const std::string& body) { return ParseChatReply(body).has_value(); }
}  // namespace internal

std::string ChatCompletionsUrl(std::string_view endpoint) {
  std::string url(endpoint);
  while (!url.empty() && url.back() == '/') url.pop_back();
  const std::string suffix = "/chat/completions";
  if (url.size() >= suffix.size() &&
      url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return url;
  }
  return url + suffix;
}

core::Result<ChatReply> PostChatCompletion(HttpTransport& transport, const ChatEndpoint& endpoint,
                                           const std::string& request_json,
                                           const RetryPolicy& policy, core::Rng& rng) {
  std::vector<std::string> headers{"Content-Type: application/json"};
  if (!endpoint.api_key.empty()) headers.push_back("Authorization: Bearer " + endpoint.api_key);
  const std::string url = ChatCompletionsUrl(endpoint.url);
  std::string last_problem;
  for (int attempt = 1; attempt <= policy.max_attempts; ++attempt) {
    const HttpResponse response = transport.Post(url, headers, request_json, policy.timeout_s);
    if (response.status >= 200 && response.status < 300) {
      if (std::optional<ChatReply> reply = ParseChatReply(response.body)) {
        reply->attempts = attempt;
        return *std::move(reply);
      }
    }
    last_problem =
        response.status >= 200 && response.status < 300
            ? Redact("malformed reply: " + response.body.substr(0, 200), endpoint.api_key)
            : Describe(response, endpoint.api_key);
    if (!ShouldRetry(response)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: not retryable: {}", url, last_problem));
    }
    if (attempt == policy.max_attempts) break;
    const double delay = RetryDelaySeconds(response, attempt - 1, policy, rng.Uniform01());
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  }
  return MakeError(ErrorCode::kUnavailable, fmt::format("{}: gave up after {} attempts: {}", url,
                                                        policy.max_attempts, last_problem));
}

}  // namespace synth4d::evaluator
