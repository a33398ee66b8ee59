// Validation: how issues are located, ordered, collected and worded (the files under
// tests/data/specs/ cover every class of error, see scenes_test.cc).
#include <gtest/gtest.h>

#include "synth4d/spec/loader.h"
#include "test_util.h"

namespace synth4d::spec {
namespace {

using testing::Dump;
using testing::Issues;

// The single issue of `yaml`, checked for location and field; returns its message.
std::string OnlyIssue(const std::string& yaml, const std::string& where, const std::string& field) {
  const auto issues = Issues(yaml);
  EXPECT_EQ(issues.size(), 1u) << Dump(issues);
  if (issues.empty()) return "";
  EXPECT_EQ(issues[0].where, "test.yaml:" + where) << Dump(issues);
  EXPECT_EQ(issues[0].field, field) << Dump(issues);
  return issues[0].message;
}

TEST(ValidationTest, AllErrorsAreReportedInDocumentOrder) {
  const std::string yaml = R"(cameras:
  - {name: c, fov: 500}
objects:
  - {name: a, mass: -1, position: [0, 0]}
clip: {fps: 0}
)";
  const auto issues = Issues(yaml);
  ASSERT_EQ(issues.size(), 3u) << Dump(issues);
  EXPECT_EQ(issues[0].where, "test.yaml:2:20");
  EXPECT_EQ(issues[0].field, "cameras[0].fov");
  EXPECT_EQ(issues[1].where, "test.yaml:4:21");
  EXPECT_EQ(issues[1].field, "objects[0].mass");
  EXPECT_EQ(issues[2].where, "test.yaml:5:13");
  EXPECT_EQ(issues[2].field, "clip.fps");
  const auto status = ValidateSpecString(yaml, "test.yaml", testing::StubOptions());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "test.yaml: invalid scene spec (3 errors)");
  EXPECT_EQ(status.error().issues.size(), 3u);
}

// A prototype's motion is checked even when the group's count may draw none of it.
TEST(ValidationTest, PrototypeMotionIsCheckedWhateverTheCount) {
  for (const std::string count : {"0", "{int: [0, 2]}", "1"}) {
    const std::string yaml = "objects:\n  - name: runner\n    count: " + count + R"(
    prototypes:
      - name: box
        shape: box
        position: [0, 0]
        motion: {type: scripted, segments: [{type: move, direction: +x, duration: 1}]}
)";
    const auto issues = Issues(yaml);
    ASSERT_EQ(issues.size(), 1u) << count << "\n" << Dump(issues);
    EXPECT_EQ(issues[0].field, "objects[0].prototypes[0].motion.segments[0].speed") << count;
  }
}

TEST(ValidationTest, ManyErrorsAreCapped) {
  std::string yaml = "objects:\n";
  for (int i = 0; i < 150; ++i) {
    yaml += "  - {name: o" + std::to_string(i) + ", mass: -1, position: [" + std::to_string(2 * i) +
            ", 0]}\n";
  }
  const auto issues = Issues(yaml);
  ASSERT_EQ(issues.size(), 101u);
  EXPECT_EQ(issues.back().message, "50 more errors not shown");
}

TEST(ValidationTest, MessagesSayWhatWasExpectedAndFound) {
  EXPECT_EQ(OnlyIssue("clip: {duration: abc}", "1:18", "clip.duration"),
            "expected a number in (0, 600]; found 'abc'");
  EXPECT_EQ(OnlyIssue("clip: {width: 100.5}", "1:15", "clip.width"),
            "expected an integer in [16, 4096]; found '100.5'");
  EXPECT_EQ(
      OnlyIssue("objects: [{name: a, shape: sphre, position: [0, 0]}]", "1:28", "objects[0].shape"),
      "expected one of box, sphere, cylinder, cone, capsule, mesh; found 'sphre' "
      "(did you mean 'sphere'?)");
  EXPECT_EQ(OnlyIssue("objects: [{name: 'a b', position: [0, 0]}]", "1:18", "objects[0].name"),
            "a name has 1 to 64 letters, digits, '_', '-' or '.'; found 'a b'");
  EXPECT_EQ(
      OnlyIssue("environment: {sun: {direction: [0, 0, 1]}}", "1:32", "environment.sun.direction"),
      "the sun must shine downward: direction (the way light travels) needs z < 0");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, front: [0, 0, 0], position: [0, 0]}]", "1:28",
                      "objects[0].front"),
            "expected a non-zero direction; found [0, 0, 0]");
}

