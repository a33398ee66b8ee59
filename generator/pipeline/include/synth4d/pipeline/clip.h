#pragma once
// One clip end to end: resolved scene -> simulation -> (render + encode) -> truth -> files.
// Each camera gives its own clip directory, written under a temporary name and renamed when
// every file in it is complete.
#include <filesystem>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/encode/video_writer.h"
#include "synth4d/qa/generate.h"
#include "synth4d/renderer/renderer.h"
#include "synth4d/sim/simulate.h"
#include "synth4d/spec/scene.h"

namespace synth4d::pipeline {

// Question generation for each clip (render makes QA by default).
struct QaConfig {
  std::vector<qa::Template> templates;
  qa::QaOptions options;                // RunClip sets contrast_pairs per clip (qa::MakesTwin)
  bool contrast_pairs = false;          // twins for every clip (else as the spec's qa section says)
};

// Dense and per-frame ground truth written beside video.mp4 (`generate --modalities`,
// docs/formats.md): NumPy .npz streams and JSON files, each named after its modality.
struct Modalities {
  bool depth = false;         // depth.npz: uint16 millimetres [T, H, W], 0 = no surface
  bool segmentation = false;  // segmentation.npz: uint16 instance ids [T, H, W] (the id buffer)
  bool flow = false;          // flow.npz: float16 forward flow in pixels [T, H, W, 2] (dx, dy)
  bool boxes = false;         // boxes.json: 2D and 3D boxes, velocities per object and frame
  bool camera = false;        // camera.json: K and world-from-camera pose per frame

  // The sample fields these add ("depth.npz", ...), in this order.
  std::vector<std::string> Fields() const;
};

// Parses "rgb,depth,segmentation,flow,boxes,camera" (rgb is required: questions are about the
// video). kInvalidArgument names an unknown modality.
core::Result<Modalities> ParseModalities(const std::string& list);

struct ClipOptions {
  sim::SimOptions sim;
  bool allow_glitches = false;          // false: a glitch fails the clip (kGlitch)
  renderer::RenderOptions render;
  encode::VideoWriterOptions video;     // width/height/fps are taken from the scene
  bool frames_png = false;              // also write frames/000000.png ...
  bool masks = false;                   // masks.json: COCO RLE per object per frame
  bool depth = false;                   // depth/000000.png: 16-bit millimetres
  Modalities modalities;                // dense ground truth beside the video (rendered clips)
  const QaConfig* qa = nullptr;         // null: no qa.jsonl
};

// What one camera's clip produced.
struct ClipOutput {
  std::string key;
  std::filesystem::path dir;
  int frames = 0;
  bool rendered = false;
  int questions = 0;                    // items in qa.jsonl
  bool twin = false;                    // the mirrored twin of a contrast pair
};

// Simulates `scene` and writes, for each camera, DIR/<key>/{truth.json, resolved.yaml}, qa.jsonl
// when options.qa is set and, when `renderer` is not null, video.mp4 (+ frames, masks, depth on
// request) with the rendered truth. With contrast pairs the mirrored twin's clips follow the
// originals. An existing complete clip directory is replaced. Errors carry the clip key.
core::Result<std::vector<ClipOutput>> RunClip(const spec::ResolvedScene& scene,
                                              const ClipOptions& options,
                                              renderer::Renderer* renderer,
                                              const std::filesystem::path& out_root);

// Questions of the clip directory `dir` from its stored truth.json (the same bytes `RunClip`
// writes to qa.jsonl). Items' `video` is "<key>/video.mp4", relative to the directory's parent.
core::Result<std::vector<qa::QaItem>> QaFromClipDir(const std::filesystem::path& dir,
                                                   const QaConfig& config);

}  // namespace synth4d::pipeline
