// The labels agree with the video: for the translation, rotation and camera-motion templates,
// the answer of every question is checked against the object's pixels tracked in the DECODED
// video (not the truth file), on 51 generated clips (3 specs x 17 clips x 3 cameras).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "synth4d/encode/video_reader.h"
#include "synth4d/pipeline/clip.h"
#include "synth4d/qa/template.h"
#include "synth4d/spec/loader.h"

namespace synth4d {
namespace {

namespace fs = std::filesystem;

// The objects of tests/data/e2e/*.yaml and the colour that finds each one's pixels (sRGB bytes):
// one channel exceeds the other two by a margin no ground, sky or shadow pixel reaches.
enum class Hue { kRed, kGreen, kBlue };
const std::map<std::string, Hue> kObjectHue = {
    {"mover", Hue::kRed}, {"spinner", Hue::kGreen}, {"landmark", Hue::kBlue}};

bool Matches(const uint8_t* p, Hue hue) {
  const int r = p[0], g = p[1], b = p[2];
  switch (hue) {
    case Hue::kRed: return r - std::max(g, b) > 50;
    case Hue::kGreen: return g - std::max(r, b) > 30;
    case Hue::kBlue: return b - std::max(r, g) > 60;
  }
  return false;
}

// Pixel statistics of one colour in one decoded frame: centroid, area and principal axis.
struct Blob {
  double area = 0;
  double cx = 0, cy = 0;
  double angle_up = 0;     // principal axis angle, radians CCW with image y pointing up
  double elongation = 1;   // ratio of the principal second moments
};

Blob Measure(const core::ImageRgba8& image, Hue hue) {
  Blob blob;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (!Matches(&image.at(x, y, 0), hue)) continue;
      blob.area += 1;
      sx += x; sy += y; sxx += double(x) * x; syy += double(y) * y; sxy += double(x) * y;
    }
  }
  if (blob.area < 20) return blob;
  blob.cx = sx / blob.area;
  blob.cy = sy / blob.area;
  const double mxx = sxx / blob.area - blob.cx * blob.cx;
  const double myy = syy / blob.area - blob.cy * blob.cy;
  const double mxy = sxy / blob.area - blob.cx * blob.cy;
  // Image y points down: negate the mixed moment to measure angles with y up.
  blob.angle_up = 0.5 * std::atan2(-2.0 * mxy, mxx - myy);
  const double common = std::sqrt(0.25 * (mxx - myy) * (mxx - myy) + mxy * mxy);
  const double l1 = 0.5 * (mxx + myy) + common, l2 = 0.5 * (mxx + myy) - common;
  blob.elongation = l2 > 1e-9 ? l1 / l2 : 1e9;
  return blob;
}

// Summed change of the principal-axis angle over frames [from, to], unwrapped with period pi.
double AxisRotation(const std::vector<core::ImageRgba8>& frames, Hue hue, int from, int to) {
  double total = 0;
  double previous = Measure(frames[from], hue).angle_up;
  for (int i = from + 1; i <= to; ++i) {
    const double angle = Measure(frames[i], hue).angle_up;
    double d = angle - previous;
    while (d > std::numbers::pi / 2) d -= std::numbers::pi;
    while (d < -std::numbers::pi / 2) d += std::numbers::pi;
    total += d;
    previous = angle;
  }
  return total;
}

struct Clip {
  std::string key;
  std::string camera;
  std::vector<core::ImageRgba8> frames;
  std::vector<qa::QaItem> items;
};

// What the checks found, per template family.
struct Tally {
  int checked = 0;
  std::vector<std::string> disagreements;
};

class QaVideoTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto templates = qa::LoadTemplates(fs::path(SYNTH4D_SOURCE_DIR) / "qa_templates");
    ASSERT_TRUE(templates.ok()) << templates.error().ToString();
    config_.templates = std::move(templates).value();
    auto renderer = renderer::CreateVulkanRenderer({});
    ASSERT_TRUE(renderer.ok()) << renderer.error().ToString();  // CI has lavapipe: no skip
    const fs::path out = fs::path(testing::TempDir()) / "synth4d_e2e";
    fs::remove_all(out);
    pipeline::ClipOptions options;
    options.qa = &config_;
    for (const char* spec : {"e2e_pan", "e2e_orbit", "e2e_dolly"}) {
      for (int i = 0; i < 17; ++i) {
        spec::ResolveOptions resolve;
        resolve.clip_index = static_cast<uint64_t>(i);
        auto scene = spec::ResolveSpecFile(
            fs::path(SYNTH4D_SOURCE_DIR) / "tests/data/e2e" / (std::string(spec) + ".yaml"), resolve);
        ASSERT_TRUE(scene.ok()) << scene.error().ToString();
        auto outputs = pipeline::RunClip(*scene, options, renderer->get(), out);
        ASSERT_TRUE(outputs.ok()) << outputs.error().ToString();
        ++clips_;
        std::map<std::string, Clip> by_camera;
        for (const pipeline::ClipOutput& o : *outputs) {
          Clip clip;
          clip.key = o.key;
          clip.camera = scene->cameras[by_camera.size()].name;
          auto reader = encode::VideoReader::Open(o.dir / "video.mp4");
          ASSERT_TRUE(reader.ok()) << reader.error().ToString();
          auto frames = reader->ReadAll();
          ASSERT_TRUE(frames.ok()) << frames.error().ToString();
          clip.frames = std::move(frames).value();
          auto items = qa::ReadJsonl(o.dir / "qa.jsonl");
          ASSERT_TRUE(items.ok()) << items.error().ToString();
          clip.items = std::move(items).value();
          by_camera[clip.camera] = std::move(clip);
        }
        Check(by_camera);
      }
    }
  }

  // Checks every translation, rotation and camera-motion label of one clip's cameras.
  static void Check(const std::map<std::string, Clip>& cameras) {
    bool any = false;
    for (const auto& [name, clip] : cameras) {
      for (const qa::QaItem& item : clip.items) {
        if (item.answer_kind != "value") continue;  // false premises have no motion to see
        const std::string& t = item.template_id;
        if (t == "translation_camera" || t == "translation_screen") {
          CheckTranslation(clip, item, translation_);
          any = true;
        } else if (t == "rotation_above" || (t == "rotation_camera" && name == "top")) {
          // Seen from above = the top camera's video (same simulation, every camera).
          CheckRotation(cameras.at("top"), item, rotation_);
          any = true;
        } else if (t == "camera_motion") {
          CheckCamera(clip, item, camera_);
          any = true;
        }
      }
    }
    if (any) ++clips_checked_;
  }

  static std::pair<int, int> Span(const Clip& clip, const qa::QaItem& item) {
    const int last = static_cast<int>(clip.frames.size()) - 1;
    if (item.evidence.frames.size() < 2) return {0, last};
    return {item.evidence.frames.front(), std::min(last, item.evidence.frames.back())};
  }

  static void Record(Tally& tally, bool agrees, const qa::QaItem& item, const std::string& seen) {
    ++tally.checked;
    if (!agrees) tally.disagreements.push_back(item.id + ": label " + item.answer_value + ", video " + seen);
  }

  static void CheckTranslation(const Clip& clip, const qa::QaItem& item, Tally& tally) {
    const Hue hue = kObjectHue.at(item.objects.at(0));
    const auto [from, to] = Span(clip, item);
    const Blob a = Measure(clip.frames[from], hue), b = Measure(clip.frames[to], hue);
    const double dx = b.cx - a.cx, dy = b.cy - a.cy, growth = a.area > 0 ? b.area / a.area : 0;
    const std::string seen = "dx " + std::to_string(dx) + " px, dy " + std::to_string(dy) +
                             " px, area x" + std::to_string(growth);
    // 8 px and 10% are well inside the QA thresholds (30 px; a 2x dominance of the other axis).
    // A still object's centroid stays put; its area may change as it spins, so area is not used.
    const std::string& v = item.answer_value;
    bool agrees = false;
    if (v == "left") agrees = dx < -8;
    if (v == "right") agrees = dx > 8;
    if (v == "toward") agrees = growth > 1.1;
    if (v == "away") agrees = growth > 0 && growth < 1 / 1.1;
    if (v == "still") agrees = std::hypot(dx, dy) < 3;
    Record(tally, agrees, item, seen);
  }

  static void CheckRotation(const Clip& top, const qa::QaItem& item, Tally& tally) {
    const Hue hue = kObjectHue.at(item.objects.at(0));
    const auto [from, to] = Span(top, item);
    if (Measure(top.frames[from], hue).elongation < 2.0) return;  // a square has no visible axis
    const double turn_deg = AxisRotation(top.frames, hue, from, to) * 180 / std::numbers::pi;
    const std::string& v = item.answer_value;
    bool agrees = false;
    if (v == "counter_clockwise") agrees = turn_deg > 10;   // y up: CCW is a growing angle
    if (v == "clockwise") agrees = turn_deg < -10;
    if (v == "still") agrees = std::abs(turn_deg) < 5;
    Record(tally, agrees, item, "axis turned " + std::to_string(turn_deg) + " deg");
  }

  static void CheckCamera(const Clip& clip, const qa::QaItem& item, Tally& tally) {
    // The blue landmark stands still in the world: its image motion is the camera's.
    const int to = std::min<int>(15, static_cast<int>(clip.frames.size()) - 1);
    const Blob a = Measure(clip.frames[0], Hue::kBlue), b = Measure(clip.frames[to], Hue::kBlue);
    const double dx = b.cx - a.cx, growth = a.area > 0 ? b.area / a.area : 0;
    const std::string seen = "landmark dx " + std::to_string(dx) + " px, area x" + std::to_string(growth);
    const std::string& v = item.answer_value;
    bool agrees = false;
    if (v == "pan_left") agrees = dx > 8;    // the view turns left: the world slides right
    if (v == "pan_right") agrees = dx < -8;
    if (v == "forward") agrees = growth > 1.1;
    if (v == "backward") agrees = growth > 0 && growth < 1 / 1.1;
    // Orbiting counter-clockwise seen from above moves the camera to its right around the
    // centre it looks at: the landmark, nearer than that centre, slides left (parallax).
    if (v == "orbit_counter_clockwise") agrees = dx < -5;
    if (v == "orbit_clockwise") agrees = dx > 5;
    if (v == "static") agrees = std::abs(dx) < 1 && std::abs(growth - 1) < 0.02;
    Record(tally, agrees, item, seen);
  }

  static pipeline::QaConfig config_;
  static int clips_;
  static int clips_checked_;
  static Tally translation_, rotation_, camera_;
};

pipeline::QaConfig QaVideoTest::config_;
int QaVideoTest::clips_ = 0;
int QaVideoTest::clips_checked_ = 0;
Tally QaVideoTest::translation_, QaVideoTest::rotation_, QaVideoTest::camera_;

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "  " + l + "\n";
  return out;
}

// One test: rendering 153 videos once is the expensive part (each ctest test is a process).
TEST_F(QaVideoTest, LabelsMatchTheDecodedVideo) {
  std::printf("clips %d (checked %d); labels checked: translation %d, rotation %d, camera %d\n",
              clips_, clips_checked_, translation_.checked, rotation_.checked, camera_.checked);
  EXPECT_GE(clips_, 50);
  EXPECT_GE(clips_checked_, 50);
  EXPECT_GE(translation_.checked, 50);
  EXPECT_GE(rotation_.checked, 25);
  EXPECT_GE(camera_.checked, 50);
  EXPECT_TRUE(translation_.disagreements.empty()) << Join(translation_.disagreements);
  EXPECT_TRUE(rotation_.disagreements.empty()) << Join(rotation_.disagreements);
  EXPECT_TRUE(camera_.disagreements.empty()) << Join(camera_.disagreements);
}

}  // namespace
}  // namespace synth4d
