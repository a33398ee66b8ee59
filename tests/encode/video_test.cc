#include "synth4d/encode/video.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "synth4d/core/image.h"
#include "synth4d/encode/image_metrics.h"
#include "synth4d/encode/video_reader.h"
#include "synth4d/encode/video_writer.h"
#include "test_util.h"

namespace synth4d::encode {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::ImageRgba8;
using testing_util::FreshDir;
using testing_util::ListDir;
using testing_util::RunCommand;
using testing_util::ShellQuote;

class QuietLibav : public ::testing::Environment {
 public:
  void SetUp() override { SetLibavLogLevel(LibavLogLevel::kError); }
};
const auto* const kQuiet = ::testing::AddGlobalTestEnvironment(new QuietLibav);

VideoWriterOptions Options(int w, int h, double fps) {
  VideoWriterOptions o;
  o.width = w;
  o.height = h;
  o.fps = fps;
  return o;
}

// Writes frames MakeMovingPattern(w, h, 0..n-1) to `path`; returns the frames written.
std::vector<ImageRgba8> WritePatternVideo(const fs::path& path, const VideoWriterOptions& o, int n,
                                          bool colour_disc = true) {
  std::vector<ImageRgba8> frames;
  auto writer = VideoWriter::Open(path, o);
  EXPECT_TRUE(writer.ok()) << (writer.ok() ? "" : writer.error().ToString());
  if (!writer.ok()) return frames;
  for (int i = 0; i < n; ++i) {
    frames.push_back(MakeMovingPattern(o.width, o.height, i, colour_disc));
    ImageRgba8 copy = frames.back();
    const core::Status s = writer->Write(std::move(copy));
    EXPECT_TRUE(s.ok()) << s.error().ToString();
  }
  const core::Status s = writer->Finish();
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().ToString());
  return frames;
}

// ffprobe's JSON for the first stream of `path` (with decoded frame counting).
nlohmann::json Ffprobe(const fs::path& path) {
  int rc = 0;
  const std::string out = RunCommand(
      "ffprobe -v error -show_streams -count_frames -of json " + ShellQuote(path.string()), &rc);
  EXPECT_EQ(rc, 0) << "ffprobe failed (is ffmpeg installed? tools/install-deps): " << out;
  auto j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.contains("streams") || j["streams"].empty()) {
    ADD_FAILURE() << "unexpected ffprobe output: " << out;
    return nlohmann::json::object();
  }
  return j["streams"][0];
}

struct RoundTripCase {
  int width;
  int height;
  double fps;
  Rational fps_exact;
  int frames;
  int crf;
  bool colour_disc;
};

void PrintTo(const RoundTripCase& c, std::ostream* os) {
  *os << c.width << "x" << c.height << " fps " << c.fps << " frames " << c.frames << " crf "
      << c.crf << (c.colour_disc ? " with colour disc" : "");
}

class VideoRoundTripTest : public ::testing::TestWithParam<RoundTripCase> {};

