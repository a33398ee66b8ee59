#include <string_view>
#include <vector>

#include "internal_features.h"
#include "synth4d/core/check.h"

namespace synth4d::shard::internal {
namespace {

// One column of a sample per line, `name: type`; a struct's fields (or a list of structs' fields)
// follow it, indented two more spaces. Types: string, int64, uint64, uint16, float64, float16,
// bool, binary, struct, list<T>. A new shard member (a modality) adds its line here; the loader
// test (tests/loaders) fails for a member or a field that is not declared. Members a dataset does
// not hold (modalities not asked for) are read as null, as the webdataset builder does; an .npz
// member is read as a struct of its arrays (numpy's NpzFile is a Mapping).
constexpr std::string_view kSampleFeatures = R"(__key__: string
__url__: string
mp4: binary
qa.json: list<struct>
  id: string
  video: string
  question_type: string
  question: string
  choices: struct
    A: string
    B: string
    C: string
    D: string
    E: string
    F: string
    G: string
    H: string
  answer: string
  answer_letter: string
  clip_key: string
  category: string
  template_id: string
  frame_of_reference: string
  objects: list<string>
  answer_value: string
  answer_kind: string
  evidence: struct
    frames: list<int64>
    values: list<struct>
      name: string
      value: list<float64>
    words: list<struct>
      name: string
      value: string
  rationale: string
  difficulty: struct
    pixel_speed: float64
    min_visible_fraction: float64
    min_frames: int64
  visibility: string
  pair_id: string
  video_end_frame: int64
truth.json: struct
  schema: string
  synth4d_version: string
  clip: struct
    key: string
    spec: string
    camera: string
    camera_index: int64
    fps: float64
    num_frames: int64
    duration_s: float64
    width: int64
    height: int64
    seed: uint64
    dataset_seed: uint64
    clip_index: int64
  conventions: struct
    world: string
    camera: string
    quaternion: string
    frame_time: string
    box: string
  camera: struct
    name: string
    K: list<list<float64>>
    X_WC: list<struct>
      p: list<float64>
      q: list<float64>
  objects: list<struct>
    id: int64
    name: string
    shape: string
    asset: string
    color: string
    color_srgb: list<float64>
    material: string
    size: list<float64>
    motion: string
    front: list<float64>
    prototype: string
    frames: list<struct>
      p_W: list<float64>
      q_W: list<float64>
      v_W: list<float64>
      w_W: list<float64>
      p_C: list<float64>
      centre_px: list<float64>
      box: list<int64>
      visible_px: int64
      unoccluded_px: int64
      silhouette_px: int64
      visible_fraction: float64
      in_view: bool
  events: struct
    contacts: list<struct>
      a: int64
      b: int64
      first_frame: int64
      last_frame: int64
      max_impulse_ns: float64
    motion: list<struct>
      kind: string
      object: int64
      frame: int64
      value: float64
  glitches: list<struct>
    kind: string
    frame: int64
    object: int64
    value: float64
    message: string
  resolved_scene: string
depth.npz: struct
  depth: list<list<list<uint16>>>
segmentation.npz: struct
  segmentation: list<list<list<uint16>>>
flow.npz: struct
  flow: list<list<list<list<float16>>>>
boxes.json: struct
  schema: string
  key: string
  objects: list<struct>
    id: int64
    name: string
    size: list<float64>
    frames: list<struct>
      frame: int64
      box_2d: list<int64>
      visible_px: int64
      corners_3d_W: list<list<float64>>
      corners_3d_C: list<list<float64>>
      p_C: list<float64>
      v_W: list<float64>
      w_W: list<float64>
      v_C: list<float64>
      w_C: list<float64>
camera.json: struct
  schema: string
  key: string
  width: int64
  height: int64
  fps: float64
  K: list<list<float64>>
  frames: list<struct>
    frame: int64
    X_WC: list<list<float64>>
    position_W: list<float64>
    quaternion_wxyz_WC: list<float64>
)";

struct Line {
  int depth;
  std::string name;
  std::string type;
};

std::vector<Line> Lines() {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < kSampleFeatures.size()) {
    size_t end = kSampleFeatures.find('\n', start);
    if (end == std::string_view::npos) end = kSampleFeatures.size();
    const std::string_view row = kSampleFeatures.substr(start, end - start);
    start = end + 1;
    const size_t spaces = row.find_first_not_of(' ');
    const size_t colon = row.find(": ");
    SYNTH4D_CHECK(spaces != std::string_view::npos && spaces % 2 == 0 &&
                  colon != std::string_view::npos);
    lines.push_back({static_cast<int>(spaces / 2), std::string(row.substr(spaces, colon - spaces)),
                     std::string(row.substr(colon + 2))});
  }
  return lines;
}

std::string Pad(int n) { return std::string(static_cast<size_t>(n), ' '); }

void Fields(const std::vector<Line>& lines, size_t& i, int depth, int indent, std::string& out);

// The YAML of `type` (without the name) at `indent`; a struct's fields are lines[i...].
void Type(const std::vector<Line>& lines, size_t& i, int depth, const std::string& type, int indent,
          std::string& out) {
  if (type == "struct") {
    out += Pad(indent) + "struct:\n";
    Fields(lines, i, depth + 1, indent, out);
  } else if (type.starts_with("list<")) {
    const std::string inner = type.substr(5, type.size() - 6);
    if (inner == "struct") {
      out += Pad(indent) + "list:\n";
      Fields(lines, i, depth + 1, indent, out);
    } else if (inner.starts_with("list<")) {
      out += Pad(indent) + "list:\n";
      Type(lines, i, depth, inner, indent + 2, out);
    } else {
      out += Pad(indent) + "list: " + inner + "\n";
    }
  } else {
    out += Pad(indent) + "dtype: " + type + "\n";
  }
}

// The fields at `depth` starting at lines[i], as a YAML list at `indent`.
void Fields(const std::vector<Line>& lines, size_t& i, int depth, int indent, std::string& out) {
  while (i < lines.size() && lines[i].depth == depth) {
    const Line& line = lines[i++];
    out += Pad(indent) + "- name: " + line.name + "\n";
    Type(lines, i, depth, line.type, indent + 2, out);
  }
}

}  // namespace

std::string SampleFeaturesYaml(int indent) {
  const std::vector<Line> lines = Lines();
  std::string out;
  size_t i = 0;
  Fields(lines, i, 0, indent, out);
  SYNTH4D_CHECK(i == lines.size());
  return out;
}

}  // namespace synth4d::shard::internal
