// bench_encode: throughput of the video path on textured moving frames (MakeMovingPattern).
//   1. RGBA -> I420 conversion: libyuv (what the writer uses) vs sws_scale
//   2. I420 -> RGBA conversion: libyuv (what the reader uses) vs sws_scale
//   3. x264 encode only (preset veryfast, 1 thread, CRF 20), frames pre-converted
//   4. VideoWriter end to end (queue + conversion + x264 + MP4 + faststart), and VideoReader
//   5. quality/size per CRF: PSNR of decoded vs input, and of the colour conversion alone
// Usage: bench_encode [--frames N] [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

extern "C" {
#include <libavutil/opt.h>
}

#include "internal_color.h"
#include "internal_libav.h"
#include "synth4d/core/file.h"
#include "synth4d/encode/image_metrics.h"
#include "synth4d/encode/video.h"
#include "synth4d/encode/video_reader.h"
#include "synth4d/encode/video_writer.h"

namespace {

namespace fs = std::filesystem;
namespace enc = synth4d::encode;
using synth4d::core::ImageRgba8;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU seconds used by the whole process (all threads). On a loaded machine wall-clock rates
// drop with the load; frames per CPU-second stay close to what one free core would do.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

// Measures wall and CPU time of a stage that processes `frames` frames.
class Stage {
 public:
  Stage() : wall_(Clock::now()), cpu_(ProcessCpuSeconds()) {}
  // "W fps wall, C fps/CPU-s".
  std::string Rate(double frames) const {
    const double wall = Seconds(wall_, Clock::now());
    const double cpu = ProcessCpuSeconds() - cpu_;
    char buf[96];
    std::snprintf(buf, sizeof(buf), "%8.0f fps wall %8.0f fps/cpu-s", frames / wall, frames / cpu);
    return buf;
  }

 private:
  Clock::time_point wall_;
  double cpu_;
};

struct I420 {
  int w = 0;
  int h = 0;
  std::vector<uint8_t> y, u, v;
  I420(int width, int height)
      : w(width),
        h(height),
        y(static_cast<size_t>(width) * height),
        u(static_cast<size_t>(width / 2) * (height / 2)),
        v(static_cast<size_t>(width / 2) * (height / 2)) {}
  enc::internal::I420Planes Planes() { return {y.data(), w, u.data(), w / 2, v.data(), w / 2}; }
  enc::internal::ConstI420Planes ConstPlanes() const {
    return {y.data(), w, u.data(), w / 2, v.data(), w / 2};
  }
};

std::vector<ImageRgba8> Pattern(int w, int h, int n, bool colour_disc = true) {
  std::vector<ImageRgba8> frames;
  frames.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) frames.push_back(enc::MakeMovingPattern(w, h, i, colour_disc));
  return frames;
}