// Decoded frames match the input; frame count, frame rate and duration are exact.
TEST_P(VideoRoundTripTest, DecodesWhatWasWritten) {
  const RoundTripCase c = GetParam();
  const fs::path path = FreshDir() / "clip.mp4";
  VideoWriterOptions options = Options(c.width, c.height, c.fps);
  options.crf = c.crf;
  const std::vector<ImageRgba8> input = WritePatternVideo(path, options, c.frames, c.colour_disc);
  ASSERT_EQ(static_cast<int>(input.size()), c.frames);
  ASSERT_TRUE(fs::exists(path));

  auto reader = VideoReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  const VideoInfo& info = reader->info();
  EXPECT_EQ(info.width, c.width);
  EXPECT_EQ(info.height, c.height);
  EXPECT_EQ(info.codec_name, "h264");
  EXPECT_EQ(info.pix_fmt, "yuv420p");
  EXPECT_EQ(info.fps, c.fps_exact);
  EXPECT_EQ(info.frame_count, c.frames);
  // The MP4 track timescale is a multiple of the fps denominator, so the duration is exact up to
  // double rounding.
  const double expected_duration =
      c.frames * static_cast<double>(c.fps_exact.den) / c.fps_exact.num;
  EXPECT_NEAR(info.duration_s, expected_duration, 1e-9);

  auto frames = reader->ReadAll();
  ASSERT_TRUE(frames.ok()) << frames.error().ToString();
  ASSERT_EQ(frames->size(), input.size());
  double min_psnr = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < input.size(); ++i) {
    const ImageRgba8& got = (*frames)[i];
    min_psnr = std::min(min_psnr, PsnrRgb(got, input[i]));
    ASSERT_EQ(got.width, c.width);
    ASSERT_EQ(got.height, c.height);
    ASSERT_EQ(got.channels, 4);
    // 35 dB = RMS error 4.5 levels. Measured minimum over the clip (x264 0.164, veryfast):
    // 64x48 CRF 16 35.7, 128x96 CRF 20 36.9, 160x120 36.5, 320x240 40.1, 448x448 with the colour
    // disc 36.0. A wrong matrix or range, swapped channels or a frame off by one give < 30 dB.
    EXPECT_GE(PsnrRgb(got, input[i]), 35.0) << "frame " << i;
    EXPECT_EQ(got.at(c.width / 2, c.height / 2, 3), 255) << "alpha is opaque";
  }
  RecordProperty("min_psnr_db", std::to_string(min_psnr));
  std::printf("min PSNR over the clip: %.2f dB\n", min_psnr);
  auto counted = reader->CountFrames();
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(*counted, c.frames);
}

INSTANTIATE_TEST_SUITE_P(
    Sizes, VideoRoundTripTest,
    // At 64x48 x264 spends so few bits that CRF 20 gives 33-38 dB per frame on these sharp
    // moving edges (the codec at a toy size, not the conversion: bench_encode), so that
    // case runs at CRF 16. Every other case uses the default CRF 20.
    ::testing::Values(RoundTripCase{64, 48, 30.0, {30, 1}, 30, 14, false},
                      RoundTripCase{128, 96, 29.97, {30000, 1001}, 31, 18, false},
                      RoundTripCase{160, 120, 25.0, {25, 1}, 26, 20, false},
                      RoundTripCase{320, 240, 24.0, {24, 1}, 24, 20, false},
                      RoundTripCase{448, 448, 30.0, {30, 1}, 30, 20, true}),
    [](const auto& test) {
      return std::to_string(test.param.width) + "x" + std::to_string(test.param.height) + "_" +
             std::to_string(test.param.fps_exact.num) + "_" +
             std::to_string(test.param.fps_exact.den);
    });

// An independent decoder (ffprobe) agrees on codec, format, frame count, rate and colour tags.
TEST(VideoWriterTest, FfprobeSeesH264Yuv420pWithExactRate) {
  const fs::path dir = FreshDir();
  struct Case {
    double fps;
    const char* rate;
    int frames;
  };
  int clip = 0;
  for (const Case& c : {Case{30, "30/1", 45}, Case{25, "25/1", 25}, Case{24, "24/1", 12},
                        Case{29.97, "30000/1001", 30}}) {
    const fs::path path = dir / ("clip" + std::to_string(clip++) + ".mp4");
    WritePatternVideo(path, Options(96, 64, c.fps), c.frames);
    const nlohmann::json s = Ffprobe(path);
    EXPECT_EQ(s.value("codec_name", ""), "h264");
    EXPECT_EQ(s.value("pix_fmt", ""), "yuv420p");
    EXPECT_EQ(s.value("width", 0), 96);
    EXPECT_EQ(s.value("height", 0), 64);
    EXPECT_EQ(s.value("nb_read_frames", ""), std::to_string(c.frames)) << c.rate;
    EXPECT_EQ(s.value("nb_frames", ""), std::to_string(c.frames)) << c.rate;
    EXPECT_EQ(s.value("r_frame_rate", ""), c.rate);
    EXPECT_EQ(s.value("avg_frame_rate", ""), c.rate);
    const double duration = std::stod(s.value("duration", "0"));
    EXPECT_NEAR(duration, c.frames / FpsToRational(c.fps)->ToDouble(), 1e-6) << c.rate;
    // Colour tags (video.h): BT.601 matrix, limited range, sRGB primaries and transfer.
    EXPECT_EQ(s.value("color_range", ""), "tv");
    EXPECT_EQ(s.value("color_space", ""), "smpte170m");
    EXPECT_EQ(s.value("color_primaries", ""), "bt709");
    EXPECT_EQ(s.value("color_transfer", ""), "iec61966-2-1");
  }
}

