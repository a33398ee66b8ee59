#include "synth4d/spec/to_yaml.h"

#include <gtest/gtest.h>

#include "synth4d/core/rng.h"
#include "synth4d/spec/loader.h"
#include "test_util.h"

namespace synth4d::spec {
namespace {

using testing::StubOptions;

// Writes `scene`, reads it back (as another file, with other seeds) and writes it again.
void ExpectRoundTrip(const ResolvedScene& scene) {
  const std::string yaml = ToYaml(scene);
  ResolveOptions options = StubOptions();
  options.dataset_seed = 999;
  options.clip_index = 5;
  auto again = ResolveSpecString(yaml, "elsewhere/resolved.yaml", options);
  ASSERT_TRUE(again.ok()) << again.error().ToString() << "\n" << yaml;
  EXPECT_TRUE(*again == scene) << yaml << "\n---\n" << ToYaml(*again);
  EXPECT_EQ(ToYaml(*again), yaml);
}

TEST(ToYamlTest, DemoRoundTripsExactly) {
  for (uint64_t index = 0; index < 5; ++index) {
    auto scene = ResolveSpecFile("scenes/demo.yaml", ResolveOptions{.clip_index = index});
    ASSERT_TRUE(scene.ok()) << scene.error().ToString();
    ExpectRoundTrip(*scene);
  }
}

TEST(ToYamlTest, EveryKindOfFieldRoundTrips) {
  const ResolvedScene scene = testing::Resolve(R"(
clip: {duration: 2.5, fps: 24, resolution: [320, 240], seed: 12}
environment:
  ground: {pattern: grid, color: {name: mine, rgb: [0.1, 0.2, 0.3]}, tile: 0.25}
  sun: {azimuth: 33, elevation: 21.5}
objects:
  - {name: m, shape: mesh, asset: mesh.gltf, scale: 0.3, front: -y, position: [0, 0]}
  - {name: c, shape: capsule, radius: 0.1, height: 0.7, orientation: {yaw: 10, pitch: 20, roll: 30},
     position: [2, 0, 1]}
  - name: d
    shape: cone
    position: [4, 0]
    motion: {type: dynamic, velocity: [1, 0, 0], angular_velocity: [0, 0, 45],
             impulses: [{t: 1, impulse: [0, 0, 3]}], forces: [{t: 1, duration: 0.5, force: [1, 1, 0]}]}
  - name: s
    front: +x
    orientation: {yaw: 33}
    position: [6, 0]
    motion:
      type: scripted
      segments:
        - {type: accelerate, speed: 1.3, duration: 0.7, easing: smooth}
        - {type: turn, angle: 77, direction: right, duration: 1.1, easing: smooth}
        - {type: move, to: [9, 3], speed: 0.9}
        - {type: rotate, axis: [1, 1, 1], angle: 200, duration: 1.7, sense: cw}
        - {type: wait, duration: 0.3}
        - {type: reverse, duration: 0.4}
        - {type: decelerate, direction: left, duration: 0.5}
        - {type: waypoints, points: [[7, 7], [8, 8, 1.5]], duration: 3.3}
        - {type: move, direction: forward, speed: 0.1, duration: 0.1, face_motion: false}
cameras:
  - {name: a, focal_length_mm: 35, position: [1, -7, 3], look_at: [0.5, 0, 0.2]}
  - {name: b, path: {type: pan_tilt, pan_rate: 7, tilt_rate: -3}}
  - {name: c, position: [3, 3, 3], path: {type: orbit, rate: 11, sense: cw}}
  - {name: d, path: {type: dolly, speed: 0.3}}
  - {name: e, path: {type: truck, speed: -0.3}}
  - {name: f, path: {type: pedestal, speed: 0.1}}
  - {name: g, path: {type: follow, target: s}}
  - {name: h, path: {type: keyframes, interpolation: smooth,
                     keys: [{t: 0, position: [0, -5, 2], look_at: [0, 0, 0]},
                            {t: 1.5, position: [5, 0, 2], look_at: [0, 0, 1]}]}}
)");
  ASSERT_EQ(scene.objects.size(), 4u);
  ExpectRoundTrip(scene);
}

TEST(ToYamlTest, DoublesAreWrittenShortestAndReadBackExactly) {
  ResolvedScene scene = testing::Resolve("objects: [{name: a, position: [0, 0]}]");
  core::Rng rng(7);
  for (int i = 0; i < 200; ++i) {
    ObjectSpec& o = scene.objects[0];
    o.mass_kg = std::exp(rng.Uniform(-20, 20));
    o.friction = rng.Uniform(0, 10);
    o.position = {rng.Normal(0, 100), rng.Normal(0, 1e-3), 1e3 + rng.Uniform(0, 1)};
    o.color.srgb = {rng.Uniform01(), 1.0 / 3.0, 0.1};
    ExpectRoundTrip(scene);
  }
  const std::string yaml = ToYaml(scene);
  EXPECT_NE(yaml.find("rgb: ["), std::string::npos);
  EXPECT_NE(yaml.find(", 0.3333333333333333, 0.1]"), std::string::npos) << yaml;
}

TEST(ToYamlTest, StringsAreQuotedAndEscaped) {
  ResolvedScene scene = testing::Resolve("objects: [{name: a, position: [0, 0]}]");
  scene.source = "dir with \"quotes\"\\and\ttab.yaml";
  scene.objects[0].prototype = "null";
  scene.objects[0].color.name = "yes: no";
  ExpectRoundTrip(scene);
  EXPECT_NE(ToYaml(scene).find(R"(source: "dir with \"quotes\"\\and\x09tab.yaml")"),
            std::string::npos);
}

}  // namespace
}  // namespace synth4d::spec
