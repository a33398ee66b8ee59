// The fake renderer: each object's mesh AABB, posed and projected, fills its 2D bounding
// rectangle with the object's id, colour and nearest depth. No ground, no lighting.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "../internal_math.h"
#include "synth4d/renderer/renderer.h"

namespace synth4d::renderer {
namespace {

struct Rect {
  double x0, y0, x1, y1;  // pixel coordinates (core::Project), x1 > x0, y1 > y0
  float depth_m;          // nearest camera z of the box
};

// Projected bounds of the box part in front of the near plane, or false when all behind it.
bool ProjectBox(const core::Aabb& box, const core::Pose& X_CO, const core::Intrinsics& K,
                Rect& out) {
  glm::dvec3 corners[8];
  for (int c = 0; c < 8; ++c) {
    const glm::dvec3 p_O((c & 1) ? box.max.x : box.min.x, (c & 2) ? box.max.y : box.min.y,
                         (c & 4) ? box.max.z : box.min.z);
    corners[c] = core::Apply(X_CO, p_O);
  }
  const double near = internal::kNearM;
  bool any = false;
  double depth = std::numeric_limits<double>::infinity();
  out = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
         -std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(), 0.0f};
  auto add = [&](const glm::dvec3& p) {
    const glm::dvec2 uv = core::Project(K, p);
    out.x0 = std::min(out.x0, uv.x), out.y0 = std::min(out.y0, uv.y);
    out.x1 = std::max(out.x1, uv.x), out.y1 = std::max(out.y1, uv.y);
    depth = std::min(depth, p.z);
    any = true;
  };
  // The 12 box edges join corners differing in one bit; clip each at the near plane.
  for (int a = 0; a < 8; ++a) {
    for (int bit = 1; bit < 8; bit <<= 1) {
      const int b = a ^ bit;
      if (b < a) continue;
      const glm::dvec3 &p = corners[a], &q = corners[b];
      if (p.z >= near) add(p);
      if (q.z >= near) add(q);
      if ((p.z < near) != (q.z < near)) add(p + (q - p) * ((near - p.z) / (q.z - p.z)));
    }
  }
  out.depth_m = static_cast<float>(depth);
  return any;
}

class FakeRenderer final : public Renderer {
 public:
  core::Status RenderClip(const RenderScene& scene, std::span<const FrameInput> frames,
                          const RenderOptions& options, const FrameSink& sink) override {
    SYNTH4D_RETURN_IF_ERROR(internal::ValidateClip(scene, frames, options));
    const auto start = std::chrono::steady_clock::now();
    RenderStats stats;
    core::Status status = Render(scene, frames, sink, stats);
    stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.stats) *options.stats = stats;
    return status;
  }

  std::string DeviceName() const override { return "fake"; }

 private:
  static core::Status Render(const RenderScene& scene, std::span<const FrameInput> frames,
                             const FrameSink& sink, RenderStats& stats) {
    std::vector<core::Aabb> bounds;
    for (const core::Mesh& m : scene.meshes) bounds.push_back(core::Bounds(m));
    const glm::vec3 bg = scene.environment.background_linear;
    const uint8_t background[4] = {internal::LinearToSrgb8(bg.r), internal::LinearToSrgb8(bg.g),
                                   internal::LinearToSrgb8(bg.b), 255};
    for (size_t f = 0; f < frames.size(); ++f) {
      const FrameInput& in = frames[f];
      const int w = scene.width, h = scene.height;
      FrameOutput out;
      out.index = static_cast<int>(f);
      out.rgba = core::ImageRgba8(w, h, 4);
      for (size_t i = 0; i < out.rgba.pixels.size(); ++i) out.rgba.pixels[i] = background[i % 4];
      out.ids = core::ImageId(w, h, 1, core::kBackgroundId);
      out.depth = core::ImageDepth(w, h, 1, std::numeric_limits<float>::infinity());
      const core::Pose X_CW = core::Inverse(in.X_WC);
      for (size_t o = 0; o < scene.objects.size(); ++o) {
        const RenderObject& object = scene.objects[o];
        Rect r;
        if (!ProjectBox(bounds[object.mesh_index], core::Compose(X_CW, in.X_WO[o]), in.K, r)) {
          continue;
        }
        // Pixel (i, j) is covered when its centre (i + 0.5, j + 0.5) lies inside the rectangle.
        const int i0 = std::max(0, static_cast<int>(std::ceil(std::max(r.x0, -1.0) - 0.5)));
        const int j0 = std::max(0, static_cast<int>(std::ceil(std::max(r.y0, -1.0) - 0.5)));
        const int i1 = std::min(w - 1, static_cast<int>(std::floor(std::min(r.x1, 1e7) - 0.5)));
        const int j1 = std::min(h - 1, static_cast<int>(std::floor(std::min(r.y1, 1e7) - 0.5)));
        const glm::vec3 c = object.base_color_linear;
        const uint8_t color[4] = {internal::LinearToSrgb8(c.r), internal::LinearToSrgb8(c.g),
                                  internal::LinearToSrgb8(c.b), 255};
        for (int j = j0; j <= j1; ++j) {
          for (int i = i0; i <= i1; ++i) {
            if (!(r.depth_m < out.depth.at(i, j))) continue;  // nearest depth wins
            out.depth.at(i, j) = r.depth_m;
            out.ids.at(i, j) = object.instance_id;
            for (int k = 0; k < 4; ++k) out.rgba.at(i, j, k) = color[k];
          }
        }
      }
      const auto t = std::chrono::steady_clock::now();
      core::Status status = sink(std::move(out));
      stats.sink_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
      ++stats.frames;
      SYNTH4D_RETURN_IF_ERROR(status);
    }
    return core::Ok();
  }
};

}  // namespace

std::unique_ptr<Renderer> CreateFakeRenderer() { return std::make_unique<FakeRenderer>(); }

}  // namespace synth4d::renderer
