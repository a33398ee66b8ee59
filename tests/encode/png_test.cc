#include "synth4d/encode/png.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "synth4d/core/file.h"
#include "synth4d/core/image.h"
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

// Deterministic pseudo-random bytes (xorshift32).
class Bytes {
 public:
  explicit Bytes(uint32_t seed) : s_(seed) {}
  uint32_t Next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 17;
    s_ ^= s_ << 5;
    return s_;
  }

 private:
  uint32_t s_;
};

ImageRgba8 RandomImage(int w, int h, int channels, uint32_t seed) {
  ImageRgba8 img(w, h, channels);
  Bytes rng(seed);
  for (uint8_t& v : img.pixels) v = static_cast<uint8_t>(rng.Next() >> 24);
  return img;
}

TEST(PngTest, RgbaRoundTripIsExact) {
  const fs::path dir = FreshDir();
  const ImageRgba8 img = RandomImage(37, 23, 4, 1);  // odd sizes on purpose
  ASSERT_TRUE(WritePng(dir / "a.png", img).ok());
  EXPECT_EQ(ListDir(dir), std::vector<std::string>{"a.png"});  // no temporary left behind
  auto back = ReadPng(dir / "a.png");
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->width, 37);
  EXPECT_EQ(back->height, 23);
  EXPECT_EQ(back->channels, 4);
  EXPECT_EQ(back->pixels, img.pixels);
}

TEST(PngTest, RgbModeDropsAlpha) {
  const fs::path path = FreshDir() / "rgb.png";
  const ImageRgba8 img = RandomImage(16, 9, 4, 2);
  ASSERT_TRUE(WritePng(path, img, PngColor::kRgb).ok());
  auto back = ReadPng(path);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->pixels.size(), img.pixels.size());
  for (size_t i = 0; i < img.pixels.size(); ++i) {
    EXPECT_EQ(back->pixels[i], i % 4 == 3 ? 255 : img.pixels[i]) << i;
  }
  // An independent reader sees 3 channels: ffprobe reports rgb24.
  int rc = 0;
  const std::string out = RunCommand(
      "ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 " + ShellQuote(path.string()),
      &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(out.substr(0, out.find('\n')), "rgb24");
}

TEST(PngTest, GrayAndRgbImagesExpandToRgba) {
  const fs::path dir = FreshDir();
  const ImageRgba8 gray = RandomImage(8, 5, 1, 3);
  ASSERT_TRUE(WritePng(dir / "g.png", gray).ok());
  auto back = ReadPng(dir / "g.png");
  ASSERT_TRUE(back.ok());
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 8; ++x) {
      for (int c = 0; c < 3; ++c) EXPECT_EQ(back->at(x, y, c), gray.at(x, y));
      EXPECT_EQ(back->at(x, y, 3), 255);
    }
  }
  const ImageRgba8 rgb = RandomImage(8, 5, 3, 4);
  ASSERT_TRUE(WritePng(dir / "c.png", rgb).ok());
  auto back_rgb = ReadPng(dir / "c.png");
  ASSERT_TRUE(back_rgb.ok());
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 8; ++x) {
      for (int c = 0; c < 3; ++c) EXPECT_EQ(back_rgb->at(x, y, c), rgb.at(x, y, c));
    }
  }
}

TEST(PngTest, Errors) {
  const fs::path dir = FreshDir();
  auto missing = ReadPng(dir / "missing.png");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  {
    std::ofstream out(dir / "junk.png");
    out << "definitely not a png file";
  }
  auto junk = ReadPng(dir / "junk.png");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().code, ErrorCode::kInvalidArgument);

  // A truncated PNG is an error, not a crash.
  ASSERT_TRUE(WritePng(dir / "full.png", RandomImage(64, 64, 4, 5)).ok());
  {
    auto bytes = core::ReadFile(dir / "full.png");
    ASSERT_TRUE(bytes.ok());
    std::ofstream out(dir / "cut.png", std::ios::binary);
    out << bytes->substr(0, bytes->size() / 2);
  }
  auto cut = ReadPng(dir / "cut.png");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, ErrorCode::kInvalidArgument);

  EXPECT_EQ(WritePng(dir / "x.png", ImageRgba8()).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(WritePng(dir / "x.png", ImageRgba8(4, 4, 2)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(WritePng("/proc/synth4d_cannot_write/x.png", RandomImage(4, 4, 4, 6)).error().code,
            ErrorCode::kIo);
  // An 8-bit colour PNG is not a depth map.
  auto not_depth = ReadDepthPng16(dir / "full.png");
  ASSERT_FALSE(not_depth.ok());
  EXPECT_EQ(not_depth.error().code, ErrorCode::kInvalidArgument);
}

TEST(DepthPngTest, MillimetreRoundTripIsExact) {
  const fs::path path = FreshDir() / "depth.png";
  ImageDepthMm depth(33, 17, 1);
  Bytes rng(7);
  for (uint16_t& v : depth.pixels) v = static_cast<uint16_t>(rng.Next() >> 16);
  depth.at(0, 0) = 0;
  depth.at(1, 0) = 1;
  depth.at(2, 0) = 256;  // distinguishes byte orders
  depth.at(3, 0) = 65535;
  ASSERT_TRUE(WriteDepthPng16(path, depth).ok());
  auto back = ReadDepthPng16(path);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->width, 33);
  EXPECT_EQ(back->height, 17);
  EXPECT_EQ(back->pixels, depth.pixels);

  // An independent decoder (ffmpeg) reads the same values: the file is big-endian 16-bit gray.
  int rc = 0;
  const std::string raw = RunCommand(
      "ffmpeg -v error -i " + ShellQuote(path.string()) + " -f rawvideo -pix_fmt gray16le -", &rc);
  ASSERT_EQ(rc, 0);
  ASSERT_EQ(raw.size(), depth.pixels.size() * 2);
  for (size_t i = 0; i < depth.pixels.size(); ++i) {
    const uint16_t v = static_cast<uint16_t>(static_cast<uint8_t>(raw[2 * i]) |
                                             (static_cast<uint8_t>(raw[2 * i + 1]) << 8));
    ASSERT_EQ(v, depth.pixels[i]) << "pixel " << i;
  }
}

TEST(DepthPngTest, MetresToMillimetres) {
  core::ImageDepth m(10, 1, 1);
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float values[10] = {1.25f, inf, nan, -1.0f, 0.0f, 0.0004f, 0.0006f, 65.535f, 65.6f, 2.0f};
  for (int i = 0; i < 10; ++i) m.at(i, 0) = values[i];
  const ImageDepthMm mm = DepthToMillimetres(m);
  const uint16_t expected[10] = {1250, 0, 0, 0, 0, 0, 1, 65535, 0, 2000};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(mm.at(i, 0), expected[i]) << "value " << values[i];

  const fs::path path = FreshDir() / "depth_m.png";
  ASSERT_TRUE(WriteDepthPng16(path, m).ok());
  auto back = ReadDepthPng16(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pixels, mm.pixels);
  EXPECT_EQ(WriteDepthPng16(path, ImageDepthMm()).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace synth4d::encode
