#pragma once
// Uniform frame sampling, shared by question generation (the readable-from-k-frames rule), the
// frame-based SFT exports and the evaluator, so that all three show a model the same frames.
#include <vector>

namespace synth4d::core {

// Frames round(linspace(0, n - 1, k)) (half to even, like numpy); k >= n gives every frame,
// k <= 1 gives frame 0, n <= 0 gives none.
std::vector<int> UniformFrames(int n, int k);

}  // namespace synth4d::core
