#include "synth4d/evaluator/stats.h"

#include <algorithm>
#include <cmath>

namespace synth4d::evaluator {

Interval WilsonInterval(int successes, int n, double z) {
  if (n <= 0) return {0.0, 100.0};
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denominator;
  const double half = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
  return {100.0 * std::max(0.0, centre - half), 100.0 * std::min(1.0, centre + half)};
}

void GroupStats::Add(bool is_correct, bool is_invalid, bool is_missing, bool is_api_error,
                     double chance) {
  ++n;
  correct += is_correct ? 1 : 0;
  invalid += is_invalid ? 1 : 0;
  missing += is_missing ? 1 : 0;
  api_errors += is_api_error ? 1 : 0;
  chance_sum += chance;
}

double GroupStats::Accuracy() const { return n > 0 ? 100.0 * correct / n : 0.0; }

double GroupStats::InvalidRate() const { return n > 0 ? 100.0 * invalid / n : 0.0; }

double GroupStats::Chance() const { return n > 0 ? 100.0 * chance_sum / n : 0.0; }

Interval GroupStats::Ci95() const { return WilsonInterval(correct, n); }

}  // namespace synth4d::evaluator
