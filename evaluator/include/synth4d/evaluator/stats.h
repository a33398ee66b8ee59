#pragma once
// Accuracy statistics: counts per group, Wilson score intervals, chance level.
#include <string>

namespace synth4d::evaluator {

// A closed interval of percentages.
struct Interval {
  double low = 0.0;
  double high = 0.0;
};

// The Wilson score interval for `successes` of `n` at normal quantile `z` (1.96 for 95%), in
// percent. n == 0 gives [0, 100].
Interval WilsonInterval(int successes, int n, double z = 1.959963984540054);

// Counts for one group of questions. `chance_sum` adds, per question, the probability that a
// uniform random guess is right, so chance() is the expected accuracy of guessing.
struct GroupStats {
  int n = 0;
  int correct = 0;
  int invalid = 0;     // no option read (includes missing replies and API errors)
  int missing = 0;     // no prediction for the question
  int api_errors = 0;  // the reply was an API failure
  double chance_sum = 0.0;

  // Adds one question.
  void Add(bool is_correct, bool is_invalid, bool is_missing, bool is_api_error, double chance);
  // correct / n in percent (0 when n == 0).
  double Accuracy() const;
  // invalid / n in percent (0 when n == 0).
  double InvalidRate() const;
  // Expected accuracy of a uniform random guess, in percent.
  double Chance() const;
  // Wilson 95% interval of the accuracy, in percent.
  Interval Ci95() const;
};

}  // namespace synth4d::evaluator
