#include "synth4d/pipeline/clip.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <glm/gtc/packing.hpp>
#include <optional>
#include <nlohmann/json.hpp>
#include <system_error>

#include "synth4d/core/crash_point.h"
#include "synth4d/core/file.h"
#include "synth4d/encode/npz.h"
#include "synth4d/encode/png.h"
#include "synth4d/pipeline/render_setup.h"
#include "synth4d/pipeline/rle.h"
#include "synth4d/qa/contrast.h"
#include "synth4d/qa/item.h"
#include "synth4d/spec/to_yaml.h"
#include "synth4d/truth/build.h"
#include "synth4d/truth/dense.h"
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

// The .npz streams of the dense modalities asked for, one array each, written frame by frame.
class DenseWriters {
 public:
  static core::Result<DenseWriters> Open(const Modalities& m, const fs::path& dir, int frames,
                                         int width, int height) {
    DenseWriters w;
    const std::vector<int64_t> image{frames, height, width};
    auto open = [&](bool wanted, const char* name, const char* dtype,
                    std::vector<int64_t> shape) -> core::Result<std::optional<encode::NpzWriter>> {
      if (!wanted) return std::optional<encode::NpzWriter>();
      SYNTH4D_ASSIGN_OR_RETURN(encode::NpzWriter writer,
                               encode::NpzWriter::Create(dir / (std::string(name) + ".npz")));
      SYNTH4D_RETURN_IF_ERROR(writer.BeginArray(name, dtype, shape));
      return std::optional<encode::NpzWriter>(std::move(writer));
    };
    SYNTH4D_ASSIGN_OR_RETURN(w.depth_, open(m.depth, "depth", "<u2", image));
    SYNTH4D_ASSIGN_OR_RETURN(w.segmentation_, open(m.segmentation, "segmentation", "<u2", image));
    SYNTH4D_ASSIGN_OR_RETURN(w.flow_, open(m.flow, "flow", "<f2", {frames, height, width, 2}));
    return w;
  }

  core::Status Add(const truth::VideoTruth& truth, const renderer::FrameOutput& frame) {
    const size_t n = frame.ids.pixels.size();
    std::vector<uint16_t> values(n);
    if (depth_) {
      for (size_t i = 0; i < n; ++i) {
        const float z = frame.depth.pixels[i];
        values[i] = !std::isfinite(z) || z <= 0.0f
                        ? 0
                        : static_cast<uint16_t>(std::min(65535.0f, std::round(z * 1000.0f)));
      }
      SYNTH4D_RETURN_IF_ERROR(depth_->Append(values.data(), n * 2));
    }
    if (segmentation_) {
      for (size_t i = 0; i < n; ++i)
        values[i] = static_cast<uint16_t>(std::min<uint32_t>(frame.ids.pixels[i], 65535));
      SYNTH4D_RETURN_IF_ERROR(segmentation_->Append(values.data(), n * 2));
    }
    if (flow_) {
      const std::vector<float> flow = truth::ForwardFlow(truth, frame.index, frame.ids, frame.depth);
      std::vector<uint16_t> half(flow.size());
      for (size_t i = 0; i < flow.size(); ++i) half[i] = glm::packHalf1x16(flow[i]);
      SYNTH4D_RETURN_IF_ERROR(flow_->Append(half.data(), half.size() * 2));
    }
    return core::Ok();
  }

  core::Status Finish() {
    for (std::optional<encode::NpzWriter>* w : {&depth_, &segmentation_, &flow_}) {
      if (*w) SYNTH4D_RETURN_IF_ERROR((*w)->Finish());
    }
    return core::Ok();
  }

 private:
  std::optional<encode::NpzWriter> depth_, segmentation_, flow_;
};

