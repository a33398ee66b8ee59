// `synth4d bench`: where a clip's time goes on this machine — simulation, render + readback,
// encode, end to end — and peak memory, for a spec at several sizes and quality settings. Prints
// figures; asserts nothing (docs/benchmarks.md; clips per minute of `generate`:
// tools/bench-generate).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "synth4d/encode/video_writer.h"
#include "synth4d/pipeline/clip.h"
#include "synth4d/pipeline/render_setup.h"
#include "synth4d/qa/template.h"
#include "synth4d/spec/loader.h"

namespace synth4d::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchArgs {
  std::string spec = "scenes/demo.yaml";
  std::vector<std::string> sizes = {"448x448", "640x480"};
  std::string out = "";
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;  // kilobytes on Linux
}

core::Result<spec::ResolvedScene> SceneAt(const std::string& path, const std::string& size,
                                          int index) {
  int w = 0, h = 0;
  if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w <= 0 || h <= 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "--sizes: expected WxH, found " + size);
  }
  spec::ResolveOptions resolve;
  resolve.clip_index = static_cast<uint64_t>(index);
  SYNTH4D_ASSIGN_OR_RETURN(spec::ResolvedScene scene, spec::ResolveSpecFile(path, resolve));
  scene.clip.width = w;
  scene.clip.height = h;
  return scene;
}

// One size and quality setting: each stage timed on its own, then the whole clip.
core::Status StageBench(const spec::ResolvedScene& scene, renderer::Renderer& renderer,
                        const renderer::RenderOptions& quality, const pipeline::ClipOptions& clip,
                        const fs::path& out) {
  const double cpu0 = CpuSeconds();
  auto t = Clock::now();
  SYNTH4D_ASSIGN_OR_RETURN(sim::SimTrace trace, sim::Simulate(scene));
  const double sim_s = Seconds(t), sim_cpu = CpuSeconds() - cpu0;
  const int frames = static_cast<int>(trace.frames.size());

  SYNTH4D_ASSIGN_OR_RETURN(std::vector<core::Mesh> meshes, pipeline::BuildObjectMeshes(scene));
  const renderer::RenderScene render_scene = pipeline::MakeRenderScene(scene, std::move(meshes));
  const std::vector<renderer::FrameInput> inputs = pipeline::MakeFrameInputs(trace, 0);
  renderer::RenderStats stats;
  renderer::RenderOptions options = quality;
  options.stats = &stats;
  std::vector<core::ImageRgba8> rgba;
  t = Clock::now();
  SYNTH4D_RETURN_IF_ERROR(
      renderer.RenderClip(render_scene, inputs, options, [&](renderer::FrameOutput&& f) {
        rgba.push_back(std::move(f.rgba));
        return core::Ok();
      }));
  const double render_s = Seconds(t);

  encode::VideoWriterOptions video = clip.video;
  video.width = scene.clip.width;
  video.height = scene.clip.height;
  video.fps = scene.clip.fps;
  t = Clock::now();
  SYNTH4D_ASSIGN_OR_RETURN(encode::VideoWriter writer,
                           encode::VideoWriter::Open(out / "bench.mp4", video));
  for (core::ImageRgba8& frame : rgba) SYNTH4D_RETURN_IF_ERROR(writer.Write(std::move(frame)));
  SYNTH4D_RETURN_IF_ERROR(writer.Finish());
  const double encode_s = Seconds(t);

  pipeline::ClipOptions whole = clip;
  whole.render = quality;
  spec::ResolvedScene one_camera = scene;
  one_camera.cameras.resize(1);
  t = Clock::now();
  SYNTH4D_RETURN_IF_ERROR(
      pipeline::RunClip(one_camera, whole, &renderer, out / "clips").ok()
          ? core::Ok()
          : core::Status(core::MakeError(core::ErrorCode::kInternal, "clip failed")));
  const double clip_s = Seconds(t);

  std::printf(
      "  %4dx%-4d msaa %d shadows %-3s | sim %7.0f fps (%.3f s CPU) | render+readback %6.1f fps "
      "(gpu render %.2f s, copy %.2f s, unpack %.2f s, wait %.2f s) | encode %6.1f fps | "
      "clip end to end %5.2f s (%.1f fps)\n",
      scene.clip.width, scene.clip.height, quality.msaa_samples, quality.shadows ? "on" : "off",
      frames / sim_s, sim_cpu, frames / render_s, stats.gpu_render_s, stats.gpu_copy_s,
      stats.cpu_readback_s, stats.wait_s, frames / encode_s, clip_s, frames / clip_s);
  return core::Ok();
}

int Bench(const BenchArgs& args) {
  const fs::path out =
      args.out.empty() ? fs::temp_directory_path() / "synth4d_bench" : fs::path(args.out);
  fs::remove_all(out);
  auto templates = qa::LoadTemplates(SYNTH4D_SOURCE_DIR "/qa_templates");
  if (!templates.ok()) {
    std::fprintf(stderr, "%s\n", templates.error().ToString().c_str());
    return kExitBadInput;
  }
  pipeline::QaConfig qa_config;
  qa_config.templates = std::move(templates).value();
  pipeline::ClipOptions clip;
  clip.qa = &qa_config;
  auto renderer = renderer::CreateVulkanRenderer({});
  if (!renderer.ok()) {
    std::fprintf(stderr, "%s\n", renderer.error().ToString().c_str());
    return kExitFailure;
  }
  const char* lp = std::getenv("LP_NUM_THREADS");
  std::printf("synth4d bench: %s on %s (LP_NUM_THREADS=%s, %u hardware threads)\n",
              args.spec.c_str(), (*renderer)->DeviceName().c_str(), lp ? lp : "unset",
              std::thread::hardware_concurrency());
  std::printf("stages, camera 0 of clip 0 (fps = frames per wall-clock second):\n");
  const renderer::RenderOptions qualities[] = {{.msaa_samples = 1, .shadows = false},
                                               {.msaa_samples = 1, .shadows = true},
                                               {.msaa_samples = 4, .shadows = false},
                                               {.msaa_samples = 4, .shadows = true}};
  for (const std::string& size : args.sizes) {
    auto scene = SceneAt(args.spec, size, 0);
    if (!scene.ok()) {
      std::fprintf(stderr, "%s\n", scene.error().ToString().c_str());
      return kExitBadInput;
    }
    for (const renderer::RenderOptions& quality : qualities) {
      const core::Status s = StageBench(*scene, **renderer, quality, clip, out);
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
        return kExitFailure;
      }
    }
  }
  std::printf("peak resident memory: %.0f MiB\n", PeakRssMiB());
  fs::remove_all(out);
  return kExitOk;
}

}  // namespace

void AddBenchCommand(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* bench = app.add_subcommand(
      "bench", "Measure simulation, rendering, encoding and whole clips on this machine");
  bench->add_option("spec", args->spec, "Scene spec (default scenes/demo.yaml)")
      ->check(CLI::ExistingFile);
  bench->add_option("--sizes", args->sizes, "Resolutions WxH");
  bench->add_option("--out", args->out, "Scratch directory (default: the system temp dir)");
  bench->callback([args] {
    const int code = Bench(*args);
    if (code != kExitOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace synth4d::cli
