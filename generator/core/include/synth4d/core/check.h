#pragma once
// SYNTH4D_CHECK: an always-on invariant check. A failed check is a bug, never bad input:
// it prints the condition, location and message to stderr and aborts.
#include <sstream>

namespace synth4d::core::internal {

class CheckFailure {
 public:
  CheckFailure(const char* condition, const char* file, int line);
  [[noreturn]] ~CheckFailure();
  template <class T>
  CheckFailure& operator<<(const T& v) {
    stream_ << v;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

}  // namespace synth4d::core::internal

#define SYNTH4D_CHECK(cond) \
  if (cond) {               \
  } else                    \
    ::synth4d::core::internal::CheckFailure(#cond, __FILE__, __LINE__)
