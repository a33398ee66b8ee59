#include "synth4d/encode/video_reader.h"

#include <algorithm>
#include <cmath>
#include <system_error>
#include <utility>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "internal_color.h"
#include "internal_libav.h"
#include "synth4d/core/check.h"

namespace synth4d::encode {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::MakeError;
using core::Status;

struct VideoReader::Impl {
  fs::path path;
  VideoReaderOptions options;
  VideoInfo info;

  internal::InputFormatPtr format;
  int stream_index = -1;
  internal::CodecContextPtr codec;
  internal::FramePtr frame;
  internal::PacketPtr packet;
  internal::SwsPtr sws;
  bool demux_eof = false;
  int64_t next_index = 0;

  // Opens the container and the decoder of the first video stream, positioned at frame 0.
  Status OpenStream() {
    codec.reset();
    format.reset();
    sws.reset();
    demux_eof = false;
    next_index = 0;
    const std::string url = internal::FileUrl(path.string());
    AVFormatContext* raw = nullptr;
    int rc = avformat_open_input(&raw, url.c_str(), nullptr, nullptr);
    if (rc < 0) {
      return internal::AvError(rc, "cannot open as a video", ErrorCode::kInvalidArgument);
    }
    format.reset(raw);
    rc = avformat_find_stream_info(format.get(), nullptr);
    if (rc < 0) return internal::AvError(rc, "reading stream info", ErrorCode::kInvalidArgument);
    const AVCodec* decoder = nullptr;
    stream_index = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (stream_index < 0 || decoder == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument, "no decodable video stream");
    }
    const AVStream* st = format->streams[stream_index];
    codec.reset(avcodec_alloc_context3(decoder));
    if (!codec) return MakeError(ErrorCode::kInternal, "avcodec_alloc_context3 failed");
    rc = avcodec_parameters_to_context(codec.get(), st->codecpar);
    if (rc < 0) return internal::AvError(rc, "avcodec_parameters_to_context");
    codec->thread_count = options.threads;
    rc = avcodec_open2(codec.get(), decoder, nullptr);
    if (rc < 0) return internal::AvError(rc, "opening the decoder", ErrorCode::kInvalidArgument);
    if (!frame) frame.reset(av_frame_alloc());
    if (!packet) packet.reset(av_packet_alloc());
    if (!frame || !packet) return MakeError(ErrorCode::kInternal, "out of memory");
    return core::Ok();
  }

  // Receives the next decoded frame into `frame`; false at the end of the stream.
  core::Result<bool> DecodeNext() {
    for (;;) {
      int rc = avcodec_receive_frame(codec.get(), frame.get());
      if (rc == 0) return true;
      if (rc == AVERROR_EOF) return false;
      if (rc != AVERROR(EAGAIN)) {
        return internal::AvError(rc, "decoding frame " + std::to_string(next_index),
                                 ErrorCode::kIo);
      }
      if (demux_eof) return false;  // defensive: the flushed decoder reports EOF above
      rc = av_read_frame(format.get(), packet.get());
      if (rc == AVERROR_EOF) {
        demux_eof = true;
        rc = avcodec_send_packet(codec.get(), nullptr);  // drain delayed frames
        if (rc < 0 && rc != AVERROR_EOF) return internal::AvError(rc, "flushing the decoder");
        continue;
      }
      if (rc < 0) return internal::AvError(rc, "reading a packet", ErrorCode::kIo);
      if (packet->stream_index != stream_index) {
        av_packet_unref(packet.get());
        continue;
      }
      rc = avcodec_send_packet(codec.get(), packet.get());
      av_packet_unref(packet.get());
      if (rc < 0) {
        return internal::AvError(rc, "decoding frame " + std::to_string(next_index),
                                 ErrorCode::kIo);
      }
    }
  }

