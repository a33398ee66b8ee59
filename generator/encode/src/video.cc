#include "synth4d/encode/video.h"

#include <cmath>
#include <string>

extern "C" {
#include <libavutil/log.h>
#include <libavutil/rational.h>
}

namespace synth4d::encode {

core::Result<Rational> FpsToRational(double fps) {
  if (!std::isfinite(fps) || fps <= 0.0 || fps > 1000.0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "fps " + std::to_string(fps) + ": must be in (0, 1000]");
  }
  // 1e-3 frames/s: far below the gap between distinct common rates (29.97 vs 30 differ by 0.03)
  // and above the rounding of a rate printed with 3 decimals (29.970 for 30000/1001 = 29.97003).
  constexpr double kTolerance = 1e-3;
  const double rounded = std::round(fps);
  if (rounded >= 1.0 && std::abs(fps - rounded) < kTolerance) {
    return Rational{static_cast<int>(rounded), 1};
  }
  const double ntsc_base = std::round(fps * 1001.0 / 1000.0);
  if (ntsc_base >= 1.0 && std::abs(fps - ntsc_base * 1000.0 / 1001.0) < kTolerance) {
    return Rational{static_cast<int>(ntsc_base) * 1000, 1001};
  }
  const AVRational q = av_d2q(fps, 100000);
  if (q.num <= 0 || q.den <= 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "fps " + std::to_string(fps) + ": no rational approximation");
  }
  return Rational{q.num, q.den};
}

void SetLibavLogLevel(LibavLogLevel level) {
  switch (level) {
    case LibavLogLevel::kQuiet:
      av_log_set_level(AV_LOG_QUIET);
      break;
    case LibavLogLevel::kError:
      av_log_set_level(AV_LOG_ERROR);
      break;
    case LibavLogLevel::kWarning:
      av_log_set_level(AV_LOG_WARNING);
      break;
    case LibavLogLevel::kInfo:
      av_log_set_level(AV_LOG_INFO);
      break;
  }
}

}  // namespace synth4d::encode
