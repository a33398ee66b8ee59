// Golden images: small (128x96) renders on lavapipe compared with tests/data/golden/*.png.
// Tolerance (declared per test): a pixel "differs" when any channel differs by more than
// kMaxChannelDiff; at most kMaxDifferingFraction of the pixels may differ. Lavapipe builds
// (LLVM versions) and GPUs differ slightly in rasterisation of edges, in shadow-map compares
// and PCF weights and in float rounding before sRGB encoding; these touch edge pixels and a few
// levels of colour, not whole regions. On failure, actual and diff PNGs are written under
// <build>/golden/ and tools/golden-accept copies a reviewed actual over the golden.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <string>

#include "synth4d/encode/png.h"
#include "render_test_util.h"
#include "synth4d/core/geometry.h"
#include "synth4d/core/mesh.h"

namespace synth4d::renderer {
namespace {

namespace fs = std::filesystem;

struct Tolerance {
  int max_channel_diff = 12;             // 8-bit levels (about 5%)
  double max_differing_fraction = 0.01;  // 1% of 12288 pixels = 122 pixels, edge-sized
};

fs::path GoldenPath(const std::string& name) {
  return fs::path(SYNTH4D_SOURCE_DIR) / "tests/data/golden" / (name + ".png");
}
fs::path OutPath(const std::string& name, const std::string& kind) {
  return fs::path(SYNTH4D_BINARY_DIR) / "golden" / (name + "." + kind + ".png");
}

// Compares `actual` with the golden; writes actual + diff PNGs into the build dir on failure.
void ExpectMatchesGolden(const std::string& name, const core::ImageRgba8& actual,
                         Tolerance tol = {}) {
  const fs::path actual_path = OutPath(name, "actual");
  auto golden = encode::ReadPng(GoldenPath(name));
  if (!golden.ok()) {
    ASSERT_TRUE(encode::WritePng(actual_path, actual).ok());
    FAIL() << "no golden " << GoldenPath(name) << " (" << golden.error().ToString() << "); review "
           << actual_path << " and run tools/golden-accept";
  }
  ASSERT_EQ(golden->width, actual.width);
  ASSERT_EQ(golden->height, actual.height);
  core::ImageRgba8 diff(actual.width, actual.height, 4, 0);
  int differing = 0, worst = 0;
  for (int y = 0; y < actual.height; ++y) {
    for (int x = 0; x < actual.width; ++x) {
      int d = 0;
      for (int c = 0; c < 3; ++c)
        d = std::max(d, std::abs(actual.at(x, y, c) - golden->at(x, y, c)));
      worst = std::max(worst, d);
      const bool bad = d > tol.max_channel_diff;
      differing += bad;
      // Diff image: red where beyond tolerance, grey levels for differences within it.
      const uint8_t v = static_cast<uint8_t>(std::min(255, d * 8));
      diff.at(x, y, 0) = bad ? 255 : v;
      diff.at(x, y, 1) = bad ? 0 : v;
      diff.at(x, y, 2) = bad ? 0 : v;
      diff.at(x, y, 3) = 255;
    }
  }
  const double fraction = double(differing) / (actual.width * actual.height);
  if (fraction > tol.max_differing_fraction) {
    ASSERT_TRUE(encode::WritePng(actual_path, actual).ok());
    ASSERT_TRUE(encode::WritePng(OutPath(name, "diff"), diff).ok());
    ADD_FAILURE() << name << ": " << differing << " pixels (" << 100 * fraction
                  << "%) differ by more than " << tol.max_channel_diff << " (worst " << worst
                  << "); allowed " << 100 * tol.max_differing_fraction << "%. See " << actual_path
                  << " and " << OutPath(name, "diff") << "; accept with tools/golden-accept";
  }
}

RenderScene GoldenScene() {
  RenderScene scene = test::SceneWith(128, 96,
                                      {core::MakeBox({0.6, 0.6, 0.6}), core::MakeSphere(0.35),
                                       core::MakeCylinder(0.25, 0.8), core::MakeCone(0.3, 0.6)});
  const glm::vec3 colors[] = {
      {0.8f, 0.1f, 0.1f}, {0.1f, 0.6f, 0.15f}, {0.15f, 0.25f, 0.8f}, {0.85f, 0.7f, 0.1f}};
  for (size_t i = 0; i < scene.objects.size(); ++i) scene.objects[i].base_color_linear = colors[i];
  scene.environment.ground_size_m = 8.0f;
  scene.environment.ground_tile_m = 0.5f;
  scene.environment.ground_color_linear = glm::vec3(0.6f);
  scene.environment.ground_color2_linear = glm::vec3(0.2f);
  return scene;
}

FrameInput GoldenFrame(const RenderScene& scene) {
  FrameInput in;
  in.K = core::FromVerticalFov(scene.width, scene.height, 45.0 * std::numbers::pi / 180.0);
  in.X_WC = core::LookAt({3.0, -4.0, 2.5}, {0.0, 0.0, 0.3});
  const glm::dvec3 positions[] = {
      {-0.9, 0.2, 0.3}, {0.3, -0.5, 0.35}, {0.8, 0.8, 0.4}, {-0.2, 1.2, 0.3}};
  for (size_t i = 0; i < scene.objects.size(); ++i) {
    in.X_WO.push_back({positions[i], core::FromYawPitchRoll(0.4 * double(i), 0.0, 0.0)});
  }
  return in;
}

TEST(GoldenTest, MatteCheckerShadows) {
  auto r = test::CreateTestRenderer(DeviceChoice::kCpu);  // goldens are lavapipe images
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const RenderScene scene = GoldenScene();
  RenderOptions options;
  options.shadows = true;
  options.shadow_map_size = 1024;
  auto out = test::RenderOne(**r, scene, GoldenFrame(scene), options);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ExpectMatchesGolden("matte_checker_shadows", out->rgba);
}

TEST(GoldenTest, ShinyPatternsGridMsaa4) {
  auto r = test::CreateTestRenderer(DeviceChoice::kCpu);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  RenderScene scene = GoldenScene();
  scene.objects[0].pattern = SurfacePattern::kMarkedFace;
  scene.objects[1].pattern = SurfacePattern::kStripes;
  scene.objects[1].material = SurfaceMaterial::kShiny;
  scene.objects[2].pattern = SurfacePattern::kStripes;
  scene.objects[3].material = SurfaceMaterial::kShiny;
  scene.environment.ground_pattern = GroundPattern::kGrid;
  RenderOptions options;
  options.msaa_samples = 4;
  options.shadows = true;
  options.shadow_map_size = 1024;
  auto out = test::RenderOne(**r, scene, GoldenFrame(scene), options);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ExpectMatchesGolden("shiny_patterns_grid_msaa4", out->rgba);
}

TEST(GoldenTest, PlainGroundNoShadows) {
  auto r = test::CreateTestRenderer(DeviceChoice::kCpu);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  RenderScene scene = GoldenScene();
  scene.environment.ground_pattern = GroundPattern::kPlain;
  scene.environment.sun_direction = {0.5f, 0.2f, -0.6f};
  RenderOptions options;
  options.shadows = false;
  auto out = test::RenderOne(**r, scene, GoldenFrame(scene), options);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ExpectMatchesGolden("plain_ground_no_shadows", out->rgba);
}

}  // namespace
}  // namespace synth4d::renderer
