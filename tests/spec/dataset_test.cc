// The `dataset:` section (held-out rules) is part of the spec language: validate and resolve check
// it with file:line:col, and ReadHeldOutRules gives the rules the dataset planner uses. Bytes
// YAML forbids (NUL, control characters, non-UTF-8) are refused with their position.
#include "synth4d/spec/dataset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "synth4d/core/file.h"
#include "synth4d/spec/loader.h"
#include "test_util.h"

namespace synth4d::spec {
namespace {

namespace fs = std::filesystem;
using testing::Dump;
using ::testing::HasSubstr;
using testing::Issues;

const char* kBadDataset =
    "clip: {duration: 1}\n"
    "dataset:\n"
    "  held_out:\n"
    "    - {colour: red, shape: pyramid}\n"
    "    - {motion: turn, camera: 7}\n"
    "  seeds: 3\n";

TEST(DatasetSection, ValidateReportsEveryRuleError) {
  // `validate` used to say "ok" here while `generate` rejected the file.
  const auto issues = Issues(kBadDataset, /*validate=*/true);
  ASSERT_EQ(issues.size(), 4u) << Dump(issues);
  EXPECT_EQ(issues[0].where, "test.yaml:4:8");
  EXPECT_EQ(issues[0].field, "dataset.held_out[0].colour");
  EXPECT_THAT(issues[0].message, HasSubstr("did you mean 'color'?"));
  EXPECT_EQ(issues[1].where, "test.yaml:4:28");
  EXPECT_EQ(issues[1].field, "dataset.held_out[0].shape");
  EXPECT_THAT(issues[1].message, HasSubstr("unknown shape 'pyramid'"));
  EXPECT_EQ(issues[2].where, "test.yaml:5:30");
  EXPECT_EQ(issues[2].field, "dataset.held_out[1].camera");
  EXPECT_THAT(issues[2].message, HasSubstr("unknown camera '7'"));
  EXPECT_EQ(issues[3].where, "test.yaml:6:3");
  EXPECT_EQ(issues[3].field, "dataset.seeds");
  EXPECT_THAT(issues[3].message, HasSubstr("unknown key 'seeds'"));
  EXPECT_EQ(Dump(Issues(kBadDataset)), Dump(issues));  // resolving refuses it the same way
}

TEST(DatasetSection, ReadHeldOutRulesGivesTheSameIssues) {
  auto rules = ReadHeldOutRules(kBadDataset, "test.yaml");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Dump(rules.error().issues), Dump(Issues(kBadDataset, true)));
}

TEST(DatasetSection, ShapesOfTheSection) {
  EXPECT_EQ(Issues("dataset: [1]\n", true).at(0).message,
            "expected a mapping; found a list of 1 item");
  const auto list = Issues("dataset: {held_out: {color: red}}\n", true);
  ASSERT_EQ(list.size(), 1u) << Dump(list);
  EXPECT_EQ(list[0].field, "dataset.held_out");
  EXPECT_THAT(list[0].message, HasSubstr("expected a list of rules"));
  const auto rule = Issues("dataset: {held_out: [{}, red]}\n", true);
  ASSERT_EQ(rule.size(), 2u) << Dump(rule);
  EXPECT_EQ(rule[0].field, "dataset.held_out[0]");
  EXPECT_EQ(rule[1].field, "dataset.held_out[1]");
  const auto word = Issues("dataset: {held_out: [{shape: [box]}]}\n", true);
  ASSERT_EQ(word.size(), 1u) << Dump(word);
  EXPECT_EQ(word[0].field, "dataset.held_out[0].shape");
  EXPECT_THAT(word[0].message, HasSubstr("expected a word"));
}

TEST(DatasetSection, ReadsRules) {
  auto rules = ReadHeldOutRules(
      "dataset:\n"
      "  held_out:\n"
      "    - {shape: cube, color: red}\n"
      "    - {motion: turn, camera: orbit, material: metal}\n",
      "test.yaml");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].shape, "box");  // "cube" reads as "box"
  EXPECT_EQ((*rules)[0].color, "red");
  EXPECT_EQ((*rules)[0].text, "shape=box color=red");
  EXPECT_EQ((*rules)[1].text, "motion=turn camera=orbit material=metal");
  auto none = ReadHeldOutRulesFile(fs::path(SYNTH4D_SOURCE_DIR) / "scenes" / "demo.yaml");
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(ReadHeldOutRulesFile("no/such/spec.yaml").error().code, core::ErrorCode::kNotFound);
}

TEST(DatasetSection, EveryNameOfTheSpecIsARuleValue) {
  std::string yaml = "dataset:\n  held_out:\n";
  for (int s = 0; s <= static_cast<int>(Shape::kMesh); ++s)
    yaml += std::string("    - {shape: ") + ShapeName(static_cast<Shape>(s)) + "}\n";
  for (int m = 0; m <= static_cast<int>(Material::kWood); ++m)
    yaml += std::string("    - {material: ") + MaterialName(static_cast<Material>(m)) + "}\n";
  for (int m = 0; m <= static_cast<int>(MotionType::kScripted); ++m)
    yaml += std::string("    - {motion: ") + MotionTypeName(static_cast<MotionType>(m)) + "}\n";
  for (int k = 0; k <= static_cast<int>(Segment::Kind::kWaypoints); ++k) {
    yaml += std::string("    - {motion: ") + SegmentKindName(static_cast<Segment::Kind>(k)) + "}\n";
  }
  for (int k = 0; k <= static_cast<int>(CameraPath::Kind::kKeyframes); ++k) {
    yaml += std::string("    - {camera: ") + CameraPathKindName(static_cast<CameraPath::Kind>(k)) +
            "}\n";
  }
  const auto issues = Issues(yaml, true);
  EXPECT_TRUE(issues.empty()) << Dump(issues);
}