// Renders camera `camera_index`, encoding video and filling the rendered fields of `truth`.
core::Status RenderCamera(const spec::ResolvedScene& scene, const sim::SimTrace& trace,
                          int camera_index, const renderer::RenderScene& render_scene,
                          const ClipOptions& options, renderer::Renderer& renderer,
                          const fs::path& dir, truth::VideoTruth& truth) {
  encode::VideoWriterOptions video = options.video;
  video.width = scene.clip.width;
  video.height = scene.clip.height;
  video.fps = scene.clip.fps;
  SYNTH4D_ASSIGN_OR_RETURN(encode::VideoWriter writer,
                           encode::VideoWriter::Open(dir / "video.mp4", video));
  nlohmann::ordered_json masks = nlohmann::ordered_json::array();
  const std::vector<renderer::FrameInput> inputs = MakeFrameInputs(trace, camera_index);
  SYNTH4D_ASSIGN_OR_RETURN(DenseWriters dense,
                           DenseWriters::Open(options.modalities, dir, truth.clip.num_frames,
                                              video.width, video.height));
  auto sink = [&](renderer::FrameOutput&& frame) -> core::Status {
    truth::ApplyIdFrame(truth, frame.index, frame.ids);
    SYNTH4D_RETURN_IF_ERROR(dense.Add(truth, frame));
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
  SYNTH4D_RETURN_IF_ERROR(dense.Finish());
  if (options.masks) {
    SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(dir / "masks.json", masks.dump() + "\n"));
  }
  return core::Ok();
}

// The questions of `truth` as read back from its JSON, so regenerating them from a stored
// truth.json (QaFromClipDir) gives identical bytes.
core::Result<std::vector<qa::QaItem>> Questions(const std::string& truth_json,
                                                const std::string& key, const QaConfig& config) {
  SYNTH4D_ASSIGN_OR_RETURN(truth::VideoTruth stored,
                           truth::FromJson(truth_json, key + "/truth.json"));
  qa::QaOptions options = config.options;
  options.video = key + "/video.mp4";
  return qa::GenerateQa(stored, config.templates, options);
}

// One camera's clip written to its directory; `items` are its questions (empty without QA).
struct CameraClip {
  ClipOutput output;
  std::string truth_json;
  std::vector<qa::QaItem> items;
};

// Simulates `scene` and writes every camera's directory. For a contrast twin, `originals` holds
// the original clip's questions per camera; they gain pair ids in place.
core::Result<std::vector<CameraClip>> RunCameras(const spec::ResolvedScene& scene,
                                                 const ClipOptions& options,
                                                 renderer::Renderer* renderer,
                                                 const fs::path& out_root,
                                                 std::vector<CameraClip>* originals) {
  const std::string clip_name = scene.spec_key + " clip " + std::to_string(scene.clip.clip_index);
  auto simulated = sim::Simulate(scene, options.sim);
  if (!simulated.ok()) return WithKey(simulated.error(), clip_name);
  const sim::SimTrace& trace = *simulated;
  core::CrashPoint("clip.simulated");
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

  std::vector<CameraClip> clips;
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
      core::CrashPoint("clip.rendered");
      truth::ApplyCoverage(truth, *meshes);
    }
    CameraClip clip;
    clip.truth_json = truth::ToJson(truth);
    if (options.qa != nullptr) {
      auto items = Questions(clip.truth_json, truth.clip.key, *options.qa);
      if (!items.ok()) return fail(items.error());
      clip.items = std::move(items).value();
      if (originals != nullptr) {
        auto stored = truth::FromJson(clip.truth_json, truth.clip.key + "/truth.json");
        if (!stored.ok()) return fail(stored.error());
        qa::QaOptions twin_options = options.qa->options;
        twin_options.video = truth.clip.key + "/video.mp4";
        clip.items = qa::GenerateTwinQa(*stored, options.qa->templates, twin_options,
                                        originals->at(c).items, nullptr);
      }
    }
    core::Status written = core::WriteFileAtomic(tmp_dir / "resolved.yaml", resolved_yaml);
    if (written.ok() && options.modalities.boxes) {
      written = core::WriteFileAtomic(tmp_dir / "boxes.json", truth::BoxesJson(truth));
    }
    if (written.ok() && options.modalities.camera) {
      written = core::WriteFileAtomic(tmp_dir / "camera.json", truth::CameraJson(truth));
    }
    if (written.ok()) written = core::WriteFileAtomic(tmp_dir / "truth.json", clip.truth_json);
    if (written.ok() && options.qa != nullptr) {
      written = core::WriteFileAtomic(tmp_dir / "qa.jsonl", qa::ToJsonl(clip.items));
    }
    if (!written.ok()) return fail(written.error());
    fs::remove_all(final_dir, ec);
    fs::rename(tmp_dir, final_dir, ec);
    if (ec)
      return fail(core::MakeError(core::ErrorCode::kIo, final_dir.string() + ": " + ec.message()));
    clip.output = {truth.clip.key,
                   final_dir,
                   truth.clip.num_frames,
                   renderer != nullptr,
                   static_cast<int>(clip.items.size()),
                   originals != nullptr};
    clips.push_back(std::move(clip));
  }
  return clips;
}

}  // namespace

