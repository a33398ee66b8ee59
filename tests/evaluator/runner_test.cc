// `eval run` against the loopback server: frames, prompts, faults, resume, circular, blind,
// video_url mode and the judge; scores must come out exact.
#include "synth4d/evaluator/runner.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <set>

#include "fake_openai_server.h"
#include "synth4d/evaluator/judge.h"
#include "synth4d/evaluator/predictions.h"
#include "synth4d/evaluator/score.h"
#include "test_util.h"

namespace synth4d::evaluator {
namespace {

using testing::FakeOpenAiServer;
using testing::Fault;
using testing::FaultKind;
using testing::FreshDir;
using testing::ReadText;

const char* kTexts[] = {"left", "right", "towards the camera", "not moving"};

// Question i ("q03") asks about video v(i/2); its answer is option i % 4.
Benchmark MakeBenchmark(int n) {
  Benchmark b;
  b.path = "qa.jsonl";
  b.name = "test";
  for (int i = 0; i < n; ++i) {
    McqItem item;
    item.id = fmt::format("q{:02d}", i);
    item.video = fmt::format("clips/v{}.mp4", i / 2);
    item.question = "Which way does the thing in " + item.id + " move?";
    for (int k = 0; k < 4; ++k) item.options.push_back({static_cast<char>('A' + k), kTexts[k]});
    item.correct = {i % 4};
    item.answer_text = kTexts[i % 4];
    item.category = i % 2 == 0 ? "even" : "odd";
    b.items.push_back(item);
  }
  return b;
}

// The question number in a prompt ("q07" -> 7), or -1.
int QuestionNumber(const std::string& text) {
  const size_t at = text.find(" q");
  if (at == std::string::npos || at + 4 > text.size()) return -1;
  return std::stoi(text.substr(at + 2, 2));
}

// The letter shown for option text `wanted` in a prompt ("B: right" lines).
std::string LetterOf(const std::string& text, const std::string& wanted) {
  for (char c = 'A'; c <= 'D'; ++c) {
    const std::string line = std::string("\n") + c + ": " + wanted + "\n";
    const std::string last = std::string("\n") + c + ": " + wanted + "\n\n";
    if (text.find(line) != std::string::npos || text.find(last) != std::string::npos) {
      return std::string(1, c);
    }
  }
  return "?";
}

// A model that answers even questions right and odd ones with the next option (wrong), in the
// chain-of-thought format, whatever the rotation.
std::string EvenRightModel(const nlohmann::json& request) {
  const std::string text = FakeOpenAiServer::UserText(request);
  const int q = QuestionNumber(text);
  const int pick = q % 2 == 0 ? q % 4 : (q + 1) % 4;
  return "The motion is clear.\nTherefore, the final answer is: " + LetterOf(text, kTexts[pick]);
}

// Frames whose colour encodes the video; counts the decodes per video.
class FakeFrames final : public FrameSource {
 public:
  core::Result<std::vector<core::ImageRgba8>> Sample(const std::filesystem::path& video,
                                                     const FrameSampling& sampling) override {
    std::lock_guard<std::mutex> lock(mutex);
    ++decodes[video.filename().string()];
    if (video.filename() == "missing.mp4") {
      return core::MakeError(core::ErrorCode::kNotFound, video.string() + ": no such file");
    }
    std::vector<core::ImageRgba8> frames;
    for (int i = 0; i < sampling.frames; ++i) frames.emplace_back(16, 8, 4, uint8_t{200});
    return frames;
  }
  std::mutex mutex;
  std::map<std::string, int> decodes;
};

RunOptions Options(const std::filesystem::path& out, const std::string& url) {
  RunOptions o;
  o.videos_dir = "/videos";
  o.out_dir = out;
  o.endpoint = {url, "fake-vlm", "sk-never-logged"};
  o.prompt = *LoadPrompt("cot");
  o.sampling.frames = 3;
  o.concurrency = 4;
  o.retry.max_attempts = 8;
  o.retry.base_delay_s = 0.005;
  o.retry.max_delay_s = 0.02;
  o.retry.timeout_s = 0.5;
  return o;
}

Scorecard ScoreRun(const Benchmark& bench, const RunSummary& summary) {
  const core::Result<PredictionSet> preds = LoadPredictions(summary.predictions_path);
  EXPECT_TRUE(preds.ok()) << preds.error().ToString();
  return Score({{&bench, &*preds}});
}

TEST(RunnerTest, FaultsLoseNothingAndScoresAreExact) {
  const auto out = FreshDir("out");
  FakeOpenAiServer server(EvenRightModel);
  server.AddFault("q01 ", Fault{FaultKind::kRateLimitSeconds, 1});
  server.AddFault("q02 ", Fault{FaultKind::kRateLimitMs, 2});
  server.AddFault("q03 ", Fault{FaultKind::kServerError, 2});
  server.AddFault("q04 ", Fault{FaultKind::kTimeout, 1, 1.5});
  server.AddFault("q05 ", Fault{FaultKind::kMalformedJson, 2});
  server.AddFault("q06 ", Fault{FaultKind::kSlow, 2, 0.05});
  server.AddFault("q07 ", Fault{FaultKind::kBadRequest, 100});
  const Benchmark bench = MakeBenchmark(12);
  FakeFrames frames;
  const auto transport = MakeCurlTransport();
  const core::Result<RunSummary> summary =
      RunModel(bench, Options(out, server.url()), *transport, &frames);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->tasks, 12);
  EXPECT_EQ(summary->asked, 12);
  EXPECT_EQ(summary->failed, 1);  // q07: 400 is not retried

