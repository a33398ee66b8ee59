// Byte determinism of the videos (issue 15): a spec whose mover leaves the frame in some clips,
// made by one worker and then 20 times by two workers in one process, gives the same shard members,
// the MP4s included, bit for bit. Videos are otherwise checked by decoding (tests/encode); this
// test is the exception because `merge` and resumed runs compare whole shards.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "dataset_util.h"
#include "synth4d/core/file.h"
#include "synth4d/pipeline/dataset.h"
#include "test_util.h"

namespace synth4d::pipeline {
namespace {

namespace fs = std::filesystem;

// tests/shard/data/tiny.yaml with the mover started further right and moving twice as fast, so
// that in most clips it leaves the main camera's frame part way through (visible pixels fall to
// 0) and the clip ends on the background alone.
constexpr char kLeavingSpec[] = R"(clip:
  duration: 1
  fps: 12
  resolution: [64, 48]
  seed: 3
objects:
  - name: mover
    shape: {choice: [box, sphere]}
    size: 0.6
    color: {choice: [red, blue, green]}
    position: [{uniform: [-0.5, 3.5]}, 0]
    motion:
      type: scripted
      segments:
        - {type: move, direction: +x, speed: 3, duration: 1}
  - name: spinner
    shape: cylinder
    radius: 0.3
    height: 0.8
    color: yellow
    position: [1.5, 1.5]
    motion:
      type: scripted
      segments:
        - {type: rotate, axis: +z, speed: 120, sense: ccw, duration: 1}
cameras:
  - name: main
    fov: 50
    position: [0, -6, 3]
    look_at: [0, 0, 0.3]
  - name: side
    fov: 50
    position: [6, -1, 3]
    look_at: [0, 0, 0.3]
)";

constexpr int kClips = 8;
constexpr int kRepeats = 20;

// The keys whose bytes differ between `a` and `b` (or that only one of them has).
std::vector<std::string> DifferingKeys(const std::map<std::string, std::string>& a,
                                       const std::map<std::string, std::string>& b) {
  std::vector<std::string> keys;
  for (const auto& [key, bytes] : a) {
    auto it = b.find(key);
    if (it == b.end() || it->second != bytes) keys.push_back(key);
  }
  for (const auto& [key, bytes] : b) {
    if (a.count(key) == 0) keys.push_back(key);
  }
  return keys;
}

TEST(VideoDeterminismTest, TwentyTwoWorkerRunsGiveTheOneWorkerBytes) {
  const fs::path spec_dir = testing::FreshDir("video_determinism_spec");
  const fs::path spec = spec_dir / "leaving.yaml";
  ASSERT_TRUE(core::WriteFileAtomic(spec, kLeavingSpec).ok());

  auto options = [&](int workers) {
    DatasetOptions o = testing::TinyOptions(kClips, workers);
    o.plan.specs = {spec};
    return o;
  };
  const fs::path reference = testing::FreshDir("video_determinism_reference");
  auto made = GenerateDataset(options(1), reference);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  ASSERT_EQ(made->failed, 0);
  const std::map<std::string, std::string> expected = testing::ShardMembers(reference);
  int videos = 0;
  for (const auto& [key, bytes] : expected) videos += key.ends_with(".mp4") ? 1 : 0;
  ASSERT_EQ(videos, 2 * kClips);  // two cameras per clip

  int identical = 0;
  for (int run = 0; run < kRepeats; ++run) {
    const fs::path dir = testing::FreshDir("video_determinism_run" + std::to_string(run));
    auto summary = GenerateDataset(options(2), dir);
    ASSERT_TRUE(summary.ok()) << summary.error().ToString();
    const std::vector<std::string> differing = DifferingKeys(testing::ShardMembers(dir), expected);
    std::string list;
    for (const std::string& key : differing) list += " " + key;
    EXPECT_TRUE(differing.empty()) << "run " << run << ": members differ from 1 worker:" << list;
    identical += differing.empty() ? 1 : 0;
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  EXPECT_EQ(identical, kRepeats);
}

}  // namespace
}  // namespace synth4d::pipeline
