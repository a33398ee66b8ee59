// Files: every scene under scenes/ validates, resolves and round-trips; every broken spec under
// tests/data/specs/ fails with exactly the issues its `# expect:` comments state.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "synth4d/core/file.h"
#include "synth4d/spec/loader.h"
#include "synth4d/spec/to_yaml.h"
#include "test_util.h"

namespace synth4d::spec {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> Files(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".yaml" && name.rfind(prefix, 0) == 0) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ScenesTest, EveryExampleSceneValidatesResolvesAndRoundTrips) {
  const auto scenes = Files("scenes", "");
  ASSERT_GE(scenes.size(), 3u);
  for (const fs::path& path : scenes) {
    SCOPED_TRACE(path.string());
    const auto status = ValidateSpecFile(path);
    EXPECT_TRUE(status.ok()) << status.error().ToString();
    for (uint64_t index = 0; index < 3; ++index) {
      auto scene = ResolveSpecFile(path, ResolveOptions{.clip_index = index});
      ASSERT_TRUE(scene.ok()) << scene.error().ToString();
      EXPECT_FALSE(scene->objects.empty());
      const std::string yaml = ToYaml(*scene);
      auto again = ResolveSpecString(yaml, "resolved.yaml");
      ASSERT_TRUE(again.ok()) << again.error().ToString();
      EXPECT_TRUE(*again == *scene);
      EXPECT_EQ(ToYaml(*again), yaml);
    }
  }
}

struct Expectation {
  std::string where;  // "line:col" or "" for a located-anywhere issue
  std::string field;
  std::string message;
};

// Reads "# <tag>: LINE:COL FIELD ~ MESSAGE" comments.
std::vector<Expectation> Expectations(const std::string& text, const std::string& tag) {
  std::vector<Expectation> out;
  const std::regex line("^# " + tag + R"(: (\d+:\d+) ?(\S*) ~ (.*)$)");
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_match(l, m, line)) out.push_back({m[1], m[2], m[3]});
  }
  return out;
}

void ExpectIssues(const fs::path& path, const std::vector<Expectation>& expected,
                  const core::Error& error) {
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.issues.size(), expected.size()) << testing::Dump(error.issues);
  for (const Expectation& e : expected) {
    const std::string where = path.string() + ":" + e.where;
    const bool found = std::any_of(error.issues.begin(), error.issues.end(), [&](const auto& i) {
      return i.where == where && i.field == e.field &&
             i.message.find(e.message) != std::string::npos;
    });
    EXPECT_TRUE(found) << "expected " << where << " " << e.field << ": " << e.message << "\ngot:\n"
                       << testing::Dump(error.issues);
  }
}

TEST(ScenesTest, EveryBrokenSpecReportsItsExpectedIssues) {
  const auto files = Files("tests/data/specs", "bad_");
  ASSERT_GE(files.size(), 10u);
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.string());
    const std::string text = *core::ReadFile(path);
    const auto validate = Expectations(text, "expect");
    const auto resolve = Expectations(text, "resolve-expect");
    ASSERT_FALSE(validate.empty() && resolve.empty()) << "no # expect: comment";
    const auto status = ValidateSpecFile(path);
    if (validate.empty()) {
      EXPECT_TRUE(status.ok()) << status.error().ToString();
    } else {
      ASSERT_FALSE(status.ok());
      ExpectIssues(path, validate, status.error());
    }
    const auto scene = ResolveSpecFile(path);
    ASSERT_FALSE(scene.ok());
    ExpectIssues(path, resolve.empty() ? validate : resolve, scene.error());
  }
}

TEST(ScenesTest, MissingSpecFileIsNotFound) {
  const auto status = ValidateSpecFile("scenes/no_such_scene.yaml");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(ResolveSpecFile("scenes/no_such_scene.yaml").ok());
}

}  // namespace
}  // namespace synth4d::spec