  const Scorecard card = ScoreRun(bench, *summary);
  // Even questions (6) right; odd ones wrong; q07 recorded as an API error.
  EXPECT_EQ(card.overall.n, 12);
  EXPECT_EQ(card.overall.correct, 6);
  EXPECT_EQ(card.overall.api_errors, 1);
  EXPECT_EQ(card.overall.invalid, 1);
  EXPECT_EQ(card.by_category.at("even").correct, 6);
  EXPECT_EQ(card.items[7].attempts[0].error.find("HTTP 400") != std::string::npos, true);

  // Each video decoded once, frames sent as JPEG data URLs before the text.
  EXPECT_EQ(frames.decodes.size(), 6u);
  for (const auto& [video, count] : frames.decodes) EXPECT_EQ(count, 1) << video;
  const nlohmann::json first = server.requests().front();
  EXPECT_EQ(first["model"], "fake-vlm");
  const auto& content = first["messages"][0]["content"];
  ASSERT_EQ(content.size(), 4u);
  EXPECT_EQ(content[0]["type"], "image_url");
  EXPECT_EQ(
      content[0]["image_url"]["url"].get<std::string>().rfind("data:image/jpeg;base64,/9j/", 0),
      0u);
  EXPECT_EQ(content[3]["type"], "text");
  EXPECT_NE(content[3]["text"].get<std::string>().find("Therefore, the final answer is: $LETTER"),
            std::string::npos);

  // The key reaches the server but no file.
  EXPECT_EQ(server.authorizations().front(), "Bearer sk-never-logged");
  EXPECT_EQ(ReadText(summary->cache_path).find("sk-never-logged"), std::string::npos);
  EXPECT_EQ(ReadText(summary->predictions_path).find("sk-never-logged"), std::string::npos);
}

TEST(RunnerTest, ResumesWithoutAskingAnsweredQuestionsAgain) {
  const auto out = FreshDir("out");
  const Benchmark bench = MakeBenchmark(8);
  FakeFrames frames;
  const auto transport = MakeCurlTransport();
  {
    FakeOpenAiServer flaky(EvenRightModel);
    for (const char* q : {"q01 ", "q04 ", "q06 "})
      flaky.AddFault(q, Fault{FaultKind::kBadRequest, 100});
    const core::Result<RunSummary> first =
        RunModel(bench, Options(out, flaky.url()), *transport, &frames);
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    EXPECT_EQ(first->failed, 3);
  }
  // An interruption left half a record at the end of the cache.
  {
    std::ofstream torn(out / "responses.jsonl", std::ios::app);
    torn << R"({"id": "q05", "rotation": 0, "response": "Therefore, the fi)";
  }
  FakeOpenAiServer healthy(EvenRightModel);
  const core::Result<RunSummary> second =
      RunModel(bench, Options(out, healthy.url()), *transport, &frames);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->reused, 5);
  EXPECT_EQ(second->asked, 3);
  std::set<int> asked;
  for (const auto& request : healthy.requests()) {
    asked.insert(QuestionNumber(FakeOpenAiServer::UserText(request)));
  }
  EXPECT_EQ(asked, (std::set<int>{1, 4, 6}));
  const Scorecard card = ScoreRun(bench, *second);
  EXPECT_EQ(card.overall.correct, 4);
  EXPECT_EQ(card.overall.invalid, 0);

  // Another model under the same directory shares nothing with the first.
  RunOptions other = Options(out, healthy.url());
  other.endpoint.model = "other-vlm";
  const core::Result<RunSummary> third = RunModel(bench, other, *transport, &frames);
  ASSERT_TRUE(third.ok()) << third.error().ToString();
  EXPECT_EQ(third->reused, 0);
  EXPECT_EQ(third->asked, 8);
}

TEST(RunnerTest, CircularAsksEveryRotation) {
  const auto out = FreshDir("out");
  FakeOpenAiServer server(EvenRightModel);
  const Benchmark bench = MakeBenchmark(4);
  RunOptions o = Options(out, server.url());
  o.circular = true;
  o.blind = true;
  const auto transport = MakeCurlTransport();
  const core::Result<RunSummary> summary = RunModel(bench, o, *transport, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->tasks, 16);
  const Scorecard card = ScoreRun(bench, *summary);
  ASSERT_TRUE(card.circular);
  EXPECT_EQ(card.circular_overall.n, 4);
  EXPECT_EQ(card.circular_overall.correct, 2);  // the even questions, right in every rotation
  EXPECT_EQ(card.overall.correct, 2);
  // Blind: no image parts at all.
  for (const auto& request : server.requests()) {
    EXPECT_EQ(request["messages"][0]["content"].size(), 1u);
  }
}