// keyint bounds the distance between keyframes (x264 may add more at scene cuts).
TEST(VideoWriterTest, KeyintBoundsKeyframeDistance) {
  const fs::path path = FreshDir() / "gop.mp4";
  VideoWriterOptions o = Options(64, 48, 30);
  o.keyint = 10;
  WritePatternVideo(path, o, 35);
  int rc = 0;
  const std::string out = RunCommand(
      "ffprobe -v error -select_streams v:0 -show_entries "
      "frame=key_frame -of csv=p=0 " +
          ShellQuote(path.string()),
      &rc);
  ASSERT_EQ(rc, 0);
  std::vector<int> keyframes;
  int index = 0;
  for (size_t pos = 0; pos < out.size();) {
    const size_t end = out.find('\n', pos);
    const std::string line = out.substr(pos, end == std::string::npos ? end : end - pos);
    if (!line.empty()) {
      if (line[0] == '1') keyframes.push_back(index);
      ++index;
    }
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  ASSERT_EQ(index, 35);
  ASSERT_FALSE(keyframes.empty());
  EXPECT_EQ(keyframes.front(), 0);
  keyframes.push_back(index);
  for (size_t k = 1; k < keyframes.size(); ++k) {
    EXPECT_LE(keyframes[k] - keyframes[k - 1], 10) << "keyframe at " << keyframes[k - 1];
  }
}

// movflags +faststart: the index (moov) precedes the media data (mdat).
TEST(VideoWriterTest, MoovBeforeMdat) {
  const fs::path path = FreshDir() / "fast.mp4";
  WritePatternVideo(path, Options(64, 48, 30), 10);
  const std::vector<std::string> boxes = testing_util::TopLevelBoxes(path);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov - boxes.begin(), mdat - boxes.begin());
  EXPECT_EQ(boxes.front(), "ftyp");
  EXPECT_EQ(std::find(boxes.begin(), boxes.end(), "<bad>"), boxes.end());
}

// Flat colours come back within a few levels per channel, through our reader and through
// ffmpeg's own conversion (which follows the stream's colour tags).
TEST(VideoWriterTest, FlatColoursAreAccurate) {
  const fs::path path = FreshDir() / "colours.mp4";
  const std::vector<std::array<uint8_t, 3>> colours = {
      {255, 0, 0},     {0, 255, 0}, {0, 0, 255},    {128, 128, 128},
      {255, 255, 255}, {0, 0, 0},   {200, 120, 40}, {30, 90, 200}};
  constexpr int kW = 64;
  constexpr int kH = 48;
  constexpr int kFramesPerColour = 3;
  {
    auto writer = VideoWriter::Open(path, Options(kW, kH, 30));
    ASSERT_TRUE(writer.ok()) << writer.error().ToString();
    for (const auto& rgb : colours) {
      for (int k = 0; k < kFramesPerColour; ++k) {
        ImageRgba8 frame(kW, kH, 4, 255);
        for (int y = 0; y < kH; ++y) {
          for (int x = 0; x < kW; ++x) {
            for (int ch = 0; ch < 3; ++ch) frame.at(x, y, ch) = rgb[static_cast<size_t>(ch)];
          }
        }
        ASSERT_TRUE(writer->Write(std::move(frame)).ok());
      }
    }
    ASSERT_TRUE(writer->Finish().ok());
  }
  // Tolerance 4 levels: limited range keeps 219 luma levels for 256 RGB levels (±0.6), libyuv
  // uses 8-bit fixed-point coefficients (±1 each way), and x264 at CRF 20 may move a flat block by
  // a level; a wrong matrix or range is off by 10-40 levels on these colours, swapped R/B by 255.
  constexpr int kTolerance = 4;
  auto reader = VideoReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  auto frames = reader->ReadAll();
  ASSERT_TRUE(frames.ok()) << frames.error().ToString();
  ASSERT_EQ(frames->size(), colours.size() * kFramesPerColour);

  int exit_code = 0;
  const std::string raw = RunCommand(
      "ffmpeg -v error -i " + ShellQuote(path.string()) + " -f rawvideo -pix_fmt rgb24 -",
      &exit_code);
  ASSERT_EQ(exit_code, 0);
  ASSERT_EQ(raw.size(), colours.size() * kFramesPerColour * kW * kH * 3);

  for (size_t f = 0; f < frames->size(); ++f) {
    const auto& rgb = colours[f / kFramesPerColour];
    const ImageRgba8& got = (*frames)[f];
    int worst = 0;
    int worst_ffmpeg = 0;
    for (int y = 0; y < kH; ++y) {
      for (int x = 0; x < kW; ++x) {
        for (int ch = 0; ch < 3; ++ch) {
          const int want = rgb[static_cast<size_t>(ch)];
          worst = std::max(worst, std::abs(got.at(x, y, ch) - want));
          const size_t at = ((f * kH + static_cast<size_t>(y)) * kW + static_cast<size_t>(x)) * 3 +
                            static_cast<size_t>(ch);
          worst_ffmpeg = std::max(worst_ffmpeg, std::abs(static_cast<uint8_t>(raw[at]) - want));
        }
      }
    }
    EXPECT_LE(worst, kTolerance) << "frame " << f << " colour " << int(rgb[0]) << "," << int(rgb[1])
                                 << "," << int(rgb[2]);
    EXPECT_LE(worst_ffmpeg, kTolerance) << "ffmpeg, frame " << f << " colour " << int(rgb[0]) << ","
                                        << int(rgb[1]) << "," << int(rgb[2]);
  }
}