TEST(DatasetSection, Matches) {
  ResolvedScene scene;
  ObjectSpec box;
  box.shape = Shape::kBox;
  box.color.name = "red";
  box.motion = MotionType::kScripted;
  Segment turn;
  turn.kind = Segment::Kind::kTurn;
  box.segments.push_back(turn);
  ObjectSpec ball;
  ball.shape = Shape::kSphere;
  ball.color.name = "blue";
  ball.motion = MotionType::kDynamic;
  scene.objects = {box, ball};
  scene.cameras.resize(1);
  scene.cameras[0].path.kind = CameraPath::Kind::kOrbit;
  auto rule = [](std::string color, std::string shape, std::string motion, std::string camera) {
    HeldOutRule r;
    r.color = std::move(color);
    r.shape = std::move(shape);
    r.motion = std::move(motion);
    r.camera = std::move(camera);
    return r;
  };
  EXPECT_TRUE(Matches(rule("red", "box", "", ""), scene));
  EXPECT_FALSE(Matches(rule("red", "sphere", "", ""), scene));  // both on one object
  EXPECT_TRUE(Matches(rule("", "", "turn", ""), scene));
  EXPECT_TRUE(Matches(rule("", "", "dynamic", ""), scene));
  EXPECT_FALSE(Matches(rule("", "", "rotate", ""), scene));
  EXPECT_TRUE(Matches(rule("", "", "", "orbit"), scene));
  EXPECT_FALSE(Matches(rule("blue", "", "", "static"), scene));
}

// The single issue of `text` under validate, resolve and ReadHeldOutRules, which must agree.
core::Issue ForbiddenIssue(std::string_view text) {
  const auto issues = Issues(text, true);
  EXPECT_EQ(issues.size(), 1u) << Dump(issues);
  EXPECT_EQ(Dump(Issues(text)), Dump(issues));
  auto rules = ReadHeldOutRules(text, "test.yaml");
  EXPECT_FALSE(rules.ok());
  if (!rules.ok()) {
    EXPECT_EQ(Dump(rules.error().issues), Dump(issues));
  }
  return issues.empty() ? core::Issue{} : issues[0];
}

TEST(ForbiddenBytes, NulIsRefusedWithItsPosition) {
  const std::string text = std::string("clip: {fps: 30}\nobjects:\n  - {name: a") + '\0' + "b}\n";
  const core::Issue issue = ForbiddenIssue(text);
  EXPECT_EQ(issue.where, "test.yaml:3:13");
  EXPECT_THAT(issue.message, HasSubstr("NUL"));
  // Inside a comment or at the very end too: yaml-cpp used to read either without complaint.
  EXPECT_EQ(ForbiddenIssue(std::string("# a") + '\0' + "\nclip: {}\n").where, "test.yaml:1:4");
  EXPECT_EQ(ForbiddenIssue(std::string("clip: {}\n") + '\0').where, "test.yaml:2:1");
}

TEST(ForbiddenBytes, ControlCharactersAndBadUtf8) {
  EXPECT_THAT(ForbiddenIssue("clip: {}\nobjects: [] \x07\n").message, HasSubstr("U+0007"));
  EXPECT_EQ(ForbiddenIssue("clip: {}\nobjects: [] \x07\n").where, "test.yaml:2:13");
  EXPECT_THAT(ForbiddenIssue("a: \x7f\n").message, HasSubstr("U+007F"));
  EXPECT_THAT(ForbiddenIssue("a: \xc2\x80\n").message, HasSubstr("U+0080"));  // C1 control
  EXPECT_THAT(ForbiddenIssue("a: \xef\xbf\xbe\n").message, HasSubstr("U+FFFE"));
  EXPECT_THAT(ForbiddenIssue("a: \xed\xa0\x80\n").message, HasSubstr("U+D800"));  // surrogate
  EXPECT_THAT(ForbiddenIssue("a: \xff\n").message, HasSubstr("0xFF is not UTF-8"));
  EXPECT_THAT(ForbiddenIssue("a: \xc0\xaf\n").message, HasSubstr("0xC0 is not UTF-8"));  // overlong
  EXPECT_THAT(ForbiddenIssue("a: \xe2\x82\n").message, HasSubstr("0xE2 is not UTF-8"));  // cut off
  // Columns count characters: "é" is one.
  EXPECT_EQ(ForbiddenIssue("# caf\xc3\xa9 \x01\n").where, "test.yaml:1:8");
}

TEST(ForbiddenBytes, AllowedCharactersStillRead) {
  // Tab, CR LF, NEL, a BOM and any printable character outside the controls are fine.
  const auto scene = ResolveSpecString(
      "\xef\xbb\xbf# caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x8e\xa5\tx\xc2\x85\r\n"
      "clip: {fps: 24}\r\n",
      "test.yaml", testing::StubOptions());
  ASSERT_TRUE(scene.ok()) << scene.error().ToString();
  EXPECT_EQ(scene->clip.fps, 24);
}

}  // namespace
}  // namespace synth4d::spec
