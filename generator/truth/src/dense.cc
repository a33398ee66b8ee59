#include "synth4d/truth/dense.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace synth4d::truth {
namespace {

using Json = nlohmann::ordered_json;

Json Vec(const glm::dvec3& v) { return Json::array({v.x, v.y, v.z}); }

Json Matrix(const glm::dmat4& m) {
  Json rows = Json::array();
  for (int r = 0; r < 4; ++r) rows.push_back({m[0][r], m[1][r], m[2][r], m[3][r]});
  return rows;
}

}  // namespace

std::vector<float> ForwardFlow(const VideoTruth& truth, int frame, const core::ImageId& ids,
                               const core::ImageDepth& depth) {
  const core::Intrinsics& K = truth.K;
  std::vector<float> flow(static_cast<size_t>(ids.width) * ids.height * 2, 0.0f);
  if (frame + 1 >= static_cast<int>(truth.X_WC.size())) return flow;
  const core::Pose& X_WC0 = truth.X_WC[static_cast<size_t>(frame)];
  const core::Pose X_C1W = core::Inverse(truth.X_WC[static_cast<size_t>(frame) + 1]);
  // Per id, the motion of a world point from this frame to the next: X_W1W0 = X_WB1 * X_B0W.
  std::vector<core::Pose> motion(truth.objects.size() + 1);
  for (size_t o = 0; o < truth.objects.size(); ++o) {
    const auto& frames = truth.frames[o];
    motion[o + 1] = core::Compose(frames[static_cast<size_t>(frame) + 1].X_WB,
                                  core::Inverse(frames[static_cast<size_t>(frame)].X_WB));
  }
  for (int y = 0; y < ids.height; ++y) {
    for (int x = 0; x < ids.width; ++x) {
      const size_t i = static_cast<size_t>(y) * ids.width + x;
      const glm::dvec2 px(x + 0.5, y + 0.5);
      const glm::dvec3 ray((px.x - K.cx) / K.fx, (px.y - K.cy) / K.fy, 1.0);
      const double z = depth.pixels[i];
      glm::dvec3 p_C1;
      if (!std::isfinite(z)) {
        p_C1 = X_C1W.q * (X_WC0.q * ray);  // a direction: rotation only
      } else {
        const uint32_t id = ids.pixels[i];
        const glm::dvec3 p_W0 = core::Apply(X_WC0, ray * z);
        const glm::dvec3 p_W1 = id > 0 && id < motion.size() ? core::Apply(motion[id], p_W0) : p_W0;
        p_C1 = core::Apply(X_C1W, p_W1);
      }
      if (p_C1.z <= 1e-6) continue;  // moves behind the camera: no flow defined, left at zero
      const glm::dvec2 to = core::Project(K, p_C1);
      flow[2 * i] = static_cast<float>(to.x - px.x);
      flow[2 * i + 1] = static_cast<float>(to.y - px.y);
    }
  }
  return flow;
}

std::vector<glm::dvec3> BoxCorners_W(const VideoTruth& truth, int o, int frame) {
  const glm::dvec3 half = 0.5 * truth.objects[static_cast<size_t>(o)].size;
  const core::Pose& X_WB = truth.frames[static_cast<size_t>(o)][static_cast<size_t>(frame)].X_WB;
  std::vector<glm::dvec3> corners;
  for (int k = 0; k < 8; ++k) {
    const glm::dvec3 sign((k & 1) ? 1.0 : -1.0, (k & 2) ? 1.0 : -1.0, (k & 4) ? 1.0 : -1.0);
    corners.push_back(core::Apply(X_WB, sign * half));
  }
  return corners;
}

std::string BoxesJson(const VideoTruth& truth) {
  Json objects = Json::array();
  for (size_t o = 0; o < truth.objects.size(); ++o) {
    const ObjectInfo& info = truth.objects[o];
    Json frames = Json::array();
    for (size_t f = 0; f < truth.frames[o].size(); ++f) {
      const ObjectFrame& of = truth.frames[o][f];
      const core::Pose X_CW = core::Inverse(truth.X_WC[f]);
      Json corners_W = Json::array(), corners_C = Json::array();
      for (const glm::dvec3& c : BoxCorners_W(truth, static_cast<int>(o), static_cast<int>(f))) {
        corners_W.push_back(Vec(c));
        corners_C.push_back(Vec(core::Apply(X_CW, c)));
      }
      frames.push_back(
          {{"frame", f},
           {"box_2d", of.box ? Json(*of.box) : Json(nullptr)},
           {"visible_px", of.visible_px},
           {"corners_3d_W", corners_W},
           {"corners_3d_C", corners_C},
           {"p_C", Vec(of.p_C)},
           {"v_W", Vec(of.v_W)},
           {"w_W", Vec(of.w_W)},
           {"v_C", Vec(X_CW.q * of.v_W)},
           {"w_C", Vec(X_CW.q * of.w_W)}});
    }
    objects.push_back(
        {{"id", info.id}, {"name", info.name}, {"size", Vec(info.size)}, {"frames", frames}});
  }
  return Json{{"schema", "synth4d.boxes/1"}, {"key", truth.clip.key}, {"objects", objects}}.dump() +
         "\n";
}

std::string CameraJson(const VideoTruth& truth) {
  const core::Intrinsics& K = truth.K;
  Json frames = Json::array();
  for (size_t f = 0; f < truth.X_WC.size(); ++f) {
    const core::Pose& X = truth.X_WC[f];
    frames.push_back({{"frame", f},
                      {"X_WC", Matrix(core::ToMatrix(X))},
                      {"position_W", Vec(X.p)},
                      {"quaternion_wxyz_WC", {X.q.w, X.q.x, X.q.y, X.q.z}}});
  }
  return Json{{"schema", "synth4d.camera/1"},
              {"key", truth.clip.key},
              {"width", K.width},
              {"height", K.height},
              {"fps", truth.clip.fps},
              {"K", {{K.fx, 0.0, K.cx}, {0.0, K.fy, K.cy}, {0.0, 0.0, 1.0}}},
              {"frames", frames}}
             .dump() +
         "\n";
}

}  // namespace synth4d::truth
