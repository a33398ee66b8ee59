#include "synth4d/truth/build.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "synth4d/core/version.h"

namespace synth4d::truth {
namespace {

constexpr double kNearPlane_m = 1e-3;

ObjectInfo InfoOf(const spec::ObjectSpec& o, uint32_t id) {
  ObjectInfo info;
  info.id = id;
  info.name = o.name;
  info.shape = spec::ShapeName(o.shape);
  info.asset = o.asset.empty() ? "" : std::filesystem::path(o.asset).filename().string();
  info.color_name = o.color.name;
  info.color_srgb = o.color.srgb;
  info.material = spec::MaterialName(o.material);
  info.size = o.size;
  info.motion = spec::MotionTypeName(o.motion);
  info.front = o.front;
  info.prototype = o.prototype;
  return info;
}

// Signed doubled area of the 2D triangle (a, b, c).
double Edge(const glm::dvec2& a, const glm::dvec2& b, const glm::dvec2& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

// Clips a camera-frame polygon against z >= near (Sutherland-Hodgman, one plane).
int ClipNear(const glm::dvec3* in, int n, glm::dvec3* out) {
  int m = 0;
  for (int i = 0; i < n; ++i) {
    const glm::dvec3& a = in[i];
    const glm::dvec3& b = in[(i + 1) % n];
    const bool a_in = a.z >= kNearPlane_m, b_in = b.z >= kNearPlane_m;
    if (a_in) out[m++] = a;
    if (a_in != b_in) {
      const double t = (kNearPlane_m - a.z) / (b.z - a.z);
      out[m++] = a + t * (b - a);
    }
  }
  return m;
}

}  // namespace

std::string ClipKey(const std::string& spec_key, int clip_index, const std::string& camera) {
  char index[16];
  std::snprintf(index, sizeof(index), "%06d", clip_index);
  std::string key = spec_key + "_" + index + "_" + camera;
  for (char& c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '-';
  }
  return key;
}

VideoTruth BuildVideoTruth(const spec::ResolvedScene& scene, const sim::SimTrace& trace,
                           int camera_index, std::string resolved_yaml) {
  SYNTH4D_CHECK(camera_index >= 0 && camera_index < static_cast<int>(scene.cameras.size()))
      << "camera index " << camera_index;
  VideoTruth truth;
  const spec::CameraSpec& camera = scene.cameras[camera_index];
  truth.clip.spec_key = scene.spec_key;
  truth.clip.camera = camera.name;
  truth.clip.camera_index = camera_index;
  truth.clip.key = ClipKey(scene.spec_key, scene.clip.clip_index, camera.name);
  truth.clip.fps = trace.fps;
  truth.clip.num_frames = static_cast<int>(trace.frames.size());
  truth.clip.width = scene.clip.width;
  truth.clip.height = scene.clip.height;
  truth.clip.seed = scene.clip.seed;
  truth.clip.dataset_seed = scene.clip.dataset_seed;
  truth.clip.clip_index = scene.clip.clip_index;
  truth.clip.synth4d_version = core::kVersion;
  truth.resolved_scene_yaml = std::move(resolved_yaml);
  truth.contacts = trace.contacts;
  truth.motion_events = trace.motion_events;
  truth.glitches = trace.glitches;

  const size_t num_objects = scene.objects.size();
  for (size_t i = 0; i < num_objects; ++i) {
    truth.objects.push_back(InfoOf(scene.objects[i], static_cast<uint32_t>(i + 1)));
  }
  truth.frames.assign(num_objects, {});
  for (const sim::FrameRecord& record : trace.frames) {
    const sim::CameraState& cam = record.cameras.at(camera_index);
    truth.K = cam.K;
    truth.X_WC.push_back(cam.X_WC);
    const core::Pose X_CW = core::Inverse(cam.X_WC);
    for (size_t i = 0; i < num_objects; ++i) {
      const sim::BodyState& body = record.bodies.at(i);
      ObjectFrame f;
      f.X_WB = body.X_WB;
      f.v_W = body.v_W;
      f.w_W = body.w_W;
      f.p_C = core::Apply(X_CW, body.X_WB.p);
      if (f.p_C.z > kNearPlane_m) f.centre_px = core::Project(cam.K, f.p_C);
      truth.frames[i].push_back(f);
    }
  }
  return truth;
}

void ApplyIdFrame(VideoTruth& truth, int frame, const core::ImageId& ids) {
  const size_t n = truth.objects.size();
  std::vector<int> count(n, 0);
  std::vector<std::array<int, 4>> box(n, {ids.width, ids.height, -1, -1});
  for (int y = 0; y < ids.height; ++y) {
    const uint32_t* row = &ids.pixels[static_cast<size_t>(y) * ids.width];
    for (int x = 0; x < ids.width; ++x) {
      const uint32_t id = row[x];
      if (id == core::kBackgroundId || id > n) continue;
      const size_t i = id - 1;
      ++count[i];
      auto& b = box[i];
      b[0] = std::min(b[0], x);
      b[1] = std::min(b[1], y);
      b[2] = std::max(b[2], x + 1);
      b[3] = std::max(b[3], y + 1);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    ObjectFrame& f = truth.frames[i].at(frame);
    f.rendered = true;
    f.visible_px = count[i];
    f.box = count[i] > 0 ? std::optional(box[i]) : std::nullopt;
  }
}

Coverage CoveredPixels(const core::Mesh& mesh, const core::Pose& X_CO, const core::Intrinsics& K,
                       std::vector<uint32_t>& stamp, uint32_t& stamp_value) {
  // The extended sensor spans [-W, 2W) x [-H, 2H); stamps are indexed on it.
  const int W = K.width, H = K.height, EW = 3 * W, EH = 3 * H;
  const size_t pixels = static_cast<size_t>(EW) * EH;
  if (stamp.size() != pixels) {
    stamp.assign(pixels, 0);
    stamp_value = 0;
  }
  if (++stamp_value == 0) {  // wrapped: reset the scratch
    std::fill(stamp.begin(), stamp.end(), 0);
    stamp_value = 1;
  }
  std::vector<glm::dvec3> p_C(mesh.positions.size());
  for (size_t v = 0; v < p_C.size(); ++v) p_C[v] = core::Apply(X_CO, glm::dvec3(mesh.positions[v]));

  Coverage covered;
  for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
    const glm::dvec3 tri[3] = {p_C[mesh.indices[t]], p_C[mesh.indices[t + 1]],
                               p_C[mesh.indices[t + 2]]};
    glm::dvec3 poly[4];
    const int m = ClipNear(tri, 3, poly);
    glm::dvec2 px[4];
    for (int k = 0; k < m; ++k) px[k] = core::Project(K, poly[k]);
    for (int k = 1; k + 1 < m; ++k) {  // fan triangulation of the clipped polygon
      const glm::dvec2 a = px[0], b = px[k], c = px[k + 1];
      const double area = Edge(a, b, c);
      if (std::abs(area) < 1e-12) continue;
      const double lo_x = std::max<double>(-W, std::floor(std::min({a.x, b.x, c.x})));
      const double hi_x = std::min<double>(2 * W - 1, std::ceil(std::max({a.x, b.x, c.x})));
      const double lo_y = std::max<double>(-H, std::floor(std::min({a.y, b.y, c.y})));
      const double hi_y = std::min<double>(2 * H - 1, std::ceil(std::max({a.y, b.y, c.y})));
      const double sign = area > 0 ? 1.0 : -1.0;
      for (int y = static_cast<int>(lo_y); y <= static_cast<int>(hi_y); ++y) {
        for (int x = static_cast<int>(lo_x); x <= static_cast<int>(hi_x); ++x) {
          const glm::dvec2 s(x + 0.5, y + 0.5);
          if (sign * Edge(a, b, s) < 0 || sign * Edge(b, c, s) < 0 || sign * Edge(c, a, s) < 0) {
            continue;
          }
          uint32_t& st = stamp[static_cast<size_t>(y + H) * EW + (x + W)];
          if (st != stamp_value) {
            st = stamp_value;
            ++covered.extended;
            if (x >= 0 && x < W && y >= 0 && y < H) ++covered.in_image;
          }
        }
      }
    }
  }
  return covered;
}

void ApplyCoverage(VideoTruth& truth, const std::vector<core::Mesh>& meshes) {
  SYNTH4D_CHECK(meshes.size() == truth.objects.size()) << "one mesh per object";
  std::vector<uint32_t> stamp;
  uint32_t stamp_value = 0;
  for (size_t i = 0; i < meshes.size(); ++i) {
    for (size_t k = 0; k < truth.frames[i].size(); ++k) {
      ObjectFrame& f = truth.frames[i][k];
      const core::Pose X_CO = core::Compose(core::Inverse(truth.X_WC[k]), f.X_WB);
      const Coverage coverage = CoveredPixels(meshes[i], X_CO, truth.K, stamp, stamp_value);
      f.unoccluded_px = coverage.in_image;
      f.silhouette_px = coverage.extended;
      f.in_view = f.unoccluded_px > 0;
      // Edge pixels may disagree between the GPU and this rasterizer: clamp to [0, 1].
      f.visible_fraction =
          f.silhouette_px > 0 ? std::min(1.0, double(f.visible_px) / f.silhouette_px) : 0.0;
    }
  }
}

}  // namespace synth4d::truth