// ReadFrames returns exactly the frames ReadAll returns at those indices, in request order.
TEST(VideoReaderTest, ReadFramesMatchesReadAll) {
  const fs::path path = FreshDir() / "sample.mp4";
  constexpr int kN = 40;
  WritePatternVideo(path, Options(96, 64, 30), kN);
  auto reader = VideoReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  auto all = reader->ReadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), static_cast<size_t>(kN));

  // np.linspace(0, 39, 8).round() = 0 6 11 17 22 28 33 39, then duplicates and reversed order.
  const std::vector<int64_t> indices = {0, 6, 11, 17, 22, 28, 33, 39, 39, 0, 17, 5};
  auto some = reader->ReadFrames(indices);
  ASSERT_TRUE(some.ok()) << some.error().ToString();
  ASSERT_EQ(some->size(), indices.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    EXPECT_EQ((*some)[i].pixels, (*all)[static_cast<size_t>(indices[i])].pixels)
        << "index " << indices[i];
  }
  // Frames really differ (the pattern moves), so the comparison above can fail.
  EXPECT_NE((*all)[0].pixels, (*all)[6].pixels);

  const std::vector<int64_t> past_end = {3, kN};
  auto bad = reader->ReadFrames(past_end);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  const std::vector<int64_t> negative = {-1};
  EXPECT_FALSE(reader->ReadFrames(negative).ok());

  // ReadNext streams from the start after a rewind.
  ASSERT_TRUE(reader->Rewind().ok());
  ImageRgba8 frame;
  auto got = reader->ReadNext(&frame);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ(frame.pixels, (*all)[0].pixels);
  EXPECT_EQ(reader->next_index(), 1);
}

TEST(VideoReaderTest, MissingAndInvalidFiles) {
  auto missing = VideoReader::Open("/nonexistent/synth4d/clip.mp4");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  const fs::path junk = FreshDir() / "junk.mp4";
  {
    std::ofstream out(junk);
    out << "this is not a video";
  }
  auto invalid = VideoReader::Open(junk);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument) << invalid.error().ToString();
}

// A writer destroyed without Finish() leaves nothing behind: no final file, no temporary file.
TEST(VideoWriterTest, AbandonedWriterLeavesNoFile) {
  const fs::path dir = FreshDir();
  const fs::path path = dir / "abandoned.mp4";
  {
    auto writer = VideoWriter::Open(path, Options(64, 48, 30));
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < 12; ++i) ASSERT_TRUE(writer->Write(MakeMovingPattern(64, 48, i)).ok());
    // While writing, only the temporary file exists.
    EXPECT_FALSE(fs::exists(path));
    EXPECT_EQ(ListDir(dir).size(), 1u);
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(ListDir(dir).empty());
}

