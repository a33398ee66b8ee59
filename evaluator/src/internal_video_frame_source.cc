// The libav frame source: generator/encode's VideoReader (built only with synth4d_encode).
#include <memory>

#include "synth4d/encode/video_reader.h"
#include "synth4d/evaluator/frames.h"

namespace synth4d::evaluator {

namespace {

class VideoFrameSource final : public FrameSource {
 public:
  core::Result<std::vector<core::ImageRgba8>> Sample(const std::filesystem::path& video,
                                                     const FrameSampling& sampling) override {
    SYNTH4D_ASSIGN_OR_RETURN(encode::VideoReader reader, encode::VideoReader::Open(video));
    int64_t count = reader.info().frame_count;
    if (count <= 0) {
      SYNTH4D_ASSIGN_OR_RETURN(count, reader.CountFrames());
      SYNTH4D_RETURN_IF_ERROR(reader.Rewind());
    }
    const std::vector<int64_t> indices =
        SampleFrameIndices(count, reader.info().fps_value, sampling);
    if (indices.empty()) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, video.string() + ": no frames");
    }
    return reader.ReadFrames(indices);
  }
};

}  // namespace

core::Result<std::unique_ptr<FrameSource>> MakeVideoFrameSource() {
  return std::unique_ptr<FrameSource>(std::make_unique<VideoFrameSource>());
}

}  // namespace synth4d::evaluator
