// Randomness: distributions (statistics over clip indices), determinism, prototypes and placement.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "synth4d/core/file.h"
#include "synth4d/spec/loader.h"
#include "synth4d/spec/to_yaml.h"
#include "test_util.h"

namespace synth4d::spec {
namespace {

using testing::StubOptions;

// Resolves `yaml` for clip `index` (dataset seed 1).
ResolvedScene Clip(const std::string& yaml, uint64_t index) {
  ResolveOptions options = StubOptions();
  options.dataset_seed = 1;
  options.clip_index = index;
  auto scene = ResolveSpecString(yaml, "random.yaml", options);
  EXPECT_TRUE(scene.ok()) << scene.error().ToString();
  return scene.ok() ? *scene : ResolvedScene{};
}

struct Stats {
  double mean = 0.0;
  double stddev = 0.0;
  double min = 1e300;
  double max = -1e300;
};

Stats Measure(const std::vector<double>& v) {
  Stats s;
  for (double x : v) {
    s.mean += x / v.size();
    s.min = std::min(s.min, x);
    s.max = std::max(s.max, x);
  }
  for (double x : v) s.stddev += (x - s.mean) * (x - s.mean) / v.size();
  s.stddev = std::sqrt(s.stddev);
  return s;
}

constexpr int kClips = 2000;

TEST(RandomTest, SameSeedAndIndexGiveTheSameScene) {
  const std::string yaml = *core::ReadFile("scenes/demo.yaml");
  const ResolvedScene a = Clip(yaml, 3), b = Clip(yaml, 3), c = Clip(yaml, 4);
  EXPECT_TRUE(a == b);
  EXPECT_EQ(ToYaml(a), ToYaml(b));
  EXPECT_FALSE(a == c);
  ResolveOptions other = StubOptions();
  other.dataset_seed = 2;
  other.clip_index = 3;
  EXPECT_FALSE(a == *ResolveSpecString(yaml, "random.yaml", other));
}

TEST(RandomTest, UniformNormalAndIntStatistics) {
  const std::string yaml = R"(
objects:
  - name: a
    mass: {uniform: [2, 4]}
    friction: {normal: [1, 0.1]}
    restitution: {int: [0, 1]}
    position: [0, 0]
)";
  std::vector<double> mass, friction, restitution;
  for (int i = 0; i < kClips; ++i) {
    const ObjectSpec o = Clip(yaml, i).objects.at(0);
    mass.push_back(o.mass_kg);
    friction.push_back(o.friction);
    restitution.push_back(o.restitution);
  }
  const Stats m = Measure(mass), f = Measure(friction), r = Measure(restitution);
  // Tolerances: about 4 standard errors of the estimate over 2000 draws.
  EXPECT_NEAR(m.mean, 3.0, 4 * (2 / std::sqrt(12.0)) / std::sqrt(kClips));
  EXPECT_NEAR(m.stddev, 2 / std::sqrt(12.0), 0.03);
  EXPECT_GE(m.min, 2.0);
  EXPECT_LT(m.max, 4.0);
  EXPECT_NEAR(f.mean, 1.0, 4 * 0.1 / std::sqrt(kClips));
  EXPECT_NEAR(f.stddev, 0.1, 0.01);
  EXPECT_NEAR(r.mean, 0.5, 4 * 0.5 / std::sqrt(kClips));
  for (double x : restitution) ASSERT_TRUE(x == 0.0 || x == 1.0);
}

TEST(RandomTest, ChoicesWeightsAndVectors) {
  const std::string yaml = R"(
objects:
  - name: a
    color: {choice: [red, [0.1, 0.2, 0.3], {name: blue}]}
    shape: {choice: [box, sphere], weights: [3, 1]}
    size: 0.5
    position: {uniform: [[-2, 3], [2, 4]]}
    orientation: {yaw: {choice: [0, 90, 180]}}
)";
  std::map<std::string, int> colours, shapes;
  for (int i = 0; i < kClips; ++i) {
    const ObjectSpec o = Clip(yaml, i).objects.at(0);
    ++colours[o.color.name];
    ++shapes[ShapeName(o.shape)];
    ASSERT_GE(o.position.x, -2.0);
    ASSERT_LT(o.position.x, 2.0);
    ASSERT_GE(o.position.y, 3.0);
    ASSERT_LT(o.position.y, 4.0);
    ASSERT_EQ(o.position.z, 0.25);
  }
  EXPECT_NEAR(colours["red"], kClips / 3.0, 100);
  EXPECT_NEAR(colours[""], kClips / 3.0, 100);
  EXPECT_NEAR(colours["blue"], kClips / 3.0, 100);
  EXPECT_NEAR(shapes["box"], kClips * 0.75, 100);
}

