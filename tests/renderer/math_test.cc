// Renderer math without a device: the camera projection agrees with core::Project, depth
// decoding, the sun frustum covers what it must, sRGB, argument checks and device choice.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "internal_device_choice.h"
#include "internal_math.h"
#include "synth4d/core/mesh.h"

namespace synth4d::renderer::internal {
namespace {

TEST(RendererMathTest, CameraViewProjMatchesProjectAndReverseZ) {
  core::Intrinsics K{200, 100, 150.0, 140.0, 97.0, 55.0};  // off-centre principal point
  const core::Pose X_WC = core::LookAt({1.0, -3.0, 2.0}, {0.2, 0.5, 0.3});
  const glm::dmat4 M = CameraViewProj(K, X_WC);
  for (const glm::dvec3 p_W :
       {glm::dvec3(0, 0, 0), glm::dvec3(0.5, 1.0, 0.2), glm::dvec3(-1, 2, 1)}) {
    const glm::dvec4 clip = M * glm::dvec4(p_W, 1.0);
    const glm::dvec3 p_C = core::Apply(core::Inverse(X_WC), p_W);
    const glm::dvec2 uv = core::Project(K, p_C);
    // Vulkan viewport: x_fb = (x_ndc + 1) / 2 * W, y_fb = (y_ndc + 1) / 2 * H (y down).
    EXPECT_NEAR((clip.x / clip.w + 1.0) * 0.5 * K.width, uv.x, 1e-9);
    EXPECT_NEAR((clip.y / clip.w + 1.0) * 0.5 * K.height, uv.y, 1e-9);
    EXPECT_NEAR(clip.w, p_C.z, 1e-9);
    const double d = clip.z / clip.w;
    EXPECT_NEAR(d, kNearM / p_C.z, 1e-12);
    EXPECT_NEAR(DepthMetresFromBuffer(static_cast<float>(d)), p_C.z, 1e-6 * p_C.z);
  }
  EXPECT_TRUE(std::isinf(DepthMetresFromBuffer(0.0f)));
}

TEST(RendererMathTest, SunFrustumCoversPointsAndTheirShadows) {
  const glm::dvec3 sun(-0.4, -0.3, -1.0);
  const std::vector<glm::dvec3> points = {
      {-1, -1, 0}, {1, 1, 0}, {0.2, 0.1, 1.5}, {0.5, -0.3, 0.8}};
  const SunFrustum f = FitSunFrustum(sun, points, 1024);
  ASSERT_TRUE(f.valid);
  EXPECT_GT(f.texel_m, 0.0);
  auto inside = [&](const glm::dvec3& p) {
    const glm::dvec4 c = f.light_view_proj * glm::dvec4(p, 1.0);
    return std::abs(c.x) <= 1.0 && std::abs(c.y) <= 1.0 && c.z >= 0.0 && c.z <= 1.0;
  };
  const glm::dvec3 dir = glm::normalize(sun);
  for (const glm::dvec3& p : points) {
    EXPECT_TRUE(inside(p));
    EXPECT_TRUE(inside(p + dir * (p.z / -dir.z))) << "shadow on the ground";
  }
  // Depth increases along the light direction (nearer the sun = smaller).
  const glm::dvec4 a = f.light_view_proj * glm::dvec4(0.2, 0.1, 1.5, 1.0);
  const glm::dvec4 b = f.light_view_proj * glm::dvec4(glm::dvec3(0.2, 0.1, 1.5) + 0.5 * dir, 1.0);
  EXPECT_LT(a.z, b.z);
  EXPECT_FALSE(FitSunFrustum(sun, {}, 1024).valid);
}

TEST(RendererMathTest, SrgbEncoding) {
  EXPECT_EQ(LinearToSrgb8(0.0f), 0);
  EXPECT_EQ(LinearToSrgb8(1.0f), 255);
  EXPECT_EQ(LinearToSrgb8(2.0f), 255);
  EXPECT_EQ(LinearToSrgb8(0.5f), 188);
  EXPECT_EQ(LinearToSrgb8(0.2159f), 128);  // sRGB 0.502
}

TEST(RendererMathTest, ValidateClipNamesTheField) {
  RenderScene scene;
  scene.width = 64;
  scene.height = 48;
  scene.meshes = {core::MakeBox({1, 1, 1})};
  scene.objects.resize(1);
  FrameInput in;
  in.K = core::FromVerticalFov(64, 48, 1.0);
  in.X_WO.resize(1);
  std::vector<FrameInput> frames = {in};
  EXPECT_TRUE(ValidateClip(scene, frames, {}).ok());
  frames[0].K.width = 65;
  auto s = ValidateClip(scene, frames, {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().ToString().find("frames[0].K"), std::string::npos);
  frames[0].K.width = 64;
  scene.meshes[0].indices.push_back(999);
  s = ValidateClip(scene, frames, {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().ToString().find("meshes[0].indices"), std::string::npos);
  scene.meshes[0] = core::MakeBox({1, 1, 1});
  RenderOptions options;
  options.frames_in_flight = 0;
  EXPECT_FALSE(ValidateClip(scene, frames, options).ok());
}

TEST(DeviceChoiceTest, AutoPrefersGpusThenCpu) {
  const std::vector<DeviceCandidate> devices = {{"llvmpipe", DeviceKind::kCpu, ""},
                                                {"igpu", DeviceKind::kIntegratedGpu, ""},
                                                {"dgpu", DeviceKind::kDiscreteGpu, ""}};
  EXPECT_EQ(*ChooseDevice(devices, DeviceChoice::kAuto), 2);
  EXPECT_EQ(*ChooseDevice(devices, DeviceChoice::kGpu), 2);
  EXPECT_EQ(*ChooseDevice(devices, DeviceChoice::kCpu), 0);
  EXPECT_EQ(*ChooseDevice(std::vector<DeviceCandidate>(devices.begin(), devices.begin() + 1),
                          DeviceChoice::kAuto),
            0);
}

TEST(DeviceChoiceTest, UnavailableListsEveryDeviceAndWhy) {
  const std::vector<DeviceCandidate> devices = {
      {"llvmpipe", DeviceKind::kCpu, ""},
      {"old gpu", DeviceKind::kDiscreteGpu, "Vulkan 1.3 (device has 1.1)"}};
  auto r = ChooseDevice(devices, DeviceChoice::kGpu);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  ASSERT_EQ(r.error().issues.size(), 2u);
  const std::string text = r.error().ToString();
  EXPECT_NE(text.find("'llvmpipe': CPU not allowed by device=gpu"), std::string::npos) << text;
  EXPECT_NE(text.find("'old gpu': missing Vulkan 1.3"), std::string::npos) << text;
  auto none = ChooseDevice({}, DeviceChoice::kAuto);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().ToString().find("no physical devices"), std::string::npos);
}

}  // namespace
}  // namespace synth4d::renderer::internal
