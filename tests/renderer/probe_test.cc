// Pixel probes: a known camera and a known box; coverage from core::Project (+-1 px), exact ids,
// depth in metres (1 mm), the Lambert colour of a face, ground depth and the background.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "render_test_util.h"
#include "synth4d/core/geometry.h"
#include "synth4d/core/mesh.h"

namespace synth4d::renderer {
namespace {

constexpr uint32_t kBoxId = 7;

// Convex hull (counter-clockwise in image coordinates with y down = clockwise on screen;
// the orientation does not matter to SignedDistance) of 2D points.
std::vector<glm::dvec2> ConvexHull(std::vector<glm::dvec2> p) {
  std::sort(p.begin(), p.end(),
            [](auto a, auto b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  auto cross = [](glm::dvec2 o, glm::dvec2 a, glm::dvec2 b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  };
  std::vector<glm::dvec2> h(2 * p.size());
  size_t k = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  for (size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0) --k;
    h[k++] = p[i - 1];
  }
  h.resize(k - 1);
  return h;
}

// Signed distance (pixels) from q to the convex polygon's boundary: > 0 inside.
double SignedDistance(const std::vector<glm::dvec2>& hull, glm::dvec2 q) {
  double d = 1e9;
  for (size_t i = 0; i < hull.size(); ++i) {
    const glm::dvec2 a = hull[i], b = hull[(i + 1) % hull.size()];
    const glm::dvec2 e = glm::normalize(b - a);
    d = std::min(d, e.x * (q.y - a.y) - e.y * (q.x - a.x));  // left of edge = inside (CCW)
  }
  return d;
}

struct BoxSetup {
  RenderScene scene;
  FrameInput frame;
  glm::dvec3 size;
};

BoxSetup MakeBoxSetup(const core::Pose& X_WO, glm::dvec3 size = {1.0, 0.5, 0.6}) {
  BoxSetup s{test::SceneWith(160, 120, {core::MakeBox(size)}), {}, size};
  s.scene.objects[0].instance_id = kBoxId;
  s.scene.objects[0].base_color_linear = {0.7f, 0.2f, 0.1f};
  s.frame.K = core::FromVerticalFov(160, 120, 40.0 * std::numbers::pi / 180.0);
  s.frame.X_WC = core::LookAt({0.0, -4.0, 1.0}, {0.0, 0.0, 1.0});  // right = +X, down = -Z
  s.frame.X_WO = {X_WO};
  return s;
}

void ExpectCoverageMatchesProjection(const BoxSetup& s, const FrameOutput& out) {
  const core::Aabb box{-0.5 * s.size, 0.5 * s.size};
  const core::Pose X_CO = core::Compose(core::Inverse(s.frame.X_WC), s.frame.X_WO[0]);
  std::vector<glm::dvec2> corners;
  for (int c = 0; c < 8; ++c) {
    const glm::dvec3 p_O((c & 1) ? box.max.x : box.min.x, (c & 2) ? box.max.y : box.min.y,
                         (c & 4) ? box.max.z : box.min.z);
    corners.push_back(core::Project(s.frame.K, core::Apply(X_CO, p_O)));
  }
  // A convex box projects to the convex hull of its projected corners.
  const std::vector<glm::dvec2> hull = ConvexHull(corners);
  double area = 0;
  for (size_t i = 0; i < hull.size(); ++i) {
    const glm::dvec2 a = hull[i], b = hull[(i + 1) % hull.size()];
    area += 0.5 * (a.x * b.y - a.y * b.x);
  }
  const double sign = area > 0 ? 1.0 : -1.0;  // make "inside" positive
  int inside = 0, wrong = 0;
  for (int y = 0; y < out.ids.height; ++y) {
    for (int x = 0; x < out.ids.width; ++x) {
      const uint32_t id = out.ids.at(x, y);
      ASSERT_TRUE(id == 0 || id == kBoxId) << "stray id " << id << " at " << x << "," << y;
      const double d = sign * SignedDistance(hull, {x + 0.5, y + 0.5});
      if (d > 1.0) {
        ++inside;
        wrong += id != kBoxId;
      } else if (d < -1.0) {
        wrong += id != 0;
      }
    }
  }
  EXPECT_GT(inside, 500);
  EXPECT_EQ(wrong, 0) << "pixels more than 1 px inside/outside the projected box with a wrong id";
}

TEST(ProbeTest, FrontalBoxCoverageIdsDepthAndColour) {
  BoxSetup s = MakeBoxSetup({{0.0, 0.0, 1.0}, glm::dquat(1, 0, 0, 0)});
  s.scene.environment.sun_direction = {0.0f, 1.0f, -1.0f};  // hits the -Y face at 45 degrees
  s.scene.environment.sun_intensity = 0.8f;
  s.scene.environment.ambient = 0.25f;
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  RenderOptions options;
  options.shadows = true;  // a lit face must not shadow itself (acne)
  auto out = test::RenderOne(**r, s.scene, s.frame, options);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ExpectCoverageMatchesProjection(s, *out);

  // Face centre (0, -0.25, 1) is on the optical axis: pixel (80, 60) has its corner there, so
  // probe the four pixels around it; the face is fronto-parallel at z_C = 3.75 m.
  for (int y : {59, 60}) {
    for (int x : {79, 80}) {
      EXPECT_EQ(out->ids.at(x, y), kBoxId);
      EXPECT_NEAR(out->depth.at(x, y), 3.75, 1e-3);
      // Lambert: base * (ambient + intensity * cos 45), sRGB-encoded (+-2 levels of rounding).
      const double k = 0.25 + 0.8 * std::sqrt(0.5);
      const double base[3] = {0.7, 0.2, 0.1};
      for (int c = 0; c < 3; ++c) {
        const double lin = std::min(1.0, base[c] * k);
        const double srgb = lin <= 0.0031308 ? 12.92 * lin : 1.055 * std::pow(lin, 1 / 2.4) - 0.055;
        EXPECT_NEAR(out->rgba.at(x, y, c), srgb * 255.0, 2.0) << "channel " << c;
      }
      EXPECT_EQ(out->rgba.at(x, y, 3), 255);
    }
  }
}

TEST(ProbeTest, RotatedOffCentreBoxCoverage) {
  const core::Pose X_WO{{0.6, 0.5, 1.3}, core::FromYawPitchRoll(0.6, 0.3, -0.4)};
  const BoxSetup s = MakeBoxSetup(X_WO, {0.8, 0.4, 0.5});
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  for (int msaa : {1, 4}) {
    RenderOptions options;
    options.msaa_samples = msaa;
    auto out = test::RenderOne(**r, s.scene, s.frame, options);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    SCOPED_TRACE(msaa);
    ExpectCoverageMatchesProjection(s, *out);
  }
}

TEST(ProbeTest, GroundDepthIdAndBackground) {
  RenderScene scene = test::SceneWith(96, 64, {});
  scene.environment.ground_size_m = 40.0f;
  FrameInput in;
  in.K = core::FromVerticalFov(96, 64, 60.0 * std::numbers::pi / 180.0);
  in.X_WC = core::LookAt({0.0, -6.0, 2.0}, {0.0, 0.0, 1.5});  // horizon in view: sky and ground
  auto r = test::CreateTestRenderer();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  auto out = test::RenderOne(**r, scene, in);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  const glm::dmat3 R = glm::mat3_cast(in.X_WC.q);
  int ground = 0, sky = 0;
  for (int y = 0; y < 64; ++y) {
    for (int x = 0; x < 96; ++x) {
      EXPECT_EQ(out->ids.at(x, y), 0u);
      // Ray through the pixel centre, camera frame with z = 1, and where it meets z_W = 0.
      const glm::dvec3 ray_C((x + 0.5 - in.K.cx) / in.K.fx, (y + 0.5 - in.K.cy) / in.K.fy, 1.0);
      const glm::dvec3 ray_W = R * ray_C;
      const double t = ray_W.z < 0 ? -in.X_WC.p.z / ray_W.z : -1.0;  // t = depth along z_C
      const glm::dvec3 hit = in.X_WC.p + t * ray_W;
      const bool on_ground = t > 0 && std::abs(hit.x) < 19.9 && std::abs(hit.y) < 19.9;
      const bool off_ground = t < 0 || std::abs(hit.x) > 20.1 || std::abs(hit.y) > 20.1;
      if (on_ground) {
        ++ground;
        // Within 1 mm, or 1e-4 relative beyond 10 m (float depth of a grazing plane).
        EXPECT_NEAR(out->depth.at(x, y), t, std::max(1e-3, 1e-4 * t)) << x << "," << y;
      } else if (off_ground) {
        ++sky;
        EXPECT_TRUE(std::isinf(out->depth.at(x, y))) << x << "," << y;
        // Background (0.3, 0.4, 0.6) linear in sRGB.
        EXPECT_NEAR(out->rgba.at(x, y, 0), 149, 1);
        EXPECT_NEAR(out->rgba.at(x, y, 1), 170, 1);
        EXPECT_NEAR(out->rgba.at(x, y, 2), 203, 1);
      }
    }
  }
  EXPECT_GT(ground, 1000);
  EXPECT_GT(sky, 500);
}

}  // namespace
}  // namespace synth4d::renderer