  // Converts the decoded `frame` to RGBA8, honouring its colour tags (see video.h).
  Status Convert(core::ImageRgba8* out) {
    const AVFrame* f = frame.get();
    const int w = f->width;
    const int h = f->height;
    if (out->width != w || out->height != h || out->channels != 4) {
      *out = core::ImageRgba8(w, h, 4);
    }
    const bool is_601 = f->colorspace == AVCOL_SPC_SMPTE170M ||
                        f->colorspace == AVCOL_SPC_BT470BG ||
                        f->colorspace == AVCOL_SPC_UNSPECIFIED;
    if (f->format == AV_PIX_FMT_YUV420P && is_601 && f->color_range != AVCOL_RANGE_JPEG) {
      // Our own files: the exact inverse matrix of the writer's libyuv conversion.
      internal::I420ToRgba(
          {f->data[0], f->linesize[0], f->data[1], f->linesize[1], f->data[2], f->linesize[2]}, w,
          h, out->pixels.data(), w * 4);
      return core::Ok();
    }
    // Anything else (other matrices, full range, 4:4:4, 10-bit, RGB): swscale with the stream's
    // own tags; untagged streams are taken as BT.601, like libyuv and most players.
    sws.reset(sws_getCachedContext(
        sws.release(), w, h, static_cast<AVPixelFormat>(f->format), w, h, AV_PIX_FMT_RGBA,
        SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
    if (!sws) return MakeError(ErrorCode::kInternal, "sws_getCachedContext failed");
    int src_cs = SWS_CS_ITU601;
    if (!is_601 && f->colorspace != AVCOL_SPC_RGB) src_cs = static_cast<int>(f->colorspace);
    const bool src_full = f->color_range == AVCOL_RANGE_JPEG || f->format == AV_PIX_FMT_YUVJ420P ||
                          f->format == AV_PIX_FMT_YUVJ422P || f->format == AV_PIX_FMT_YUVJ444P;
    sws_setColorspaceDetails(sws.get(), sws_getCoefficients(src_cs), src_full ? 1 : 0,
                             sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    uint8_t* dst[4] = {out->pixels.data(), nullptr, nullptr, nullptr};
    int dst_stride[4] = {w * 4, 0, 0, 0};
    const int rows = sws_scale(sws.get(), f->data, f->linesize, 0, h, dst, dst_stride);
    if (rows != h) return MakeError(ErrorCode::kInternal, "sws_scale failed");
    return core::Ok();
  }

  // Counts the video packets by demuxing the whole file (no decoding).
  core::Result<int64_t> CountPackets() {
    int64_t n = 0;
    for (;;) {
      int rc = av_read_frame(format.get(), packet.get());
      if (rc == AVERROR_EOF) break;
      if (rc < 0) return internal::AvError(rc, "reading a packet", ErrorCode::kIo);
      if (packet->stream_index == stream_index) ++n;
      av_packet_unref(packet.get());
    }
    return n;
  }

  Status ComputeInfo() {
    const AVStream* st = format->streams[stream_index];
    info.width = st->codecpar->width;
    info.height = st->codecpar->height;
    info.codec_name = avcodec_get_name(st->codecpar->codec_id);
    const char* pix = av_get_pix_fmt_name(static_cast<AVPixelFormat>(st->codecpar->format));
    info.pix_fmt = pix != nullptr ? pix : "unknown";
    AVRational fr = av_guess_frame_rate(format.get(), const_cast<AVStream*>(st), nullptr);
    if (fr.num <= 0 || fr.den <= 0) fr = st->avg_frame_rate;
    if (fr.num <= 0 || fr.den <= 0)
      return MakeError(ErrorCode::kInvalidArgument, "unknown frame rate");
    info.fps = Rational{fr.num, fr.den};
    info.fps_value = av_q2d(fr);
    if (st->nb_frames > 0) {
      info.frame_count = st->nb_frames;
    } else {
      SYNTH4D_ASSIGN_OR_RETURN(info.frame_count, CountPackets());
      SYNTH4D_RETURN_IF_ERROR(OpenStream());
    }
    if (st->duration != AV_NOPTS_VALUE && st->duration > 0) {
      info.duration_s = static_cast<double>(st->duration) * av_q2d(st->time_base);
    } else {
      info.duration_s = static_cast<double>(info.frame_count) / info.fps_value;
    }
    return core::Ok();
  }
};

core::Result<VideoReader> VideoReader::Open(const fs::path& path,
                                            const VideoReaderOptions& options) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return MakeError(ErrorCode::kNotFound, path.string() + ": no such file");
  }
  if (options.threads < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "threads must be >= 0");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  Status s = impl->OpenStream();
  if (s.ok()) s = impl->ComputeInfo();
  if (!s.ok()) {
    Error e = s.error();
    e.message = path.string() + ": " + e.message;
    return e;
  }
  return VideoReader(std::move(impl));
}

VideoReader::VideoReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoReader::VideoReader(VideoReader&&) noexcept = default;
VideoReader& VideoReader::operator=(VideoReader&&) noexcept = default;
VideoReader::~VideoReader() = default;

const VideoInfo& VideoReader::info() const {
  SYNTH4D_CHECK(impl_ != nullptr);
  return impl_->info;
}

int64_t VideoReader::next_index() const {
  SYNTH4D_CHECK(impl_ != nullptr);
  return impl_->next_index;
}

core::Result<bool> VideoReader::ReadNext(core::ImageRgba8* frame) {
  SYNTH4D_CHECK(impl_ != nullptr && frame != nullptr);
  Impl& r = *impl_;
  auto got = r.DecodeNext();
  if (!got.ok()) {
    Error e = got.error();
    e.message = r.path.string() + ": " + e.message;
    return e;
  }
  if (!*got) return false;
  Status s = r.Convert(frame);
  av_frame_unref(r.frame.get());
  if (!s.ok()) return s.error();
  ++r.next_index;
  return true;
}

Status VideoReader::Rewind() {
  SYNTH4D_CHECK(impl_ != nullptr);
  Status s = impl_->OpenStream();
  if (!s.ok()) {
    Error e = s.error();
    e.message = impl_->path.string() + ": " + e.message;
    return e;
  }
  return core::Ok();
}

core::Result<std::vector<core::ImageRgba8>> VideoReader::ReadAll() {
  SYNTH4D_RETURN_IF_ERROR(Rewind());
  std::vector<core::ImageRgba8> frames;
  if (info().frame_count > 0) frames.reserve(static_cast<size_t>(info().frame_count));
  for (;;) {
    core::ImageRgba8 image;
    SYNTH4D_ASSIGN_OR_RETURN(const bool got, ReadNext(&image));
    if (!got) break;
    frames.push_back(std::move(image));
  }
  return frames;
}

core::Result<std::vector<core::ImageRgba8>> VideoReader::ReadFrames(
    std::span<const int64_t> indices) {
  SYNTH4D_CHECK(impl_ != nullptr);
  Impl& r = *impl_;
  std::vector<int64_t> wanted(indices.begin(), indices.end());
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (!wanted.empty() && wanted.front() < 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     r.path.string() + ": frame index " + std::to_string(wanted.front()) + " < 0");
  }
  std::vector<core::ImageRgba8> decoded(wanted.size());
  SYNTH4D_RETURN_IF_ERROR(Rewind());
  size_t next_wanted = 0;
  int64_t index = 0;
  while (next_wanted < wanted.size()) {
    auto got = r.DecodeNext();
    if (!got.ok()) {
      Error e = got.error();
      e.message = r.path.string() + ": " + e.message;
      return e;
    }
    if (!*got) {
      return MakeError(ErrorCode::kInvalidArgument,
                       r.path.string() + ": frame index " + std::to_string(wanted[next_wanted]) +
                           " requested, but the video has " + std::to_string(index) + " frames");
    }
    if (index == wanted[next_wanted]) {
      Status s = r.Convert(&decoded[next_wanted]);
      if (!s.ok()) return s.error();
      ++next_wanted;
    }
    av_frame_unref(r.frame.get());
    ++index;
    r.next_index = index;
  }
  // Hand out in request order; the last use of each decoded frame moves it, earlier uses copy.
  std::vector<size_t> slot(indices.size());
  std::vector<size_t> last_use(wanted.size(), 0);
  for (size_t i = 0; i < indices.size(); ++i) {
    slot[i] = static_cast<size_t>(std::lower_bound(wanted.begin(), wanted.end(), indices[i]) -
                                  wanted.begin());
    last_use[slot[i]] = i;
  }
  std::vector<core::ImageRgba8> out(indices.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    if (last_use[slot[i]] == i) {
      out[i] = std::move(decoded[slot[i]]);
    } else {
      out[i] = decoded[slot[i]];
    }
  }
  return out;
}

core::Result<int64_t> VideoReader::CountFrames() {
  SYNTH4D_RETURN_IF_ERROR(Rewind());
  Impl& r = *impl_;
  int64_t n = 0;
  for (;;) {
    auto got = r.DecodeNext();
    if (!got.ok()) {
      Error e = got.error();
      e.message = r.path.string() + ": " + e.message;
      return e;
    }
    if (!*got) break;
    av_frame_unref(r.frame.get());
    ++n;
  }
  r.next_index = n;
  return n;
}

}  // namespace synth4d::encode
