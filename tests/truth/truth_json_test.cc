#include "synth4d/truth/truth_json.h"

#include <gtest/gtest.h>

namespace synth4d::truth {
namespace {

VideoTruth SampleTruth() {
  VideoTruth t;
  t.clip = {.key = "demo_000001_front", .spec_key = "demo", .camera = "front", .camera_index = 0,
            .fps = 30, .num_frames = 2, .width = 64, .height = 48, .seed = 123456789012345ULL,
            .dataset_seed = 9, .clip_index = 1, .synth4d_version = "0.1.0"};
  t.K = {64, 48, 50.123456789, 50.123456789, 32, 24};
  t.X_WC = {{{0, -5, 1}, {0.7071067811865476, -0.7071067811865476, 0, 0}},
            {{0.1, -5, 1}, {0.7071067811865476, -0.7071067811865476, 0, 0}}};
  ObjectInfo o;
  o.id = 1;
  o.name = "car";
  o.shape = "mesh";
  o.color_name = "red";
  o.color_srgb = {0.8, 0.1, 0.1};
  o.material = "metal";
  o.size = {4, 2, 1.5};
  o.motion = "scripted";
  o.front = glm::dvec3(1, 0, 0);
  t.objects.push_back(o);
  ObjectFrame a;
  a.X_WB = {{0.1234567891, 1, 0.75}, {1, 0, 0, 0}};
  a.v_W = {1.0 / 3.0, 0, 0};
  a.p_C = {0.1, 0.2, 5.0};
  a.centre_px = glm::dvec2(33.3333333, 25.5);
  ObjectFrame b = a;
  b.rendered = true;
  b.box = std::array<int, 4>{1, 2, 3, 4};
  b.visible_px = 4;
  b.unoccluded_px = 8;
  b.silhouette_px = 10;
  b.visible_fraction = 0.5;
  b.in_view = true;
  t.frames = {{a, b}};
  t.contacts.push_back({0, -1, 0, 1, 0.25});
  t.motion_events.push_back({sim::MotionEvent::Kind::kTurnLeft, 0, 1, 0.6});
  t.glitches.push_back({sim::Glitch::Kind::kPenetration, 1, 0, 0.02, "deep"});
  t.resolved_scene_yaml = "clip:\n  fps: 30\n";
  return t;
}

TEST(TruthJsonTest, RoundTripIsByteIdentical) {
  const std::string once = ToJson(SampleTruth());
  auto parsed = FromJson(once, "mem");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(ToJson(*parsed), once);
  EXPECT_EQ(parsed->clip.seed, 123456789012345ULL);
  EXPECT_NEAR(parsed->frames[0][0].X_WB.p.x, 0.123457, 1e-12);  // rounded to 1 um
  EXPECT_FALSE(parsed->frames[0][0].rendered);
  EXPECT_TRUE(parsed->frames[0][1].rendered);
  EXPECT_EQ(parsed->motion_events[0].kind, sim::MotionEvent::Kind::kTurnLeft);
  EXPECT_EQ(parsed->objects[0].front, glm::dvec3(1, 0, 0));
}

TEST(TruthJsonTest, SchemaAndConventionsAreStated) {
  const std::string json = ToJson(SampleTruth());
  EXPECT_NE(json.find("\"schema\": \"synth4d.truth/1\""), std::string::npos);
  EXPECT_NE(json.find("OpenCV"), std::string::npos);
  EXPECT_NE(json.find("w, x, y, z"), std::string::npos);
}

TEST(TruthJsonTest, ErrorsNameTheSourceAndField) {
  auto bad = FromJson("{not json", "clips/a/truth.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("clips/a/truth.json"), std::string::npos);
  auto wrong = FromJson(R"({"schema": "other/2"})", "x.json");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("synth4d.truth/1"), std::string::npos);
  std::string truncated = ToJson(SampleTruth());
  const size_t at = truncated.find("\"X_WC\"");
  truncated.replace(at, 6, "\"X_XX\"");
  auto missing = FromJson(truncated, "y.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("X_WC"), std::string::npos);
}

}  // namespace
}  // namespace synth4d::truth