TEST(ValidationTest, DistributionsMustFitTheField) {
  EXPECT_EQ(OnlyIssue("objects: [{name: a, mass: {uniform: [-1, 2]}, position: [0, 0]}]", "1:37",
                      "objects[0].mass"),
            "uniform bounds must be in (0, 10000000000]; found [-1, 2]");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, material: {uniform: [0, 1]}, position: [0, 0]}]", "1:31",
                      "objects[0].material"),
            "this field takes a word or {choice: [...]}; found uniform");
  EXPECT_EQ(
      OnlyIssue("objects: [{name: a, mass: {choice: [1, 2], weights: [1]}, position: [0, 0]}]",
                "1:53", "objects[0].mass.weights"),
      "expected a list of 2 numbers; found 1");
  EXPECT_EQ(
      OnlyIssue("objects: [{name: a, shape: {choice: [box, sphere]}, radius: 1, position: [0, 0]}]",
                "1:61", "objects[0].radius"),
      "cannot be combined with a random shape; give `size` or use prototypes");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, position: {uniform: [[0, 0], [1, 1, 1]]}}]", "1:41",
                      "objects[0].position"),
            "uniform of a vector needs two lists of the same length");
}

TEST(ValidationTest, ConflictingKeys) {
  EXPECT_EQ(OnlyIssue("clip: {resolution: [64, 64], width: 32}", "1:20", "clip.resolution"),
            "give resolution or width/height, not both");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, shape: sphere, radius: 1, size: 2, position: [0, 0]}]",
                      "1:44", "objects[0].radius"),
            "give `size` or radius, not both");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, orientation: {yaw: 1, quaternion: [1, 0, 0, 0]}, "
                      "position: [0, 0]}]",
                      "1:55", "objects[0].orientation.quaternion"),
            "give quaternion or yaw/pitch/roll, not both");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, position: [0, 0], motion: {type: dynamic, "
                      "angular_velocity: [0, 0, 1], angular_velocity_rad: [0, 0, 1]}}]",
                      "1:114", "objects[0].motion.angular_velocity_rad"),
            "give angular_velocity (deg/s) or angular_velocity_rad, not both");
}

TEST(ValidationTest, ResolvedBlockNeedsItsSeed) {
  EXPECT_EQ(OnlyIssue("resolved: {spec_key: x}", "1:11", "resolved.clip_seed"),
            "missing: clip_seed");
}

TEST(ValidationTest, UnknownKeysInsideDistributionsAndSegments) {
  EXPECT_EQ(OnlyIssue("clip: {duration: {uniform: [1, 2], normal: [1, 2]}}", "1:36",
                      "clip.duration.normal"),
            "unknown key 'normal'; expected one of: uniform");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, position: [0, 0], motion: {type: scripted, segments: "
                      "[{type: wait, duration: 1, speed: 2}]}}]",
                      "1:101", "objects[0].motion.segments[0].speed"),
            "unknown key 'speed'; expected one of: type, duration, easing, face_motion");
}

TEST(ValidationTest, DerivedValuesMustStayInRange) {
  // Resolved files carry derived values; each must be readable again.
  const std::string scripted =
      "objects: [{name: a, position: [0, 0], motion: {type: scripted, segments: [";
  EXPECT_EQ(OnlyIssue(scripted + "{type: move, to: [1000, 0], duration: 0.001}]}}]", "1:75",
                      "objects[0].motion.segments[0]"),
            "the path of 1000 m in this duration needs 1000000 m/s; speeds must be in (0, 1000]");
  EXPECT_EQ(OnlyIssue(scripted + "{type: rotate, angle: 36000, duration: 0.1}]}}]", "1:75",
                      "objects[0].motion.segments[0]"),
            "this angle in this duration needs 6283.185307179586 rad/s; rates must be within "
            "1000 rad/s");
  const std::string long_name(63, 'n');
  EXPECT_EQ(OnlyIssue("objects: [{name: " + long_name +
                          ", count: 10, prototypes: [{name: p}], position: [{uniform: [-9, 9]}, "
                          "{uniform: [-9, 9]}]}]",
                      "1:18", "objects[0].name"),
            "generated names '" + long_name + "_<i>' would be longer than 64 characters");
  EXPECT_EQ(OnlyIssue("objects: [{name: a, position: [9000, 0]}]\n"
                      "cameras: [{name: c, path: {type: follow, target: a, offset: [9000, 0, 1]}}]",
                      "2:11", "cameras[0].position"),
            "the camera starts at 18000 m along axis 0; positions must be in [-10000, 10000]");
}

TEST(ValidationTest, AliasBombsHitTheReadBudget) {
  // 1000 waypoints x 1000 segments x 100 objects through aliases: 3e8 numbers from a 20 kB file.
  std::string points;
  for (int i = 0; i < 1000; ++i) points += i % 2 ? "[1, 1], " : "[0, 0], ";
  std::string yaml = "qa:\n  m: &m {type: scripted, segments: [";
  yaml += "&s {type: waypoints, speed: 1, points: [" + points + "]}";
  for (int i = 1; i < 1000; ++i) yaml += ", *s";
  yaml += "]}\nobjects:\n";
  for (int i = 0; i < 100; ++i) {
    yaml += "  - {name: o" + std::to_string(i) + ", position: [0, 0], motion: *m}\n";
  }
  const auto issues = Issues(yaml);
  ASSERT_FALSE(issues.empty());
  EXPECT_NE(Dump(issues).find("the spec is too large"), std::string::npos) << Dump(issues);
}

}  // namespace
}  // namespace synth4d::spec
