#include "synth4d/core/frames.h"

#include <cmath>

namespace synth4d::core {

std::vector<int> UniformFrames(int n, int k) {
  std::vector<int> out;
  if (n <= 0) return out;
  if (k >= n) {
    for (int i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  if (k <= 1) return {0};
  for (int i = 0; i < k; ++i) {
    const double x = static_cast<double>(i) * (n - 1) / (k - 1);
    out.push_back(static_cast<int>(std::nearbyint(x)));  // default rounding: half to even
  }
  return out;
}

}  // namespace synth4d::core
