#include "synth4d/encode/video_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

extern "C" {
#include <libavutil/opt.h>
}

#include "internal_color.h"
#include "internal_libav.h"
#include "synth4d/core/check.h"
#include "synth4d/core/file.h"

namespace synth4d::encode {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::MakeError;
using core::Status;

namespace {

constexpr std::array<std::string_view, 10> kX264Presets = {
    "ultrafast", "superfast", "veryfast", "faster",   "fast",
    "medium",    "slow",      "slower",   "veryslow", "placebo"};

// True on an x86 CPU where x264 would pick its AVX-512 code. With that code the stream depends on
// more than the frames: two writers in one process gave other bytes in 6 to 11 of 20 runs
// (tests/shard/video_determinism_test.cc), so the writer stops x264 at AVX2, which every AVX-512
// CPU also has (README.md, "Determinism").
bool HasAvx512() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#else
  return false;
#endif
}

// Largest frame side we accept; H.264 level 6.2 tops out at 8192x4320, x264 at 16384.
constexpr int kMaxSide = 16384;

Status ValidateOptions(const VideoWriterOptions& o) {
  auto invalid = [](std::string msg) {
    return MakeError(ErrorCode::kInvalidArgument, std::move(msg));
  };
  const std::string size = std::to_string(o.width) + "x" + std::to_string(o.height);
  if (o.width <= 0 || o.height <= 0 || o.width > kMaxSide || o.height > kMaxSide) {
    return invalid("video size " + size + ": width and height must be in [2, 16384]");
  }
  if (o.width % 2 != 0 || o.height % 2 != 0) {
    return invalid("video size " + size +
                   ": width and height must be even (yuv420p stores chroma per 2x2 block); "
                   "render at an even size or crop/pad the frames");
  }
  if (o.crf < 0 || o.crf > 51) {
    return invalid("crf " + std::to_string(o.crf) + ": must be in [0, 51]");
  }
  bool preset_ok = false;
  for (std::string_view p : kX264Presets) preset_ok = preset_ok || p == o.preset;
  if (!preset_ok) {
    return invalid("preset '" + o.preset +
                   "': not an x264 preset (ultrafast .. veryfast .. medium .. placebo)");
  }
  if (o.threads < 0 || o.threads > 64) {
    return invalid("threads " + std::to_string(o.threads) + ": must be in [0, 64]");
  }
  if (o.queue_depth < 1 || o.queue_depth > 256) {
    return invalid("queue_depth " + std::to_string(o.queue_depth) + ": must be in [1, 256]");
  }
  if (o.keyint < 0) return invalid("keyint " + std::to_string(o.keyint) + ": must be >= 0");
  if (o.fps_exact && (o.fps_exact->num <= 0 || o.fps_exact->den <= 0)) {
    return invalid("fps " + std::to_string(o.fps_exact->num) + "/" +
                   std::to_string(o.fps_exact->den) + ": must be positive");
  }
  return core::Ok();
}

// fsync a closed file by path, so the rename below publishes durable bytes.
Status SyncFile(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return MakeError(ErrorCode::kIo, path.string() + ": cannot reopen: " + std::strerror(errno));
  const bool ok = ::fsync(fd) == 0;
  const std::string why = ok ? "" : std::strerror(errno);
  ::close(fd);
  if (!ok) return MakeError(ErrorCode::kIo, path.string() + ": fsync failed: " + why);
  return core::Ok();
}

}  // namespace

struct VideoWriter::Impl {
  fs::path path;
  fs::path temp_path;
  VideoWriterOptions options;
  Rational fps;

  // libav state; touched only by the encoder thread while it runs, then by Finish/~Impl.
  internal::OutputFormatPtr format;
  AVStream* stream = nullptr;  // owned by `format`
  internal::CodecContextPtr codec;
  internal::FramePtr frame;
  internal::PacketPtr packet;
  int64_t next_pts = 0;
  bool temp_exists = false;

