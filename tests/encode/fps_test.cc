#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "synth4d/encode/video.h"

namespace synth4d::encode {
namespace {

Rational Fps(double fps) {
  auto r = FpsToRational(fps);
  EXPECT_TRUE(r.ok()) << fps;
  return r.ok() ? *r : Rational{};
}

TEST(FpsToRationalTest, IntegerRates) {
  EXPECT_EQ(Fps(30), (Rational{30, 1}));
  EXPECT_EQ(Fps(25), (Rational{25, 1}));
  EXPECT_EQ(Fps(24), (Rational{24, 1}));
  EXPECT_EQ(Fps(60), (Rational{60, 1}));
  EXPECT_EQ(Fps(1), (Rational{1, 1}));
  // Within the 1e-3 tolerance of an integer.
  EXPECT_EQ(Fps(29.9995), (Rational{30, 1}));
}

TEST(FpsToRationalTest, NtscRates) {
  EXPECT_EQ(Fps(29.97), (Rational{30000, 1001}));
  EXPECT_EQ(Fps(30000.0 / 1001.0), (Rational{30000, 1001}));
  EXPECT_EQ(Fps(23.976), (Rational{24000, 1001}));
  EXPECT_EQ(Fps(59.94), (Rational{60000, 1001}));
  EXPECT_EQ(Fps(119.88), (Rational{120000, 1001}));
}

TEST(FpsToRationalTest, OtherRatesAreExactWhenRepresentable) {
  EXPECT_EQ(Fps(12.5), (Rational{25, 2}));
  EXPECT_EQ(Fps(0.5), (Rational{1, 2}));
  const Rational r = Fps(14.285714285714286);  // 100/7
  EXPECT_EQ(r, (Rational{100, 7}));
  const Rational odd = Fps(17.3);
  EXPECT_NEAR(odd.ToDouble(), 17.3, 1e-9);
}

TEST(FpsToRationalTest, RejectsInvalid) {
  for (double bad : {0.0, -30.0, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity(), 5000.0}) {
    auto r = FpsToRational(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace synth4d::encode