void BenchConversion(int w, int h, const std::vector<ImageRgba8>& frames, int reps) {
  I420 out(w, h);
  const int n = static_cast<int>(frames.size());
  // libyuv RGBA -> I420
  Stage yuv_stage;
  for (int r = 0; r < reps; ++r) {
    for (const auto& f : frames)
      enc::internal::RgbaToI420(f.pixels.data(), w * 4, w, h, out.Planes());
  }
  const std::string yuv_fps = yuv_stage.Rate(n * reps);
  // sws_scale RGBA -> YUV420P (ffmpeg's default bicubic, and the cheaper bilinear / point)
  auto sws_fps = [&](int flags) {
    SwsContext* sws = sws_getContext(w, h, AV_PIX_FMT_RGBA, w, h, AV_PIX_FMT_YUV420P, flags,
                                     nullptr, nullptr, nullptr);
    uint8_t* dst[4] = {out.y.data(), out.u.data(), out.v.data(), nullptr};
    int dst_stride[4] = {w, w / 2, w / 2, 0};
    Stage stage;
    for (int r = 0; r < reps; ++r) {
      for (const auto& f : frames) {
        const uint8_t* src[4] = {f.pixels.data(), nullptr, nullptr, nullptr};
        int src_stride[4] = {w * 4, 0, 0, 0};
        sws_scale(sws, src, src_stride, 0, h, dst, dst_stride);
      }
    }
    std::string fps = stage.Rate(n * reps);
    sws_freeContext(sws);
    return fps;
  };
  const std::string sws_bicubic = sws_fps(SWS_BICUBIC);
  const std::string sws_bilinear = sws_fps(SWS_BILINEAR);
  std::printf(
      "  RGBA->I420 %dx%d\n    libyuv ABGRToI420     %s\n    sws_scale bicubic     %s\n"
      "    sws_scale bilinear    %s\n",
      w, h, yuv_fps.c_str(), sws_bicubic.c_str(), sws_bilinear.c_str());

  // I420 -> RGBA (the reader's direction)
  enc::internal::RgbaToI420(frames[0].pixels.data(), w * 4, w, h, out.Planes());
  ImageRgba8 back(w, h, 4);
  auto yuv_back_fps = [&](enc::internal::ChromaUpsampling up) {
    Stage stage;
    for (int r = 0; r < reps * n; ++r) {
      enc::internal::I420ToRgba(out.ConstPlanes(), w, h, back.pixels.data(), w * 4, up);
    }
    return stage.Rate(n * reps);
  };
  const std::string yuv_nearest = yuv_back_fps(enc::internal::ChromaUpsampling::kNearest);
  const std::string yuv_bilinear = yuv_back_fps(enc::internal::ChromaUpsampling::kBilinear);
  SwsContext* sws = sws_getContext(w, h, AV_PIX_FMT_YUV420P, w, h, AV_PIX_FMT_RGBA, SWS_BICUBIC,
                                   nullptr, nullptr, nullptr);
  const uint8_t* src[4] = {out.y.data(), out.u.data(), out.v.data(), nullptr};
  int src_stride[4] = {w, w / 2, w / 2, 0};
  uint8_t* dst[4] = {back.pixels.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {w * 4, 0, 0, 0};
  Stage sws_stage;
  for (int r = 0; r < reps * n; ++r) sws_scale(sws, src, src_stride, 0, h, dst, dst_stride);
  const std::string sws_back = sws_stage.Rate(n * reps);
  sws_freeContext(sws);
  std::printf(
      "  I420->RGBA %dx%d\n    libyuv nearest chroma %s\n    libyuv bilinear (used) %s\n"
      "    sws_scale bicubic     %s\n",
      w, h, yuv_nearest.c_str(), yuv_bilinear.c_str(), sws_back.c_str());
}

// x264 alone: frames converted beforehand, packets dropped.
std::string BenchX264(int w, int h, const std::vector<ImageRgba8>& frames, int crf, size_t* bytes) {
  using namespace enc::internal;
  std::vector<FramePtr> yuv;
  for (const auto& f : frames) {
    FramePtr fr(av_frame_alloc());
    fr->format = AV_PIX_FMT_YUV420P;
    fr->width = w;
    fr->height = h;
    av_frame_get_buffer(fr.get(), 0);
    RgbaToI420(
        f.pixels.data(), w * 4, w, h,
        {fr->data[0], fr->linesize[0], fr->data[1], fr->linesize[1], fr->data[2], fr->linesize[2]});
    yuv.push_back(std::move(fr));
  }
  const AVCodec* x264 = avcodec_find_encoder_by_name("libx264");
  CodecContextPtr c(avcodec_alloc_context3(x264));
  c->width = w;
  c->height = h;
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->time_base = {1, 30};
  c->framerate = {30, 1};
  c->thread_count = 1;
  av_opt_set(c->priv_data, "preset", "veryfast", 0);
  av_opt_set_double(c->priv_data, "crf", crf, 0);
  if (avcodec_open2(c.get(), x264, nullptr) < 0) {
    std::fprintf(stderr, "cannot open libx264\n");
    return "failed";
  }
  PacketPtr pkt(av_packet_alloc());
  *bytes = 0;
  auto drain = [&] {
    while (avcodec_receive_packet(c.get(), pkt.get()) == 0) {
      *bytes += static_cast<size_t>(pkt->size);
      av_packet_unref(pkt.get());
    }
  };
  Stage stage;
  for (size_t i = 0; i < yuv.size(); ++i) {
    yuv[i]->pts = static_cast<int64_t>(i);
    avcodec_send_frame(c.get(), yuv[i].get());
    drain();
  }
  avcodec_send_frame(c.get(), nullptr);
  drain();
  return stage.Rate(static_cast<double>(yuv.size()));
}

struct WriterResult {
  std::string write_fps;
  std::string read_fps;
  size_t bytes = 0;
  double mean_psnr = 0;
  double min_psnr = 0;
};

WriterResult BenchWriter(const fs::path& path, int w, int h, const std::vector<ImageRgba8>& frames,
                         int crf, bool measure_quality) {
  WriterResult r;
  std::vector<ImageRgba8> copies = frames;  // Write consumes them
  enc::VideoWriterOptions o;
  o.width = w;
  o.height = h;
  o.fps = 30;
  o.crf = crf;
  Stage write_stage;
  auto writer = enc::VideoWriter::Open(path, o);
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", writer.error().ToString().c_str());
    return r;
  }
  for (auto& f : copies) {
    if (auto s = writer->Write(std::move(f)); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
      return r;
    }
  }
  if (auto s = writer->Finish(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
    return r;
  }
  r.write_fps = write_stage.Rate(static_cast<double>(frames.size()));
  r.bytes = fs::file_size(path);
  {
    // Decode + convert throughput: one reused frame buffer (ReadAll would add the page faults of
    // holding every frame).
    Stage read_stage;
    auto reader = enc::VideoReader::Open(path);
    ImageRgba8 frame;
    int64_t count = 0;
    while (reader.ok()) {
      auto got = reader->ReadNext(&frame);
      if (!got.ok() || !*got) break;
      ++count;
    }
    r.read_fps = read_stage.Rate(static_cast<double>(count));
  }
  if (measure_quality) {
    auto reader = enc::VideoReader::Open(path);
    auto decoded = reader->ReadAll();
    double sum = 0;
    r.min_psnr = 1e9;
    for (size_t i = 0; i < frames.size(); ++i) {
      const double p = enc::PsnrRgb((*decoded)[i], frames[i]);
      sum += p;
      r.min_psnr = std::min(r.min_psnr, p);
    }
    r.mean_psnr = sum / static_cast<double>(frames.size());
  }
  return r;
}

// PSNR of RGBA -> I420 -> RGBA without the codec: the floor set by 4:2:0 and 8-bit limited range.
double ConversionOnlyPsnr(int w, int h, const std::vector<ImageRgba8>& frames,
                          enc::internal::ChromaUpsampling up) {
  I420 yuv(w, h);
  ImageRgba8 back(w, h, 4);
  double sum = 0;
  for (const auto& f : frames) {
    enc::internal::RgbaToI420(f.pixels.data(), w * 4, w, h, yuv.Planes());
    enc::internal::I420ToRgba(yuv.ConstPlanes(), w, h, back.pixels.data(), w * 4, up);
    sum += enc::PsnrRgb(back, f);
  }
  return sum / static_cast<double>(frames.size());
}

}  // namespace

