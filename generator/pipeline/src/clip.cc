#include "synth4d/pipeline/clip.h"

#include <cstdio>
#include <system_error>

#include <nlohmann/json.hpp>

#include "synth4d/core/file.h"
#include "synth4d/encode/png.h"
#include "synth4d/pipeline/render_setup.h"
#include "synth4d/pipeline/rle.h"
#include "synth4d/spec/to_yaml.h"
#include "synth4d/truth/build.h"
#include "synth4d/truth/truth_json.h"

namespace synth4d::pipeline {
namespace {

namespace fs = std::filesystem;

std::string FrameName(int index, const char* ext) {
  char name[32];
  std::snprintf(name, sizeof(name), "%06d.%s", index, ext);
  return name;
}

core::Error WithKey(core::Error e, const std::string& key) {
  e.message = key + ": " + e.message;
  return e;
}

// Renders camera `camera_index`, encoding video and filling the rendered fields of `truth`.
core::Status RenderCamera(const spec::ResolvedScene& scene, const sim::SimTrace& trace,
                          int camera_index, const renderer::RenderScene& render_scene,
                          const ClipOptions& options, renderer::Renderer& renderer,
                          const fs::path& dir, truth::VideoTruth& truth) {
  encode::VideoWriterOptions video = options.video;
  video.width = scene.clip.width;
  video.height = scene.clip.height;
  video.fps = scene.clip.fps;
  SYNTH4D_ASSIGN_OR_RETURN(encode::VideoWriter writer, encode::VideoWriter::Open(dir / "video.mp4", video));
  nlohmann::ordered_json masks = nlohmann::ordered_json::array();
  const std::vector<renderer::FrameInput> inputs = MakeFrameInputs(trace, camera_index);
  auto sink = [&](renderer::FrameOutput&& frame) -> core::Status {
    truth::ApplyIdFrame(truth, frame.index, frame.ids);
    if (options.masks) {
      nlohmann::ordered_json objects = nlohmann::ordered_json::array();
      for (const truth::ObjectInfo& o : truth.objects) {
        if (truth.frames[o.id - 1][frame.index].visible_px == 0) continue;
        objects.push_back({{"id", o.id},
                           {"size", {frame.ids.height, frame.ids.width}},
                           {"counts", CocoRle(frame.ids, o.id)}});
      }
      masks.push_back({{"frame", frame.index}, {"objects", objects}});
    }
    if (options.depth) {
      SYNTH4D_RETURN_IF_ERROR(
          encode::WriteDepthPng16(dir / "depth" / FrameName(frame.index, "png"), frame.depth));
    }
    if (options.frames_png) {
      SYNTH4D_RETURN_IF_ERROR(encode::WritePng(dir / "frames" / FrameName(frame.index, "png"),
                                               frame.rgba, encode::PngColor::kRgb));
    }
    return writer.Write(std::move(frame.rgba));
  };
  SYNTH4D_RETURN_IF_ERROR(renderer.RenderClip(render_scene, inputs, options.render, sink));
  SYNTH4D_RETURN_IF_ERROR(writer.Finish());
  if (options.masks) {
    SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / "masks.json", masks.dump() + "\n"));
  }
  return core::Ok();
}

}  // namespace

core::Result<std::vector<ClipOutput>> RunClip(const spec::ResolvedScene& scene,
                                              const ClipOptions& options,
                                              renderer::Renderer* renderer,
                                              const fs::path& out_root) {
  const std::string clip_name = scene.spec_key + " clip " + std::to_string(scene.clip.clip_index);
  auto simulated = sim::Simulate(scene, options.sim);
  if (!simulated.ok()) return WithKey(simulated.error(), clip_name);
  const sim::SimTrace& trace = *simulated;
  if (!options.allow_glitches && !trace.glitches.empty()) {
    const sim::Glitch& g = trace.glitches.front();
    return core::MakeError(core::ErrorCode::kGlitch,
                           clip_name + ": simulation glitch (" + sim::GlitchKindName(g.kind) +
                               ") at frame " + std::to_string(g.frame) + ": " + g.message);
  }
  auto meshes = BuildObjectMeshes(scene);
  if (!meshes.ok()) return WithKey(meshes.error(), clip_name);
  const std::string resolved_yaml = spec::ToYaml(scene);
  std::optional<renderer::RenderScene> render_scene;
  if (renderer != nullptr) render_scene = MakeRenderScene(scene, *meshes);

  std::vector<ClipOutput> outputs;
  for (int c = 0; c < static_cast<int>(scene.cameras.size()); ++c) {
    truth::VideoTruth truth = truth::BuildVideoTruth(scene, trace, c, resolved_yaml);
    const fs::path final_dir = out_root / truth.clip.key;
    const fs::path tmp_dir = core::TempPathFor(final_dir);
    std::error_code ec;
    fs::create_directories(tmp_dir, ec);
    if (ec) {
      return core::MakeError(core::ErrorCode::kIo, tmp_dir.string() + ": " + ec.message());
    }
    auto fail = [&](core::Error e) {
      fs::remove_all(tmp_dir, ec);
      return WithKey(std::move(e), truth.clip.key);
    };
    if (renderer != nullptr) {
      const core::Status rendered =
          RenderCamera(scene, trace, c, *render_scene, options, *renderer, tmp_dir, truth);
      if (!rendered.ok()) return fail(rendered.error());
      truth::ApplyCoverage(truth, *meshes);
    }
    core::Status written = core::WriteFileAtomic(tmp_dir / "resolved.yaml", resolved_yaml);
    if (written.ok()) written = core::WriteFileAtomic(tmp_dir / "truth.json", truth::ToJson(truth));
    if (!written.ok()) return fail(written.error());
    fs::remove_all(final_dir, ec);
    fs::rename(tmp_dir, final_dir, ec);
    if (ec) return fail(core::MakeError(core::ErrorCode::kIo, final_dir.string() + ": " + ec.message()));
    outputs.push_back({truth.clip.key, final_dir, truth.clip.num_frames, renderer != nullptr});
  }
  return outputs;
}

}  // namespace synth4d::pipeline
