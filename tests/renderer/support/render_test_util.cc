#include "render_test_util.h"

#include <cstdlib>
#include <limits>
#include <string>

namespace synth4d::test {

core::Result<std::unique_ptr<renderer::Renderer>> CreateTestRenderer() {
  const char* env = std::getenv("SYNTH4D_TEST_DEVICE");
  const std::string d = env ? env : "auto";
  renderer::DeviceChoice device = renderer::DeviceChoice::kAuto;
  if (d == "cpu") device = renderer::DeviceChoice::kCpu;
  if (d == "gpu") device = renderer::DeviceChoice::kGpu;
  return CreateTestRenderer(device);
}

core::Result<std::unique_ptr<renderer::Renderer>> CreateTestRenderer(
    renderer::DeviceChoice device) {
  renderer::RendererParams params;
  params.device = device;
  params.validation = true;
  return renderer::CreateVulkanRenderer(params);
}

core::Result<renderer::FrameOutput> RenderOne(renderer::Renderer& r,
                                              const renderer::RenderScene& scene,
                                              const renderer::FrameInput& frame,
                                              const renderer::RenderOptions& options) {
  renderer::FrameOutput result;
  int calls = 0;
  SYNTH4D_RETURN_IF_ERROR(
      r.RenderClip(scene, {&frame, 1}, options, [&](renderer::FrameOutput&& out) {
        result = std::move(out);
        ++calls;
        return core::Ok();
      }));
  if (calls != 1) return core::MakeError(core::ErrorCode::kInternal, "sink not called once");
  return result;
}

renderer::RenderScene SceneWith(int width, int height, std::vector<core::Mesh> meshes) {
  renderer::RenderScene scene;
  scene.width = width;
  scene.height = height;
  scene.environment.ground_size_m = 0.0f;
  for (size_t i = 0; i < meshes.size(); ++i) {
    renderer::RenderObject o;
    o.instance_id = static_cast<uint32_t>(i + 1);
    o.mesh_index = static_cast<int>(i);
    scene.objects.push_back(o);
  }
  scene.meshes = std::move(meshes);
  return scene;
}

int CountId(const core::ImageId& ids, uint32_t id) {
  int n = 0;
  for (uint32_t v : ids.pixels) n += v == id;
  return n;
}

glm::dvec2 CentroidOfId(const core::ImageId& ids, uint32_t id) {
  glm::dvec2 sum(0.0);
  int n = 0;
  for (int y = 0; y < ids.height; ++y) {
    for (int x = 0; x < ids.width; ++x) {
      if (ids.at(x, y) == id) {
        sum += glm::dvec2(x + 0.5, y + 0.5);
        ++n;
      }
    }
  }
  if (n == 0) return glm::dvec2(std::numeric_limits<double>::quiet_NaN());
  return sum / double(n);
}

}  // namespace synth4d::test