int main(int argc, char** argv) {
  int n = 150;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc)
      n = std::max(10, std::atoi(argv[++i]));
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
  }
  if (quick) n = 30;
  enc::SetLibavLogLevel(enc::LibavLogLevel::kError);
  const fs::path dir =
      fs::temp_directory_path() / ("synth4d_bench_encode_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::printf("bench_encode: %d textured moving frames per size (MakeMovingPattern), 30 fps\n", n);
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3) {
    std::printf("load average %.1f on %u hardware threads (wall-clock rates drop under load)\n",
                load[0], std::thread::hardware_concurrency());
  }

  const std::pair<int, int> sizes[] = {{448, 448}, {640, 480}};
  std::printf("\n[1,2] colour conversion (single thread)\n");
  for (auto [w, h] : sizes) BenchConversion(w, h, Pattern(w, h, std::min(n, 30)), quick ? 2 : 10);

  std::printf("\n[3] x264 only (preset veryfast, 1 thread, CRF 20; input pre-converted)\n");
  for (auto [w, h] : sizes) {
    const auto frames = Pattern(w, h, n);
    size_t bytes = 0;
    const std::string fps = BenchX264(w, h, frames, 20, &bytes);
    std::printf("  %dx%d: %s, %5.1f kB/frame\n", w, h, fps.c_str(),
                static_cast<double>(bytes) / 1024.0 / n);
  }

  std::printf(
      "\n[4] VideoWriter end to end (queue 4, libyuv, x264 veryfast 1 thread, MP4 faststart)"
      "\n    and VideoReader (decode 1 thread + libyuv)\n");
  for (auto [w, h] : sizes) {
    const auto frames = Pattern(w, h, n);
    const WriterResult r = BenchWriter(dir / "e2e.mp4", w, h, frames, 20, false);
    std::printf("  %dx%d\n    write (2 threads)     %s\n    read                  %s\n", w, h,
                r.write_fps.c_str(), r.read_fps.c_str());
  }

  std::printf("\n[5] quality and size vs CRF (veryfast): RGB PSNR decoded vs input\n");
  const std::tuple<int, int, bool> quality_sizes[] = {
      {64, 48, false},   {64, 48, true},   {160, 120, false}, {160, 120, true},
      {448, 448, false}, {448, 448, true}, {640, 480, true}};
  for (auto [w, h, disc] : quality_sizes) {
    const auto frames = Pattern(w, h, std::min(n, 60), disc);
    std::printf("  %dx%d %s\n", w, h,
                disc ? "checker + gradient + red disc" : "checker + gradient");
    std::printf(
        "    conversion only (4:2:0 + limited range): %.2f dB nearest, %.2f dB "
        "bilinear chroma upsampling\n",
        ConversionOnlyPsnr(w, h, frames, enc::internal::ChromaUpsampling::kNearest),
        ConversionOnlyPsnr(w, h, frames, enc::internal::ChromaUpsampling::kBilinear));
    for (int crf : {16, 18, 20, 23}) {
      const WriterResult r = BenchWriter(dir / "q.mp4", w, h, frames, crf, true);
      std::printf("    crf %2d: mean %.2f dB, min %.2f dB, %7.2f kB/frame (%6.0f kbit/s)\n", crf,
                  r.mean_psnr, r.min_psnr, static_cast<double>(r.bytes) / 1024.0 / frames.size(),
                  static_cast<double>(r.bytes) * 8.0 * 30.0 / frames.size() / 1000.0);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
