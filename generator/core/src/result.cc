#include "synth4d/core/result.h"

namespace synth4d::core {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kGlitch: return "glitch";
    case ErrorCode::kCancelled: return "cancelled";
  }
  return "unknown";
}

std::string Error::ToString() const {
  std::string out = message;
  for (const Issue& issue : issues) {
    if (!out.empty()) out += "\n";
    out += issue.where;
    if (!issue.field.empty()) out += (issue.where.empty() ? "" : " ") + issue.field;
    out += ": " + issue.message;
  }
  return out;
}

Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message), {}}; }

Error InvalidArgument(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace synth4d::core
