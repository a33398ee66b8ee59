// bench_render: frames/s of render + readback on the Vulkan renderer for a scene of 8 primitives
// on a checkered ground, at 448x448 and 640x480, with and without 4x MSAA and shadows.
// Usage: bench_render [--frames N] [--device auto|cpu|gpu] [--validation]
// lavapipe uses LP_NUM_THREADS rasterizer threads (default: all cores); the value is printed.
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

#include "synth4d/core/geometry.h"
#include "synth4d/core/mesh.h"
#include "synth4d/renderer/renderer.h"

namespace {

using synth4d::core::Pose;

// CPU seconds used by this process so far (all threads, lavapipe's included).
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}
namespace r = synth4d::renderer;

r::RenderScene MakeScene(int width, int height) {
  r::RenderScene scene;
  scene.width = width;
  scene.height = height;
  namespace c = synth4d::core;
  scene.meshes = {c::MakeBox({0.5, 0.5, 0.5}), c::MakeSphere(0.3),
                  c::MakeCylinder(0.25, 0.6),  c::MakeCone(0.3, 0.6),
                  c::MakeCapsule(0.2, 0.7),    c::MakeBox({0.8, 0.3, 0.3}),
                  c::MakeSphere(0.2),          c::MakeCylinder(0.15, 0.8)};
  const glm::vec3 colors[] = {{0.8f, 0.1f, 0.1f}, {0.1f, 0.6f, 0.1f}, {0.1f, 0.2f, 0.8f},
                              {0.8f, 0.7f, 0.1f}, {0.6f, 0.1f, 0.7f}, {0.1f, 0.7f, 0.7f},
                              {0.9f, 0.9f, 0.9f}, {0.9f, 0.4f, 0.1f}};
  for (int i = 0; i < 8; ++i) {
    r::RenderObject o;
    o.instance_id = i + 1;
    o.mesh_index = i;
    o.base_color_linear = colors[i];
    o.material = i % 3 == 0 ? r::SurfaceMaterial::kShiny : r::SurfaceMaterial::kMatte;
    o.pattern = i % 2 == 0 ? r::SurfacePattern::kStripes : r::SurfacePattern::kNone;
    scene.objects.push_back(o);
  }
  scene.environment.ground_pattern = r::GroundPattern::kChecker;
  scene.environment.ground_color_linear = glm::vec3(0.6f);
  scene.environment.ground_color2_linear = glm::vec3(0.25f);
  return scene;
}

// An orbiting camera and objects moving on a circle, spinning.
std::vector<r::FrameInput> MakeFrames(const r::RenderScene& scene, int n) {
  std::vector<r::FrameInput> frames;
  for (int f = 0; f < n; ++f) {
    const double t = f / 30.0;
    r::FrameInput in;
    const double cam = 0.3 * t;
    in.X_WC = synth4d::core::LookAt({5.0 * std::cos(cam), 5.0 * std::sin(cam), 2.5}, {0, 0, 0.3});
    in.K = synth4d::core::FromVerticalFov(scene.width, scene.height, 50.0 * std::numbers::pi / 180);
    for (size_t i = 0; i < scene.objects.size(); ++i) {
      const double a = 2.0 * std::numbers::pi * i / scene.objects.size() + 0.5 * t;
      Pose X_WO;
      X_WO.p = {1.8 * std::cos(a), 1.8 * std::sin(a), 0.45};
      X_WO.q = synth4d::core::FromYawPitchRoll(2.0 * t + i, 0.0, 0.0);
      in.X_WO.push_back(X_WO);
    }
    frames.push_back(std::move(in));
  }
  return frames;
}

}  // namespace

int main(int argc, char** argv) {
  int n_frames = 90;
  r::RendererParams params;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--frames") && i + 1 < argc) {
      n_frames = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--device") && i + 1 < argc) {
      const std::string d = argv[++i];
      params.device = d == "cpu"   ? r::DeviceChoice::kCpu
                      : d == "gpu" ? r::DeviceChoice::kGpu
                                   : r::DeviceChoice::kAuto;
    } else if (!std::strcmp(argv[i], "--validation")) {
      params.validation = true;
    } else {
      std::fprintf(stderr,
                   "usage: bench_render [--frames N] [--device auto|cpu|gpu] [--validation]\n");
      return 2;
    }
  }
  auto renderer = r::CreateVulkanRenderer(params);
  if (!renderer.ok()) {
    std::fprintf(stderr, "bench_render: %s\n", renderer.error().ToString().c_str());
    return 1;
  }
  const char* lp = std::getenv("LP_NUM_THREADS");
  std::printf("device: %s   LP_NUM_THREADS=%s   frames per run: %d\n",
              (*renderer)->DeviceName().c_str(), lp ? lp : "(unset: all cores)", n_frames);
  std::printf(
      "fps: render + readback, %d frames in flight (the default). Breakdown per frame from a\n"
      "serial run (1 in flight): device drawing, device copy to the readback buffer, host\n"
      "unpacking into FrameOutput; readback share = (copy + unpack) / serial frame time.\n"
      "cpu/frame: process CPU time per frame with frames in flight (all threads), a\n"
      "load-independent cost on a CPU device.\n\n",
      r::RenderOptions{}.frames_in_flight);
  std::printf("%-9s %-5s %-7s %8s %10s | %9s %9s %9s %9s %9s\n", "size", "msaa", "shadows", "fps",
              "cpu/frame", "serial", "draw", "copy", "unpack", "readback");
  const int sizes[][2] = {{448, 448}, {640, 480}};
  for (const auto& size : sizes) {
    const r::RenderScene scene = MakeScene(size[0], size[1]);
    const std::vector<r::FrameInput> frames = MakeFrames(scene, n_frames);
    for (int msaa : {1, 4}) {
      for (bool shadows : {false, true}) {
        r::RenderStats stats[2];  // [0] frames in flight (default), [1] serial
        double cpu_s = 0.0;
        for (int k = 0; k < 2; ++k) {
          r::RenderOptions options;
          options.msaa_samples = msaa;
          options.shadows = shadows;
          if (k == 1) options.frames_in_flight = 1;
          options.stats = &stats[k];
          size_t checksum = 0;
          auto sink = [&](r::FrameOutput&& out) {
            checksum += out.ids.pixels[out.ids.pixels.size() / 2];
            return synth4d::core::Ok();
          };
          // A short warm-up clip builds the pipelines for this sample count.
          auto warm = (*renderer)->RenderClip(scene, std::span(frames).first(3), options, sink);
          const double cpu0 = CpuSeconds();
          auto status = (*renderer)->RenderClip(scene, frames, options, sink);
          if (k == 0) cpu_s = CpuSeconds() - cpu0;
          if (!warm.ok() || !status.ok()) {
            std::fprintf(stderr, "bench_render: %s\n",
                         (!warm.ok() ? warm : status).error().ToString().c_str());
            return 1;
          }
        }
        const r::RenderStats& s = stats[1];
        const double ms = 1e3 / s.frames;
        const double share = 100.0 * (s.gpu_copy_s + s.cpu_readback_s) / s.wall_s;
        std::printf("%4dx%-4d %-5d %-7s %8.1f %8.2fms | %7.2fms %7.2fms %7.2fms %7.2fms %8.1f%%\n",
                    size[0], size[1], msaa, shadows ? "on" : "off",
                    stats[0].frames / stats[0].wall_s, 1e3 * cpu_s / stats[0].frames, s.wall_s * ms,
                    s.gpu_render_s * ms, s.gpu_copy_s * ms, s.cpu_readback_s * ms, share);
      }
    }
  }
  return 0;
}