TEST(RandomTest, PrototypesExpandIntoNamedObjects) {
  const std::string yaml = R"(
objects:
  - name: fixed
    position: [5, 5]
  - name: ball
    count: {int: [2, 4]}
    position: [{uniform: [-3, 3]}, {uniform: [-3, 3]}]
    prototypes:
      - {name: small, shape: sphere, radius: 0.2}
      - {name: big, shape: sphere, radius: 0.4, color: red}
)";
  std::map<size_t, int> counts;
  std::map<std::string, int> prototypes;
  for (int i = 0; i < 300; ++i) {
    const ResolvedScene s = Clip(yaml, i);
    ++counts[s.objects.size() - 1];
    EXPECT_EQ(s.objects[0].name, "fixed");
    EXPECT_EQ(s.objects[0].prototype, "");
    for (size_t k = 1; k < s.objects.size(); ++k) {
      const ObjectSpec& o = s.objects[k];
      EXPECT_EQ(o.name, "ball_" + std::to_string(k - 1));
      ++prototypes[o.prototype];
      EXPECT_EQ(o.size.x, o.prototype == "small" ? 0.4 : 0.8);
    }
  }
  EXPECT_EQ(counts.size(), 3u);  // 2, 3 and 4 objects all occur
  EXPECT_GT(counts[2], 50);
  EXPECT_GT(counts[4], 50);
  EXPECT_GT(prototypes["small"], 200);
  EXPECT_GT(prototypes["big"], 200);
}

TEST(RandomTest, ZeroWeightPrototypeIsNeverDrawn) {
  const std::string yaml = R"(
objects:
  - name: o
    count: 3
    weights: [0, 1]
    position: [{uniform: [-5, 5]}, {uniform: [-5, 5]}]
    prototypes: [{name: never, size: 0.3}, {name: always, size: 0.3}]
)";
  for (int i = 0; i < 50; ++i) {
    for (const ObjectSpec& o : Clip(yaml, i).objects) EXPECT_EQ(o.prototype, "always");
  }
}

TEST(RandomTest, RandomPlacementAvoidsOverlaps) {
  // Eight 0.8 m boxes in a 5 m x 5 m area overlap often when drawn independently.
  const std::string yaml = R"(
objects:
  - name: wall
    size: [0.2, 4, 1]
    position: [0, 0]
  - name: box
    count: 8
    position: [{uniform: [-2.5, 2.5]}, {uniform: [-2.5, 2.5]}]
    prototypes: [{name: crate, size: 0.8, orientation: {yaw: {uniform: [0, 90]}}}]
)";
  for (int i = 0; i < 50; ++i) {
    const ResolvedScene s = Clip(yaml, i);
    ASSERT_EQ(s.objects.size(), 9u);
    for (size_t a = 0; a < s.objects.size(); ++a) {
      for (size_t b = a + 1; b < s.objects.size(); ++b) {
        const glm::dvec3 d = glm::abs(s.objects[a].position - s.objects[b].position);
        // Placement separates world boxes, which contain the unrotated half extents.
        const glm::dvec3 half = 0.5 * (s.objects[a].size + s.objects[b].size);
        EXPECT_TRUE(d.x >= half.x || d.y >= half.y)
            << s.objects[a].name << " and " << s.objects[b].name << " overlap in clip " << i;
      }
    }
  }
}

TEST(RandomTest, ImpossiblePlacementNamesTheObject) {
  const auto issues = testing::Issues(R"(
objects:
  - name: big
    size: 3
    position: [0, 0]
  - name: small
    size: 1
    position: [{uniform: [-1, 1]}, {uniform: [-1, 1]}]
)");
  ASSERT_EQ(issues.size(), 1u) << testing::Dump(issues);
  EXPECT_EQ(issues[0].where, "test.yaml:8:15");
  EXPECT_EQ(issues[0].field, "objects[1].position");
  EXPECT_NE(issues[0].message.find("could not place 'small'"), std::string::npos);
  EXPECT_NE(issues[0].message.find("overlapped 'big'"), std::string::npos);
}

TEST(RandomTest, ValidationChecksParametersWithoutSampling) {
  // Half the draws of this normal are negative: validation accepts it (its mean is valid),
  // resolving fails for some clips with the field named.
  const std::string yaml = "objects: [{name: a, mass: {normal: [0.1, 1]}, position: [0, 0]}]";
  EXPECT_TRUE(ValidateSpecString(yaml, "test.yaml", StubOptions()).ok());
  int failures = 0;
  for (uint64_t i = 0; i < 20; ++i) {
    ResolveOptions options = StubOptions();
    options.clip_index = i;
    const auto scene = ResolveSpecString(yaml, "test.yaml", options);
    if (scene.ok()) continue;
    ++failures;
    ASSERT_EQ(scene.error().issues.size(), 1u);
    EXPECT_EQ(scene.error().issues[0].field, "objects[0].mass");
    EXPECT_NE(scene.error().issues[0].message.find("from normal [0.1, 1]"), std::string::npos);
  }
  EXPECT_GT(failures, 2);
  EXPECT_LT(failures, 18);
}

}  // namespace
}  // namespace synth4d::spec
