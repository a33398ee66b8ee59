// Template loading: every shipped template loads; broken templates give located errors.
#include "synth4d/qa/template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "qa_test_util.h"
#include "synth4d/qa/predicate.h"

namespace synth4d::qa {
namespace {

using ::testing::HasSubstr;

constexpr const char* kGood = R"(id: demo
category: translation_camera
frame_of_reference: camera
paraphrases:
  - "Which way does {object} move?"
  - "Where is {object} going?"
predicate:
  name: camera_translation
conditions:
  min_px: 40
answers:
  left: "left"
  right: "right"
mirror: {left: right, right: left}
)";

TEST(Templates, EveryShippedFileLoadsAndCoversEveryCategory) {
  const std::vector<Template>& all = testing::ShippedTemplates();
  size_t files = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(SYNTH4D_SOURCE_DIR) + "/qa_templates")) {
    files += e.path().extension() == ".yaml";
  }
  EXPECT_EQ(all.size(), files);
  std::set<std::string> categories;
  for (const Template& t : all) categories.insert(t.category);
  EXPECT_EQ(categories, (std::set<std::string>{"camera_motion", "continuity", "counting", "events",
                                               "relative_motion", "rotation", "translation_camera",
                                               "translation_object"}));
  bool false_premise = false;
  for (const Template& t : all) false_premise = false_premise || t.false_premise;
  EXPECT_TRUE(false_premise);
}

TEST(Templates, ParsesFieldsAndFillsDefaults) {
  auto t = ParseTemplate(kGood, "demo.yaml");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->id, "demo");
  EXPECT_EQ(t->paraphrases.size(), 2u);
  EXPECT_EQ(t->params.Number("min_px"), 40.0);
  EXPECT_EQ(t->params.Number("dominance"), 2.0);  // default
  EXPECT_TRUE(t->params.Flag("require_static_camera"));
  ASSERT_EQ(t->answers.size(), 2u);
  EXPECT_EQ(t->MirrorValue("left"), "right");
  EXPECT_EQ(t->MirrorValue("toward"), "toward");
  EXPECT_TRUE(t->pairable);
}

// The single issue of a broken variant of kGood.
core::Issue IssueOf(const std::string& from, const std::string& to) {
  std::string text = kGood;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  auto t = ParseTemplate(text, "bad.yaml");
  EXPECT_FALSE(t.ok());
  if (t.ok()) return {};
  EXPECT_EQ(t.error().issues.size(), 1u) << t.error().ToString();
  return t.error().issues.at(0);
}

TEST(Templates, BrokenTemplatesGiveLocatedErrors) {
  core::Issue i = IssueOf("  min_px: 40", "  min_px: 40\n  colour: red");
  EXPECT_EQ(i.where, "bad.yaml:11:3");
  EXPECT_EQ(i.field, "conditions.colour");
  EXPECT_THAT(i.message, HasSubstr("unknown key"));

  i = IssueOf("  min_px: 40", "  min_px: many");
  EXPECT_EQ(i.where, "bad.yaml:10:11");
  EXPECT_EQ(i.field, "conditions.min_px");
  EXPECT_THAT(i.message, HasSubstr("expected a number"));

  i = IssueOf("  min_px: 40", "  min_px: -4");
  EXPECT_THAT(i.message, HasSubstr("expected a number in"));

  i = IssueOf("name: camera_translation", "name: telepathy");
  EXPECT_EQ(i.field, "predicate.name");
  EXPECT_THAT(i.message, HasSubstr("unknown predicate"));

  i = IssueOf("Where is {object} going?", "Where is it going?");
  EXPECT_EQ(i.where, "bad.yaml:6:5");
  EXPECT_EQ(i.field, "paraphrases[1]");
  EXPECT_THAT(i.message, HasSubstr("missing placeholder {object}"));

  i = IssueOf("Where is {object} going?", "Where is {object} going with {thing}?");
  EXPECT_THAT(i.message, HasSubstr("unknown placeholder {thing}"));

  i = IssueOf("  right: \"right\"", "  right: \"right\"\n  up: \"up\"");
  EXPECT_EQ(i.field, "answers.up");

  i = IssueOf("id: demo", "id: Demo.1");
  EXPECT_EQ(i.field, "id");

  i = IssueOf("mirror: {left: right, right: left}", "mirorr: {}");
  EXPECT_EQ(i.where, "bad.yaml:14:1");
  EXPECT_EQ(i.field, "mirorr");
}

TEST(Templates, RulesThatTieFieldsTogether) {
  auto bad = ParseTemplate(std::string(kGood) + "false_premise: true\n", "bad.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().ToString(), HasSubstr("absent_text"));
  bad = ParseTemplate(std::string(kGood) + "hold_back_s: 1\n", "bad.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().ToString(), HasSubstr("only for predicates that hold back"));
  bad = ParseTemplate(std::string(kGood) + "distractors: nearby_counts\n", "bad.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().ToString(), HasSubstr("does not fit"));
}

TEST(Templates, YamlSyntaxErrorsAreLocated) {
  auto t = ParseTemplate("id: [unclosed\n", "syntax.yaml");
  ASSERT_FALSE(t.ok());
  ASSERT_EQ(t.error().issues.size(), 1u);
  EXPECT_THAT(t.error().issues[0].where, HasSubstr("syntax.yaml:"));
}

TEST(Templates, DirectoryErrors) {
  EXPECT_EQ(LoadTemplates("/nonexistent/qa").error().code, core::ErrorCode::kNotFound);
}

TEST(Templates, EveryPredicateHasAShippedTemplate) {
  std::set<std::string> used;
  for (const Template& t : testing::ShippedTemplates()) used.insert(t.predicate);
  for (const PredicateInfo& p : Predicates()) EXPECT_TRUE(used.count(p.name)) << p.name;
}

}  // namespace
}  // namespace synth4d::qa