std::vector<std::string> Modalities::Fields() const {
  std::vector<std::string> fields;
  if (depth) fields.push_back("depth.npz");
  if (segmentation) fields.push_back("segmentation.npz");
  if (flow) fields.push_back("flow.npz");
  if (boxes) fields.push_back("boxes.json");
  if (camera) fields.push_back("camera.json");
  return fields;
}

core::Result<Modalities> ParseModalities(const std::string& list) {
  Modalities m;
  bool rgb = false;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t end = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, end - start);
    start = end + 1;
    bool* slot = name == "depth"          ? &m.depth
                 : name == "segmentation" ? &m.segmentation
                 : name == "flow"         ? &m.flow
                 : name == "boxes"        ? &m.boxes
                 : name == "camera"       ? &m.camera
                 : name == "rgb"          ? &rgb
                                          : nullptr;
    if (slot == nullptr) {
      return core::InvalidArgument("--modalities: unknown modality \"" + name +
                                   "\" (expected rgb, depth, segmentation, flow, boxes, camera)");
    }
    *slot = true;
  }
  if (!rgb) return core::InvalidArgument("--modalities: rgb is required (questions are about the video)");
  return m;
}

core::Result<std::vector<ClipOutput>> RunClip(const spec::ResolvedScene& scene,
                                              const ClipOptions& options,
                                              renderer::Renderer* renderer,
                                              const fs::path& out_root) {
  const bool make_twins = options.qa != nullptr && qa::MakesTwin(scene, options.qa->contrast_pairs);
  // The originals of twins offer each flipped answer among their options, so the twin can ask
  // with the same choices (QaOptions::contrast_pairs); other clips do not.
  ClipOptions clip_options = options;
  QaConfig paired;
  if (options.qa != nullptr && options.qa->options.contrast_pairs != make_twins) {
    paired = *options.qa;
    paired.options.contrast_pairs = make_twins;
    clip_options.qa = &paired;
  }
  SYNTH4D_ASSIGN_OR_RETURN(std::vector<CameraClip> clips,
                           RunCameras(scene, clip_options, renderer, out_root, nullptr));
  std::vector<ClipOutput> outputs;
  for (const CameraClip& clip : clips) outputs.push_back(clip.output);
  if (!make_twins) return outputs;

  SYNTH4D_ASSIGN_OR_RETURN(
      std::vector<CameraClip> twins,
      RunCameras(qa::MirrorScene(scene), clip_options, renderer, out_root, &clips));
  // The originals gained pair ids: their complete directories get the new qa.jsonl in place.
  for (const CameraClip& clip : clips) {
    SYNTH4D_RETURN_IF_ERROR(
        core::WriteFileAtomic(clip.output.dir / "qa.jsonl", qa::ToJsonl(clip.items)));
  }
  for (const CameraClip& twin : twins) outputs.push_back(twin.output);
  return outputs;
}

core::Result<std::vector<qa::QaItem>> QaFromClipDir(const fs::path& dir, const QaConfig& config) {
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(dir / "truth.json"));
  return Questions(text, dir.filename().string(), config);
}

}  // namespace synth4d::pipeline