TEST(VideoWriterTest, OddSizeIsInvalidArgument) {
  const fs::path dir = FreshDir();
  for (auto [w, h] : {std::pair{65, 48}, std::pair{64, 47}, std::pair{0, 48}, std::pair{-2, 4}}) {
    auto writer = VideoWriter::Open(dir / "odd.mp4", Options(w, h, 30));
    ASSERT_FALSE(writer.ok()) << w << "x" << h;
    EXPECT_EQ(writer.error().code, ErrorCode::kInvalidArgument);
  }
  auto odd = VideoWriter::Open(dir / "odd.mp4", Options(65, 48, 30));
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.error().message.find("even"), std::string::npos) << odd.error().message;
  EXPECT_TRUE(ListDir(dir).empty());
}

TEST(VideoWriterTest, BadOptionsAreInvalidArgument) {
  const fs::path dir = FreshDir();
  VideoWriterOptions o = Options(64, 48, 30);
  o.crf = 60;
  EXPECT_EQ(VideoWriter::Open(dir / "a.mp4", o).error().code, ErrorCode::kInvalidArgument);
  o = Options(64, 48, 30);
  o.preset = "warp-speed";
  EXPECT_EQ(VideoWriter::Open(dir / "a.mp4", o).error().code, ErrorCode::kInvalidArgument);
  o = Options(64, 48, -1);
  EXPECT_EQ(VideoWriter::Open(dir / "a.mp4", o).error().code, ErrorCode::kInvalidArgument);
  o = Options(64, 48, 30);
  o.queue_depth = 0;
  EXPECT_EQ(VideoWriter::Open(dir / "a.mp4", o).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ListDir(dir).empty());
}

TEST(VideoWriterTest, UnwritableDirectoryIsIoError) {
  auto writer = VideoWriter::Open("/proc/synth4d_cannot_write/clip.mp4", Options(64, 48, 30));
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.error().code, ErrorCode::kIo) << writer.error().ToString();
  EXPECT_NE(writer.error().message.find("/proc/synth4d_cannot_write/clip.mp4"), std::string::npos);
}

TEST(VideoWriterTest, WrongFrameSizeIsRejectedAndWriterStaysUsable) {
  const fs::path path = FreshDir() / "sizes.mp4";
  auto writer = VideoWriter::Open(path, Options(64, 48, 30));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Write(MakeMovingPattern(64, 48, 0)).ok());
  const core::Status wrong = writer->Write(MakeMovingPattern(48, 64, 1));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  ImageRgba8 three_channels(64, 48, 3);
  EXPECT_FALSE(writer->Write(std::move(three_channels)).ok());
  ASSERT_TRUE(writer->Write(MakeMovingPattern(64, 48, 1)).ok());
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(writer->frames_written(), 2);
  auto reader = VideoReader::Open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->info().frame_count, 2);
  // Finish twice and Write after Finish are errors, not crashes.
  EXPECT_FALSE(writer->Finish().ok());
  EXPECT_FALSE(writer->Write(MakeMovingPattern(64, 48, 2)).ok());
}

TEST(VideoWriterTest, FinishWithoutFramesIsAnErrorAndLeavesNoFile) {
  const fs::path dir = FreshDir();
  auto writer = VideoWriter::Open(dir / "empty.mp4", Options(64, 48, 30));
  ASSERT_TRUE(writer.ok());
  const core::Status s = writer->Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ListDir(dir).empty());
}

// Losing the temporary file before Finish (faststart must re-read it) is an error, not a file.
TEST(VideoWriterTest, FinishErrorLeavesNoFile) {
  const fs::path dir = FreshDir();
  const fs::path path = dir / "lost.mp4";
  auto writer = VideoWriter::Open(path, Options(64, 48, 30));
  ASSERT_TRUE(writer.ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(writer->Write(MakeMovingPattern(64, 48, i)).ok());
  const std::vector<std::string> names = ListDir(dir);
  ASSERT_EQ(names.size(), 1u);
  fs::remove(dir / names[0]);
  const core::Status s = writer->Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find(path.string()), std::string::npos) << s.error().message;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(ListDir(dir).empty());
}

