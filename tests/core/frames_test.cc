#include "synth4d/core/frames.h"

#include <gtest/gtest.h>

namespace synth4d::core {
namespace {

TEST(UniformFrames, MatchesNumpyLinspaceRounding) {
  EXPECT_EQ(UniformFrames(120, 8), (std::vector<int>{0, 17, 34, 51, 68, 85, 102, 119}));
  EXPECT_EQ(UniformFrames(4, 3), (std::vector<int>{0, 2, 3}));  // 1.5 rounds half to even
  EXPECT_EQ(UniformFrames(6, 3), (std::vector<int>{0, 2, 5}));  // 2.5 rounds half to even
  EXPECT_EQ(UniformFrames(5, 8), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(UniformFrames(10, 2), (std::vector<int>{0, 9}));
  EXPECT_EQ(UniformFrames(10, 1), (std::vector<int>{0}));
  EXPECT_TRUE(UniformFrames(0, 8).empty());
}

}  // namespace
}  // namespace synth4d::core
