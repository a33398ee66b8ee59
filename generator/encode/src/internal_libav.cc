#include "internal_libav.h"

#include <cerrno>

extern "C" {
#include <libavutil/error.h>
}

namespace synth4d::encode::internal {

std::string AvErrorString(int averror) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  if (av_strerror(averror, buf, sizeof(buf)) < 0) return "libav error " + std::to_string(averror);
  return buf;
}

core::Error AvError(int averror, const std::string& what, core::ErrorCode fallback) {
  core::ErrorCode code = fallback;
  switch (averror) {
    case AVERROR(ENOENT):
    case AVERROR(EACCES):
    case AVERROR(EPERM):
    case AVERROR(ENOSPC):
    case AVERROR(EIO):
    case AVERROR(EROFS):
    case AVERROR(ENOTDIR):
    case AVERROR(EISDIR):
    case AVERROR(EDQUOT):
    case AVERROR(EFBIG):
      code = core::ErrorCode::kIo;
      break;
    default:
      break;
  }
  return core::MakeError(code, what + ": " + AvErrorString(averror));
}

std::string FileUrl(const std::string& path) { return "file:" + path; }

}  // namespace synth4d::encode::internal