TEST(RunnerTest, VideoUrlModeSendsOneVideoPart) {
  const auto out = FreshDir("out");
  FakeOpenAiServer server(EvenRightModel);
  const Benchmark bench = MakeBenchmark(2);
  RunOptions o = Options(out, server.url());
  o.media = MediaMode::kVideoUrl;
  FakeFrames frames;
  const auto transport = MakeCurlTransport();
  ASSERT_TRUE(RunModel(bench, o, *transport, &frames).ok());
  const nlohmann::json content = server.requests().front()["messages"][0]["content"];
  ASSERT_EQ(content.size(), 2u);
  EXPECT_EQ(content[0]["type"], "video_url");
  const std::string url = content[0]["video_url"]["url"];
  EXPECT_EQ(url.rfind("data:video/jpeg;base64,/9j/", 0), 0u);
  EXPECT_EQ(std::count(url.begin(), url.end(), ','), 3);  // three frames
}

TEST(RunnerTest, UndecodableVideosAreRecordedPerItem) {
  const auto out = FreshDir("out");
  FakeOpenAiServer server(EvenRightModel);
  Benchmark bench = MakeBenchmark(4);
  bench.items[2].video = "missing.mp4";
  FakeFrames frames;
  const auto transport = MakeCurlTransport();
  const core::Result<RunSummary> summary =
      RunModel(bench, Options(out, server.url()), *transport, &frames);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->failed, 1);
  const Scorecard card = ScoreRun(bench, *summary);
  EXPECT_NE(card.items[2].attempts[0].error.find("missing.mp4"), std::string::npos);
  EXPECT_EQ(card.overall.correct, 1);  // q00 right, q02 lost to the missing video
}

TEST(RunnerTest, JudgeResolvesOnlyUnreadableReplies) {
  FakeOpenAiServer judge_server([](const nlohmann::json& request) {
    const std::string text = FakeOpenAiServer::UserText(request);
    return text.find("stays where it was") != std::string::npos ? "D" : "Z";
  });
  Benchmark bench = MakeBenchmark(3);
  PredictionSet preds;
  preds.path = "p.jsonl";
  preds.predictions = {{"q00", 0, "A", "", ""},
                       {"q01", 0, "It stays where it was the whole time.", "", ""},
                       {"q02", 0, "Hard to say.", "", ""}};
  bench.items[1].correct = {3};
  const auto transport = MakeCurlTransport();
  RetryPolicy policy;
  policy.base_delay_s = 0.005;
  const auto judge = MakeChatJudge(*transport, {judge_server.url(), "judge-model", ""}, policy);
  const Scorecard card = Score({{&bench, &preds}}, judge.get());
  EXPECT_EQ(judge_server.requests().size(), 2u);
  EXPECT_EQ(card.judge.asked, 2);
  EXPECT_EQ(card.judge.resolved, 1);
  EXPECT_EQ(card.overall.correct, 2);
  EXPECT_EQ(card.items[1].attempts[0].extraction.rule, "judge");
  EXPECT_EQ(card.items[2].attempts[0].extraction.rule, "judge_none");
  const std::string prompt = FakeOpenAiServer::UserText(judge_server.requests().front());
  EXPECT_NE(prompt.find("D: not moving"), std::string::npos);
}

TEST(RunnerTest, ResolvesVideoPathsAndRequestKeys) {
  EXPECT_EQ(ResolveVideoPath("/v", "clips/a.mp4"), std::filesystem::path("/v/clips/a.mp4"));
  EXPECT_EQ(ResolveVideoPath(
                "/v", "https://huggingface.co/datasets/x/y/resolve/main/videos_real/davis/a.mp4"),
            std::filesystem::path("/v/videos_real/davis/a.mp4"));
  EXPECT_EQ(ResolveVideoPath("/v", "http://host/some/b.mp4?x=1"),
            std::filesystem::path("/v/some/b.mp4"));
  EXPECT_EQ(ResolveVideoPath("/v", "/abs/c.mp4"), std::filesystem::path("/abs/c.mp4"));
  RunOptions a = Options("/tmp/x", "http://h/v1");
  RunOptions b = a;
  EXPECT_EQ(RequestKey(a), RequestKey(b));
  b.sampling.frames = 8;
  EXPECT_NE(RequestKey(a), RequestKey(b));
  b = a;
  b.endpoint.api_key = "another";  // the key does not shape the request
  EXPECT_EQ(RequestKey(a), RequestKey(b));
}

}  // namespace
}  // namespace synth4d::evaluator
