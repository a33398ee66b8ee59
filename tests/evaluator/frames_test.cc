// Frame sampling, JPEG and base64 encoding, and prompts.
#include "synth4d/evaluator/frames.h"

#include <gtest/gtest.h>

#include "synth4d/evaluator/prompt.h"
#include "test_util.h"

namespace synth4d::evaluator {
namespace {

TEST(FramesTest, UniformSamplingCoversFirstToLastFrame) {
  EXPECT_EQ(SampleFrameIndices(100, 30, {4, 0, 0}), (std::vector<int64_t>{0, 33, 66, 99}));
  EXPECT_EQ(SampleFrameIndices(10, 30, {3, 0, 0}), (std::vector<int64_t>{0, 4, 9}));  // 4.5 -> 4 (half to even, as numpy and QA)
  EXPECT_EQ(SampleFrameIndices(3, 30, {16, 0, 0}), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(SampleFrameIndices(50, 30, {1, 0, 0}), (std::vector<int64_t>{0}));
  EXPECT_TRUE(SampleFrameIndices(0, 30, {16, 0, 0}).empty());
}

TEST(FramesTest, RateSamplingStepsThroughTime) {
  // 3 s at 30 fps sampled at 1 fps: t = 0, 1, 2 s.
  EXPECT_EQ(SampleFrameIndices(90, 30, {16, 1.0, 0}), (std::vector<int64_t>{0, 30, 60}));
  // 2 fps of a 25 fps clip of 60 frames: every 12.5 frames.
  EXPECT_EQ(SampleFrameIndices(60, 25, {16, 2.0, 0}), (std::vector<int64_t>{0, 12, 25, 37, 50}));
  // Capped: more than max_frames falls back to uniform sampling of max_frames.
  EXPECT_EQ(SampleFrameIndices(300, 30, {16, 1.0, 4}), (std::vector<int64_t>{0, 100, 199, 299}));
}

TEST(FramesTest, HeldBackEndingIsNeverSampled) {
  // A question about what happens next shows only frames [0, 90) of a 120-frame clip.
  FrameSampling cut{4, 0, 0, 90};
  EXPECT_EQ(SampleFrameIndices(120, 30, cut), (std::vector<int64_t>{0, 30, 59, 89}));
  cut.fps = 1.0;
  EXPECT_EQ(SampleFrameIndices(120, 30, cut), (std::vector<int64_t>{0, 30, 60}));
  cut.end_frame = 0;
  EXPECT_TRUE(SampleFrameIndices(120, 30, cut).empty());
}

TEST(FramesTest, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64(std::string("\xff\xfe", 2)), "//4=");
}

TEST(FramesTest, JpegHasStartAndEndMarkersAndItsSize) {
  core::ImageRgba8 image(32, 16, 4, uint8_t{128});
  const core::Result<std::string> jpeg = EncodeJpeg(image, 85);
  ASSERT_TRUE(jpeg.ok()) << jpeg.error().ToString();
  ASSERT_GT(jpeg->size(), 100u);
  EXPECT_EQ(static_cast<unsigned char>((*jpeg)[0]), 0xFF);
  EXPECT_EQ(static_cast<unsigned char>((*jpeg)[1]), 0xD8);
  EXPECT_EQ(static_cast<unsigned char>((*jpeg)[jpeg->size() - 2]), 0xFF);
  EXPECT_EQ(static_cast<unsigned char>((*jpeg)[jpeg->size() - 1]), 0xD9);
  // The baseline SOF0 segment holds height then width (big-endian).
  const size_t sof = jpeg->find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  auto u16 = [&](size_t at) {
    return (static_cast<unsigned char>((*jpeg)[at]) << 8) |
           static_cast<unsigned char>((*jpeg)[at + 1]);
  };
  EXPECT_EQ(u16(sof + 5), 16);
  EXPECT_EQ(u16(sof + 7), 32);
}

TEST(PromptTest, PresetsFollowVlm4dAndTemplatesFillPlaceholders) {
  const std::vector<Option> shown = {{'A', "left"}, {'B', "right"}, {'C', "not moving"}};
  const core::Result<PromptTemplate> cot = LoadPrompt("cot");
  ASSERT_TRUE(cot.ok());
  const std::string text = RenderPrompt(*cot, "Which way does {it} go?", shown);
  EXPECT_EQ(
      text.rfind("\nQuestion: Which way does {it} go?\nA: left\nB: right\nC: not moving\n\n", 0),
      0u);
  EXPECT_NE(text.find("'Therefore, the final answer is: $LETTER'"), std::string::npos);
  EXPECT_NE(text.find("(A or B or C)"), std::string::npos);
  const core::Result<PromptTemplate> direct = LoadPrompt("direct");
  ASSERT_TRUE(direct.ok());
  EXPECT_NE(RenderPrompt(*direct, "Q?", shown).find("Answer directly with the option letter"),
            std::string::npos);

  const auto dir = testing::FreshDir("p");
  testing::WriteText(dir / "mine.txt", "{question}\nOptions:\n{options}\nPick one of {letters}.");
  const core::Result<PromptTemplate> mine = LoadPrompt((dir / "mine.txt").string());
  ASSERT_TRUE(mine.ok()) << mine.error().ToString();
  EXPECT_EQ(RenderPrompt(*mine, "Q?", shown),
            "Q?\nOptions:\nA: left\nB: right\nC: not moving\nPick one of A or B or C.");
  testing::WriteText(dir / "bad.txt", "no placeholders");
  EXPECT_FALSE(LoadPrompt((dir / "bad.txt").string()).ok());
  EXPECT_EQ(LoadPrompt((dir / "none.txt").string()).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace synth4d::evaluator
