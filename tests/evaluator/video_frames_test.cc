// The libav frame source (generator/encode's reader) on a real H.264 file written for the test.
#include <gtest/gtest.h>

#include <cstdlib>

#include "synth4d/encode/video_writer.h"
#include "synth4d/evaluator/frames.h"
#include "test_util.h"

namespace synth4d::evaluator {
namespace {

TEST(VideoFrameSourceTest, SamplesTheRequestedFramesOfARealVideo) {
  const auto dir = testing::FreshDir("v");
  const std::filesystem::path path = dir / "ramp.mp4";
  // 20 frames at 10 fps; frame i is a flat grey of level 20 + 10 i.
  encode::VideoWriterOptions options;
  options.width = 64;
  options.height = 48;
  options.fps = 10;
  core::Result<encode::VideoWriter> writer = encode::VideoWriter::Open(path, options);
  ASSERT_TRUE(writer.ok()) << writer.error().ToString();
  for (int i = 0; i < 20; ++i) {
    core::ImageRgba8 frame(64, 48, 4, static_cast<uint8_t>(20 + 10 * i));
    for (size_t p = 3; p < frame.pixels.size(); p += 4) frame.pixels[p] = 255;
    ASSERT_TRUE(writer->Write(std::move(frame)).ok());
  }
  ASSERT_TRUE(writer->Finish().ok());

  core::Result<std::unique_ptr<FrameSource>> source = MakeVideoFrameSource();
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  // Uniform: round(linspace(0, 19, 5)) = 0, 5, 10, 14, 19.
  const core::Result<std::vector<core::ImageRgba8>> frames = (*source)->Sample(path, {5, 0, 0});
  ASSERT_TRUE(frames.ok()) << frames.error().ToString();
  ASSERT_EQ(frames->size(), 5u);
  const int expected[] = {0, 5, 10, 14, 19};
  for (int k = 0; k < 5; ++k) {
    // H.264 at CRF 20 on flat frames: within 4 levels of the written grey.
    EXPECT_NEAR((*frames)[k].at(32, 24, 0), 20 + 10 * expected[k], 4) << "sample " << k;
    EXPECT_EQ((*frames)[k].width, 64);
  }
  // At 2 fps from 10 fps: every fifth frame.
  const core::Result<std::vector<core::ImageRgba8>> rate = (*source)->Sample(path, {16, 2.0, 0});
  ASSERT_TRUE(rate.ok()) << rate.error().ToString();
  EXPECT_EQ(rate->size(), 4u);
  const core::Result<std::vector<core::ImageRgba8>> missing =
      (*source)->Sample(dir / "none.mp4", {4, 0, 0});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace synth4d::evaluator