  // Queue between the caller and the encoder thread.
  std::mutex mu;
  std::condition_variable not_empty;
  std::condition_variable not_full;
  std::deque<core::ImageRgba8> queue;
  bool closing = false;        // no more frames will come
  bool abandon = false;        // drop queued frames and stop
  std::optional<Error> error;  // first error of the encoder thread (sticky)
  std::thread thread;

  int64_t frames_accepted = 0;  // caller thread only
  bool finished = false;        // caller thread only

  ~Impl() {
    StopThread(/*drop_queued=*/true);
    DiscardOutput();
  }

  void StopThread(bool drop_queued) {
    if (!thread.joinable()) return;
    {
      std::lock_guard lock(mu);
      closing = true;
      abandon = abandon || drop_queued;
    }
    not_empty.notify_all();
    thread.join();
  }

  // Closes the file (if open) and deletes the temporary file; `path` is never touched.
  void DiscardOutput() {
    codec.reset();
    format.reset();  // closes the AVIOContext
    if (temp_exists) {
      std::error_code ec;
      fs::remove(temp_path, ec);
      temp_exists = false;
    }
  }

  // Sends `f` (nullptr = flush) to the encoder and muxes every packet it returns.
  Status SendAndMux(const AVFrame* f) {
    int rc = avcodec_send_frame(codec.get(), f);
    if (rc < 0) return internal::AvError(rc, "encoding frame " + std::to_string(next_pts));
    for (;;) {
      rc = avcodec_receive_packet(codec.get(), packet.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return core::Ok();
      if (rc < 0) return internal::AvError(rc, "receiving an encoded packet");
      // Every frame lasts one tick of the codec time base (1/fps); set it so the MP4 track
      // duration includes the last frame (duration = n / fps exactly).
      if (packet->duration == 0) packet->duration = 1;
      av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      rc = av_interleaved_write_frame(format.get(), packet.get());  // takes the packet's data
      if (rc < 0) return internal::AvError(rc, "writing " + temp_path.string(), ErrorCode::kIo);
    }
  }

  Status EncodeOne(const core::ImageRgba8& image) {
    int rc = av_frame_make_writable(frame.get());
    if (rc < 0) return internal::AvError(rc, "av_frame_make_writable");
    internal::RgbaToI420(image.pixels.data(), image.width * 4, image.width, image.height,
                         {frame->data[0], frame->linesize[0], frame->data[1], frame->linesize[1],
                          frame->data[2], frame->linesize[2]});
    frame->pts = next_pts;
    Status s = SendAndMux(frame.get());
    ++next_pts;
    return s;
  }

  void ThreadMain() {
    for (;;) {
      core::ImageRgba8 image;
      {
        std::unique_lock lock(mu);
        not_empty.wait(lock, [&] { return !queue.empty() || closing; });
        if (abandon || queue.empty()) return;
        image = std::move(queue.front());
        queue.pop_front();
      }
      not_full.notify_one();
      Status s = EncodeOne(image);
      if (!s.ok()) {
        {
          std::lock_guard lock(mu);
          error = s.error();
          queue.clear();
        }
        not_full.notify_all();
        return;
      }
    }
  }

  Status Open() {
    const std::string url = internal::FileUrl(temp_path.string());
    AVFormatContext* raw_format = nullptr;
    int rc = avformat_alloc_output_context2(&raw_format, nullptr, "mp4", url.c_str());
    if (rc < 0 || raw_format == nullptr) return internal::AvError(rc, "creating the MP4 muxer");
    format.reset(raw_format);

    const AVCodec* x264 = avcodec_find_encoder_by_name("libx264");
    if (x264 == nullptr) {
      return MakeError(ErrorCode::kUnavailable,
                       "libx264 encoder not available in this libavcodec build");
    }
    stream = avformat_new_stream(format.get(), nullptr);
    if (stream == nullptr) return MakeError(ErrorCode::kInternal, "avformat_new_stream failed");
    codec.reset(avcodec_alloc_context3(x264));
    if (!codec) return MakeError(ErrorCode::kInternal, "avcodec_alloc_context3 failed");

    AVCodecContext* c = codec.get();
    c->width = options.width;
    c->height = options.height;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->sample_aspect_ratio = AVRational{1, 1};
    c->time_base = AVRational{fps.den, fps.num};  // one tick per frame
    c->framerate = AVRational{fps.num, fps.den};
    c->thread_count = options.threads;
    if (options.keyint > 0) c->gop_size = options.keyint;
    // Colour tags; see video.h. libyuv's ABGRToI420 = BT.601 matrix, limited range.
    c->color_range = AVCOL_RANGE_MPEG;
    c->colorspace = AVCOL_SPC_SMPTE170M;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_IEC61966_2_1;
    // libyuv's chroma is the average of each 2x2 block: sited at the block centre (MPEG-1/JPEG).
    c->chroma_sample_location = AVCHROMA_LOC_CENTER;
    if (format->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    rc = av_opt_set(c->priv_data, "preset", options.preset.c_str(), 0);
    if (rc < 0)
      return internal::AvError(rc, "x264 preset " + options.preset, ErrorCode::kInvalidArgument);
    rc = av_opt_set_double(c->priv_data, "crf", options.crf, 0);
    if (rc < 0) return internal::AvError(rc, "x264 crf", ErrorCode::kInvalidArgument);
    if (HasAvx512()) {
      rc = av_opt_set(c->priv_data, "x264-params", "asm=AVX2", 0);
      if (rc < 0) return internal::AvError(rc, "x264 asm=AVX2");
    }
    rc = avcodec_open2(c, x264, nullptr);
    if (rc < 0) return internal::AvError(rc, "opening libx264");

    rc = avcodec_parameters_from_context(stream->codecpar, c);
    if (rc < 0) return internal::AvError(rc, "avcodec_parameters_from_context");
    stream->time_base = c->time_base;  // a hint; the MP4 muxer picks a multiple of it
    stream->avg_frame_rate = c->framerate;
    stream->r_frame_rate = c->framerate;

    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    rc = avio_open(&format->pb, url.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
      return internal::AvError(rc, "cannot create " + temp_path.string(), ErrorCode::kIo);
    }
    temp_exists = true;

    AVDictionary* mux_options = nullptr;
    av_dict_set(&mux_options, "movflags", "+faststart", 0);
    rc = avformat_write_header(format.get(), &mux_options);
    av_dict_free(&mux_options);
    if (rc < 0) return internal::AvError(rc, "writing the MP4 header to " + temp_path.string());

    frame.reset(av_frame_alloc());
    packet.reset(av_packet_alloc());
    if (!frame || !packet) return MakeError(ErrorCode::kInternal, "out of memory");
    frame->format = AV_PIX_FMT_YUV420P;
    frame->width = options.width;
    frame->height = options.height;
    frame->color_range = c->color_range;
    frame->colorspace = c->colorspace;
    frame->color_primaries = c->color_primaries;
    frame->color_trc = c->color_trc;
    rc = av_frame_get_buffer(frame.get(), 0);
    if (rc < 0) return internal::AvError(rc, "av_frame_get_buffer");

    thread = std::thread([this] { ThreadMain(); });
    return core::Ok();
  }

  Status FinishFile() {
    SYNTH4D_RETURN_IF_ERROR(SendAndMux(nullptr));  // flush delayed (B-)frames
    int rc = av_write_trailer(format.get());       // index; faststart moves moov before mdat
    if (rc < 0)
      return internal::AvError(rc, "writing the MP4 index of " + temp_path.string(),
                               ErrorCode::kIo);
    rc = avio_closep(&format->pb);
    if (rc < 0) return internal::AvError(rc, "closing " + temp_path.string(), ErrorCode::kIo);
    SYNTH4D_RETURN_IF_ERROR(SyncFile(temp_path));
    std::error_code ec;
    fs::rename(temp_path, path, ec);
    if (ec) return MakeError(ErrorCode::kIo, path.string() + ": rename failed: " + ec.message());
    temp_exists = false;
    return core::Ok();
  }
};

core::Result<VideoWriter> VideoWriter::Open(const fs::path& path,
                                            const VideoWriterOptions& options) {
  SYNTH4D_RETURN_IF_ERROR(ValidateOptions(options));
  if (path.empty() || !path.has_filename()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "video path '" + path.string() + "': no file name");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->temp_path = core::TempPathFor(path);
  impl->options = options;
  if (options.fps_exact) {
    impl->fps = *options.fps_exact;
  } else {
    SYNTH4D_ASSIGN_OR_RETURN(impl->fps, FpsToRational(options.fps));
  }
  Status s = impl->Open();
  if (!s.ok()) {
    impl->StopThread(true);
    impl->DiscardOutput();
    Error e = s.error();
    e.message = path.string() + ": " + e.message;
    return e;
  }
  return VideoWriter(std::move(impl));
}

VideoWriter::VideoWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoWriter::VideoWriter(VideoWriter&&) noexcept = default;
VideoWriter& VideoWriter::operator=(VideoWriter&&) noexcept = default;
VideoWriter::~VideoWriter() = default;

Status VideoWriter::Write(core::ImageRgba8&& frame) {
  SYNTH4D_CHECK(impl_ != nullptr) << "Write on a moved-from VideoWriter";
  Impl& w = *impl_;
  if (w.finished)
    return MakeError(ErrorCode::kInvalidArgument, w.path.string() + ": Write after Finish");
  if (frame.width != w.options.width || frame.height != w.options.height || frame.channels != 4 ||
      frame.pixels.size() != static_cast<size_t>(frame.width) * frame.height * 4) {
    return MakeError(ErrorCode::kInvalidArgument,
                     w.path.string() + ": frame " + std::to_string(w.frames_accepted) + " is " +
                         std::to_string(frame.width) + "x" + std::to_string(frame.height) + "x" +
                         std::to_string(frame.channels) + ", expected " +
                         std::to_string(w.options.width) + "x" + std::to_string(w.options.height) +
                         "x4 (RGBA8)");
  }
  {
    std::unique_lock lock(w.mu);
    w.not_full.wait(lock, [&] {
      return w.error.has_value() || w.queue.size() < static_cast<size_t>(w.options.queue_depth);
    });
    if (w.error) {
      Error e = *w.error;
      e.message = w.path.string() + ": " + e.message;
      return e;
    }
    w.queue.push_back(std::move(frame));
  }
  w.not_empty.notify_one();
  ++w.frames_accepted;
  return core::Ok();
}

Status VideoWriter::Write(const core::ImageRgba8& frame) {
  core::ImageRgba8 copy = frame;
  return Write(std::move(copy));
}

Status VideoWriter::Finish() {
  SYNTH4D_CHECK(impl_ != nullptr) << "Finish on a moved-from VideoWriter";
  Impl& w = *impl_;
  if (w.finished) {
    return MakeError(ErrorCode::kInvalidArgument, w.path.string() + ": Finish called twice");
  }
  w.finished = true;
  w.StopThread(/*drop_queued=*/false);  // encodes everything queued, then the thread ends
  Status s = core::Ok();
  if (w.error) {
    s = *w.error;
  } else if (w.frames_accepted == 0) {
    s = MakeError(ErrorCode::kInvalidArgument, "no frames written");
  } else {
    s = w.FinishFile();
  }
  if (!s.ok()) {
    w.DiscardOutput();
    Error e = s.error();
    e.message = w.path.string() + ": " + e.message;
    return e;
  }
  w.codec.reset();
  w.format.reset();
  return core::Ok();
}

int64_t VideoWriter::frames_written() const { return impl_ ? impl_->frames_accepted : 0; }

Rational VideoWriter::fps() const {
  SYNTH4D_CHECK(impl_ != nullptr);
  return impl_->fps;
}

const fs::path& VideoWriter::path() const {
  SYNTH4D_CHECK(impl_ != nullptr);
  return impl_->path;
}

}  // namespace synth4d::encode