// An I/O error on the encoder thread (file size limit -> EFBIG) surfaces as a Status from Write or
// Finish, and no file appears at the final path.
TEST(VideoWriterTest, EncoderThreadIoErrorSurfaces) {
  const fs::path dir = FreshDir();
  const fs::path path = dir / "full.mp4";
  // Noise does not compress: each 256x256 frame costs tens of kB, so 64 kB fill up in a few.
  auto noise = [](int seed) {
    ImageRgba8 img(256, 256, 4, 255);
    uint32_t s = 2463534242u + static_cast<uint32_t>(seed) * 7919u;
    for (size_t i = 0; i < img.pixels.size(); ++i) {
      if (i % 4 == 3) continue;
      s ^= s << 13;
      s ^= s >> 17;
      s ^= s << 5;
      img.pixels[i] = static_cast<uint8_t>(s);
    }
    return img;
  };
  VideoWriterOptions o = Options(256, 256, 30);
  o.crf = 0;  // lossless: about 200 kB per noise frame
  auto opened = VideoWriter::Open(path, o);
  ASSERT_TRUE(opened.ok());
  std::optional<VideoWriter> writer(std::move(opened).value());

  rlimit old_limit{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of a signal
  rlimit small = old_limit;
  small.rlim_cur = rlim_t{64} * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);

  core::Status status = core::Ok();
  int written = 0;
  for (; written < 200 && status.ok(); ++written) status = writer->Write(noise(written));
  if (status.ok()) status = writer->Finish();

  setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);

  ASSERT_FALSE(status.ok()) << "wrote " << written << " frames past a 64 kB file size limit";
  EXPECT_EQ(status.error().code, ErrorCode::kIo) << status.error().ToString();
  // The writer is dead: later calls keep failing; nothing is published.
  EXPECT_FALSE(writer->Write(noise(0)).ok());
  EXPECT_FALSE(writer->Finish().ok());
  writer.reset();
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(ListDir(dir).empty());
}

// Writes from one thread while encoding happens on another: a long clip through a one-frame
// queue still has every frame, in order. Frame i is flat gray at a level unique to i, with
// neighbouring frames 37 levels apart.
TEST(VideoWriterTest, SmallQueueKeepsEveryFrameInOrder) {
  const fs::path path = FreshDir() / "order.mp4";
  VideoWriterOptions o = Options(64, 48, 30);
  o.queue_depth = 1;
  constexpr int kN = 90;
  auto level = [](int i) { return 20 + (i * 37) % 200; };
  {
    auto writer = VideoWriter::Open(path, o);
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < kN; ++i) {
      ImageRgba8 frame(64, 48, 4, static_cast<uint8_t>(level(i)));
      for (size_t k = 3; k < frame.pixels.size(); k += 4) frame.pixels[k] = 255;
      ASSERT_TRUE(writer->Write(std::move(frame)).ok());
    }
    ASSERT_TRUE(writer->Finish().ok());
  }
  auto reader = VideoReader::Open(path);
  ASSERT_TRUE(reader.ok());
  auto frames = reader->ReadAll();
  ASSERT_TRUE(frames.ok());
  ASSERT_EQ(frames->size(), static_cast<size_t>(kN));
  for (int i = 0; i < kN; ++i) {
    const ImageRgba8& f = (*frames)[static_cast<size_t>(i)];
    // 4 levels: see FlatColoursAreAccurate.
    EXPECT_NEAR(f.at(32, 24, 0), level(i), 4) << "frame " << i;
    EXPECT_NEAR(f.at(5, 40, 1), level(i), 4) << "frame " << i;
  }
}

// A path with ':' must not be parsed as a libav protocol.
TEST(VideoWriterTest, PathWithColon) {
  const fs::path path = FreshDir() / "a:b.mp4";
  WritePatternVideo(path, Options(64, 48, 30), 3);
  auto reader = VideoReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  EXPECT_EQ(reader->info().frame_count, 3);
}

}  // namespace
}  // namespace synth4d::encode
