#include "synth4d/pipeline/render_setup.h"

#include <cmath>

#include "synth4d/assets/mesh_loader.h"

namespace synth4d::pipeline {
namespace {

glm::vec3 Linear(const glm::dvec3& srgb) {
  return glm::vec3(SrgbToLinear(srgb.r), SrgbToLinear(srgb.g), SrgbToLinear(srgb.b));
}

// A colour that stands out against `c` (linear): much lighter if c is dark, else much darker;
// the renderer's stripes use the same rule.
glm::vec3 Contrast(const glm::vec3& c) {
  const float luminance = glm::dot(c, glm::vec3(0.2126f, 0.7152f, 0.0722f));
  return luminance < 0.3f ? glm::mix(c, glm::vec3(1.0f), 0.7f) : c * 0.2f;
}

// Paints the faces of `box` that look along `front` in the contrast colour, the others in the
// base colour, so that which way the object faces (and so its forward and backward) shows.
core::Mesh MarkFront(core::Mesh box, const glm::dvec3& front, const glm::vec3& base) {
  box.colors.assign(box.positions.size(), base);
  for (size_t i = 0; i < box.positions.size(); ++i) {
    if (glm::dot(glm::dvec3(box.normals[i]), front) > 0.5) box.colors[i] = Contrast(base);
  }
  return box;
}

core::Result<core::Mesh> ObjectMesh(const spec::ObjectSpec& o) {
  const glm::dvec3& s = o.size;
  const double r = 0.5 * std::min(s.x, s.y);
  switch (o.shape) {
    case spec::Shape::kBox:
      return o.front ? MarkFront(core::MakeBox(s), *o.front, Linear(o.color.srgb))
                     : core::MakeBox(s);
    case spec::Shape::kSphere:
      return core::MakeSphere(0.5 * s.x);
    case spec::Shape::kCylinder:
      return core::MakeCylinder(r, s.z);
    case spec::Shape::kCone:
      return core::MakeCone(r, s.z);
    case spec::Shape::kCapsule:
      return core::MakeCapsule(r, s.z);
    case spec::Shape::kMesh: {
      auto mesh = assets::LoadMesh(o.asset, o.up_axis);
      if (!mesh.ok()) {
        core::Error e = mesh.error();
        e.message = "object \"" + o.name + "\": " + e.message;
        return e;
      }
      return assets::FitToSize(std::move(mesh).value(), s);
    }
  }
  return core::MakeError(core::ErrorCode::kInternal, "unknown shape");
}

renderer::SurfacePattern PatternFor(spec::Shape shape) {
  switch (shape) {
    case spec::Shape::kSphere:
    case spec::Shape::kCylinder:
    case spec::Shape::kCone:
    case spec::Shape::kCapsule:
      return renderer::SurfacePattern::kStripes;  // spin must show
    case spec::Shape::kBox:
    case spec::Shape::kMesh:
      return renderer::SurfacePattern::kNone;
  }
  return renderer::SurfacePattern::kNone;
}

}  // namespace

double SrgbToLinear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

core::Result<std::vector<core::Mesh>> BuildObjectMeshes(const spec::ResolvedScene& scene) {
  std::vector<core::Mesh> meshes;
  meshes.reserve(scene.objects.size());
  for (const spec::ObjectSpec& o : scene.objects) {
    SYNTH4D_ASSIGN_OR_RETURN(core::Mesh mesh, ObjectMesh(o));
    meshes.push_back(std::move(mesh));
  }
  return meshes;
}

renderer::RenderScene MakeRenderScene(const spec::ResolvedScene& scene,
                                      std::vector<core::Mesh> meshes) {
  renderer::RenderScene rs;
  rs.width = scene.clip.width;
  rs.height = scene.clip.height;
  rs.meshes = std::move(meshes);
  for (size_t i = 0; i < scene.objects.size(); ++i) {
    const spec::ObjectSpec& o = scene.objects[i];
    renderer::RenderObject ro;
    ro.instance_id = static_cast<uint32_t>(i + 1);
    ro.mesh_index = static_cast<int>(i);
    ro.base_color_linear = Linear(o.color.srgb);
    ro.material = o.material == spec::Material::kMetal ? renderer::SurfaceMaterial::kShiny
                                                       : renderer::SurfaceMaterial::kMatte;
    ro.pattern = PatternFor(o.shape);
    rs.objects.push_back(ro);
  }
  const spec::Environment& env = scene.environment;
  renderer::RenderEnvironment& re = rs.environment;
  re.ground_size_m = static_cast<float>(env.ground_size_m);
  re.ground_pattern =
      env.ground_pattern == spec::GroundPattern::kChecker ? renderer::GroundPattern::kChecker
      : env.ground_pattern == spec::GroundPattern::kGrid  ? renderer::GroundPattern::kGrid
                                                          : renderer::GroundPattern::kPlain;
  re.ground_color_linear = Linear(env.ground_color.srgb);
  re.ground_color2_linear = Linear(env.ground_color2.srgb);
  re.ground_tile_m = static_cast<float>(env.ground_tile_m);
  re.background_linear = Linear(env.background.srgb);
  re.sun_direction = glm::vec3(env.sun_direction);
  re.sun_intensity = static_cast<float>(env.sun_intensity);
  re.ambient = static_cast<float>(env.ambient);
  return rs;
}

std::vector<renderer::FrameInput> MakeFrameInputs(const sim::SimTrace& trace, int camera_index) {
  std::vector<renderer::FrameInput> inputs;
  inputs.reserve(trace.frames.size());
  for (const sim::FrameRecord& f : trace.frames) {
    renderer::FrameInput in;
    const sim::CameraState& cam = f.cameras.at(camera_index);
    in.K = cam.K;
    in.X_WC = cam.X_WC;
    for (const sim::BodyState& b : f.bodies) in.X_WO.push_back(b.X_WB);
    inputs.push_back(std::move(in));
  }
  return inputs;
}

}  // namespace synth4d::pipeline
