// Retry classification and delays (pure functions), and the curl client against the loopback
// server: retries through faults, gives up on 400, keeps the API key out of errors.
#include "synth4d/evaluator/chat_client.h"

#include <gtest/gtest.h>

#include "fake_openai_server.h"

namespace synth4d::evaluator {
namespace {

using testing::FakeOpenAiServer;
using testing::Fault;
using testing::FaultKind;

HttpResponse Status(int status, std::string body = "") {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

constexpr char kGoodBody[] =
    R"({"choices": [{"message": {"content": "B"}, "finish_reason": "stop"}]})";

TEST(RetryTest, ClassifiesStatuses) {
  EXPECT_TRUE(ShouldRetry(Status(0)));  // connection error / timeout
  EXPECT_TRUE(ShouldRetry(Status(408)));
  EXPECT_TRUE(ShouldRetry(Status(409)));
  EXPECT_TRUE(ShouldRetry(Status(429, R"({"error": {"type": "requests"}})")));
  EXPECT_FALSE(ShouldRetry(Status(429, R"({"error": {"code": "insufficient_quota"}})")));
  EXPECT_TRUE(ShouldRetry(Status(500)));
  EXPECT_TRUE(ShouldRetry(Status(503)));
  EXPECT_FALSE(ShouldRetry(Status(400)));
  EXPECT_FALSE(ShouldRetry(Status(401)));
  EXPECT_FALSE(ShouldRetry(Status(404)));
  EXPECT_FALSE(ShouldRetry(Status(200, kGoodBody)));
  EXPECT_TRUE(ShouldRetry(Status(200, R"({"choices": [)")));  // malformed
  EXPECT_TRUE(ShouldRetry(Status(200, R"({"object": "error"})")));
  HttpResponse forced = Status(400);
  forced.headers["x-should-retry"] = "true";
  EXPECT_TRUE(ShouldRetry(forced));
  HttpResponse vetoed = Status(503);
  vetoed.headers["x-should-retry"] = "false";
  EXPECT_FALSE(ShouldRetry(vetoed));
}

TEST(RetryTest, DelaysHonourRetryAfterAndBackOffWithJitter) {
  RetryPolicy policy;  // base 0.5 s, cap 8 s, Retry-After honoured up to 60 s
  HttpResponse r = Status(429);
  r.headers["retry-after"] = "2";
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(r, 0, policy, 0.9), 2.0);
  r.headers["retry-after-ms"] = "150";
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(r, 0, policy, 0.9), 0.15);
  HttpResponse late = Status(429);
  late.headers["retry-after"] = "120";  // above the cap: fall back to backoff
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(late, 0, policy, 0.0), 0.5);
  HttpResponse dated = Status(503);
  dated.headers["retry-after"] = "Wed, 21 Oct 2015 07:28:00 GMT";  // in the past: backoff
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(dated, 1, policy, 0.0), 1.0);
  const HttpResponse plain = Status(500);
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(plain, 0, policy, 0.0), 0.5);
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(plain, 2, policy, 0.0), 2.0);
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(plain, 10, policy, 0.0), 8.0);  // capped
  EXPECT_DOUBLE_EQ(RetryDelaySeconds(plain, 10, policy, 0.999), 8.0 * (1 - 0.25 * 0.999));
}

TEST(RetryTest, ChatCompletionsUrl) {
  EXPECT_EQ(ChatCompletionsUrl("http://h:8000/v1"), "http://h:8000/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("http://h:8000/v1/"), "http://h:8000/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("https://x/v1/chat/completions"), "https://x/v1/chat/completions");
}

RetryPolicy FastPolicy() {
  RetryPolicy p;
  p.max_attempts = 8;
  p.base_delay_s = 0.005;
  p.max_delay_s = 0.02;
  p.timeout_s = 0.5;
  return p;
}

std::string Body(const std::string& text) {
  nlohmann::json body = {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", text}}}}};
  return body.dump();
}

TEST(ChatClientTest, RetriesThroughFaultsAndSendsTheKey) {
  FakeOpenAiServer server(
      [](const nlohmann::json&) { return "Therefore, the final answer is: C"; });
  server.AddFault("rate", Fault{FaultKind::kRateLimitMs, 2});
  server.AddFault("error", Fault{FaultKind::kServerError, 2});
  server.AddFault("broken", Fault{FaultKind::kMalformedJson, 1});
  server.AddFault("stuck", Fault{FaultKind::kTimeout, 1, 1.5});
  const auto transport = MakeCurlTransport();
  const ChatEndpoint endpoint{server.url(), "m", "sk-test-secret"};
  core::Rng rng(1);
  for (const char* text : {"rate", "error", "broken", "stuck", "plain"}) {
    const core::Result<ChatReply> reply =
        PostChatCompletion(*transport, endpoint, Body(text), FastPolicy(), rng);
    ASSERT_TRUE(reply.ok()) << text << ": " << reply.error().ToString();
    EXPECT_EQ(reply->content, "Therefore, the final answer is: C");
    EXPECT_GE(reply->attempts, std::string(text) == "plain" ? 1 : 2) << text;
  }
  for (const std::string& auth : server.authorizations()) EXPECT_EQ(auth, "Bearer sk-test-secret");
}

TEST(ChatClientTest, NonRetryableErrorsFailAtOnceWithoutTheKey) {
  FakeOpenAiServer server([](const nlohmann::json&) { return "A"; });
  server.AddFault("bad", Fault{FaultKind::kBadRequest, 100});
  const auto transport = MakeCurlTransport();
  core::Rng rng(1);
  const core::Result<ChatReply> reply = PostChatCompletion(
      *transport, {server.url(), "m", "sk-test-secret"}, Body("bad"), FastPolicy(), rng);
  ASSERT_FALSE(reply.ok());
  EXPECT_NE(reply.error().message.find("HTTP 400"), std::string::npos) << reply.error().message;
  EXPECT_EQ(reply.error().message.find("sk-test-secret"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(ChatClientTest, GivesUpAfterMaxAttemptsAndOnConnectionErrors) {
  FakeOpenAiServer server([](const nlohmann::json&) { return "A"; });
  server.AddFault("down", Fault{FaultKind::kServerError, 100});
  const auto transport = MakeCurlTransport();
  core::Rng rng(1);
  RetryPolicy policy = FastPolicy();
  policy.max_attempts = 3;
  const core::Result<ChatReply> reply =
      PostChatCompletion(*transport, {server.url(), "m", ""}, Body("down"), policy, rng);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(server.requests().size(), 3u);
  // Nothing listens on port 9 of loopback: a connection error, retried, then reported.
  const core::Result<ChatReply> refused =
      PostChatCompletion(*transport, {"http://127.0.0.1:9/v1", "m", ""}, Body("x"), policy, rng);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("connection failed"), std::string::npos);
}

}  // namespace
}  // namespace synth4d::evaluator
