#pragma once
// RAII owners for libav handles and error helpers. Only files under generator/encode/src and the
// encode bench include this (it pulls in libav headers).
#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "synth4d/core/result.h"

namespace synth4d::encode::internal {

struct CodecContextDeleter {
  void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct FrameDeleter {
  void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsDeleter {
  void operator()(SwsContext* p) const { sws_freeContext(p); }
};
// An input format context (avformat_open_input / avformat_close_input).
struct InputFormatDeleter {
  void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};
// An output format context: closes its AVIOContext (if open) and frees it.
struct OutputFormatDeleter {
  void operator()(AVFormatContext* p) const {
    if (p->pb != nullptr && !(p->oformat->flags & AVFMT_NOFILE)) avio_closep(&p->pb);
    avformat_free_context(p);
  }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;
using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatDeleter>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatDeleter>;

// libav's message for an AVERROR code, e.g. "No such file or directory".
std::string AvErrorString(int averror);

// An Error for a failed libav call: "<what>: <libav message>"; file-system errors (ENOENT,
// EACCES, ENOSPC, EIO, ...) map to kIo, AVERROR(ENOMEM) and others to `fallback`.
core::Error AvError(int averror, const std::string& what,
                    core::ErrorCode fallback = core::ErrorCode::kInternal);

// A libav URL for a file path: "file:" + path, so a ':' in the name is never read as a protocol.
std::string FileUrl(const std::string& path);

}  // namespace synth4d::encode::internal
