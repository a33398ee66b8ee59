// cameras: intrinsics (fov or focal length), pose at t = 0 and the camera path.
#include <cmath>
#include <map>

#include "parse.h"

namespace synth4d::spec::internal {
namespace {

constexpr size_t kMaxCameras = 16;
const Range kFovDegrees{1.0, 170.0};
const std::vector<std::string_view> kPathKinds = {"static", "pan_tilt", "orbit",  "dolly",
                                                  "truck",  "pedestal", "follow", "keyframes"};

std::optional<glm::dvec3> ReadPoint(Reader& r, const YAML::Node& node, const std::string& path) {
  const auto v = r.Vector(node, path, 3, 3, Finite(1e4));
  if (!v) return std::nullopt;
  return glm::dvec3((*v)[0], (*v)[1], (*v)[2]);
}

void ReadFov(Reader& r, const YAML::Node& node, const std::string& path, CameraSpec& cam) {
  const bool focal = Has(node, "focal_length_mm");
  if (focal && (Has(node, "fov") || Has(node, "fov_rad"))) {
    r.Error(Get(node, "focal_length_mm"), Child(path, "focal_length_mm"),
            "give fov or focal_length_mm, not both");
    return;
  }
  if (!focal) {
    if (Has(node, "sensor_height_mm")) {
      r.Error(Get(node, "sensor_height_mm"), Child(path, "sensor_height_mm"),
              "sensor_height_mm is only used with focal_length_mm");
    }
    cam.vfov_rad = ReadAngle(r, node, path, "fov", kFovDegrees).value_or(cam.vfov_rad);
    return;
  }
  const auto f =
      r.Number(Get(node, "focal_length_mm"), Child(path, "focal_length_mm"), Positive(1e4));
  const auto sensor =
      r.Number(Get(node, "sensor_height_mm"), Child(path, "sensor_height_mm"), Positive(1e3));
  if (!f) return;
  const double vfov = 2.0 * std::atan(0.5 * sensor.value_or(24.0) / *f);
  if (vfov < Radians(kFovDegrees.lo) || vfov > Radians(kFovDegrees.hi)) {
    r.Error(Get(node, "focal_length_mm"), Child(path, "focal_length_mm"),
            "gives a vertical field of view of " + FormatNumber(vfov * 180.0 / 3.14159265358979) +
                " degrees; it must be " + kFovDegrees.Describe());
    return;
  }
  cam.vfov_rad = vfov;
}

// Reads the path; sets `follow` to the target object for follow paths.
void ReadPath(Context& c, const YAML::Node& node, const std::string& path,
              const std::vector<ObjectSpec>& objects, CameraPath& out, const ObjectSpec*& follow,
              bool& orbit_center_given) {
  Reader& r = c.r;
  if (!node.IsDefined()) return;
  if (!node.IsMap()) {
    r.Word(node, path, {"static"});
    return;
  }
  const YAML::Node type = Get(node, "type");
  if (!r.Require(type, node, Child(path, "type"),
                 "type (static, pan_tilt, orbit, dolly, "
                 "truck, pedestal, follow or keyframes)")) {
    return;
  }
  const auto kind = r.Word(type, Child(path, "type"), kPathKinds);
  if (!kind) return;
  for (size_t i = 0; i < kPathKinds.size(); ++i) {
    if (kPathKinds[i] == *kind) out.kind = static_cast<CameraPath::Kind>(i);
  }
  using K = CameraPath::Kind;
  switch (out.kind) {
    case K::kStatic:
      r.Keys(node, path, {"type"});
      break;
    case K::kPanTilt:
      r.Keys(node, path, {"type", "pan_rate", "pan_rate_rad", "tilt_rate", "tilt_rate_rad"});
      out.pan_rate = ReadAngle(r, node, path, "pan_rate", Finite(3600.0)).value_or(0.0);
      out.tilt_rate = ReadAngle(r, node, path, "tilt_rate", Finite(3600.0)).value_or(0.0);
      break;
    case K::kOrbit: {
      r.Keys(node, path, {"type", "center", "rate", "rate_rad", "sense"});
      orbit_center_given = Has(node, "center");
      out.orbit_center =
          ReadPoint(r, Get(node, "center"), Child(path, "center")).value_or(out.orbit_center);
      if (!Has(node, "rate") && !Has(node, "rate_rad")) {
        r.Error(node, Child(path, "rate"), "missing: rate (deg/s)");
      }
      out.orbit_rate =
          ReadAngle(r, node, path, "rate", NonNegative(3600.0), Finite(100.0)).value_or(0.0);
      if (r.Word(Get(node, "sense"), Child(path, "sense"), {"ccw", "cw"}) == "cw") {
        out.orbit_rate = -out.orbit_rate;
      }
      break;
    }
    case K::kDolly:
    case K::kTruck:
    case K::kPedestal:
      r.Keys(node, path, {"type", "speed"});
      r.Require(Get(node, "speed"), node, Child(path, "speed"), "speed (m/s)");
      out.speed = r.Number(Get(node, "speed"), Child(path, "speed"), Finite(100.0)).value_or(0.0);
      break;
    case K::kFollow: {
      r.Keys(node, path, {"type", "target", "offset"});
      const YAML::Node target = Get(node, "target");
      if (!r.Require(target, node, Child(path, "target"), "target (an object name)")) break;
      out.follow_target = r.Text(target, Child(path, "target")).value_or("");
      std::vector<std::string_view> names;
      for (const ObjectSpec& o : objects) {
        names.push_back(o.name);
        if (o.name == out.follow_target) follow = &o;
      }
      if (follow == nullptr && !out.follow_target.empty()) {
        const std::string close = ClosestWord(out.follow_target, names);
        r.Error(target, Child(path, "target"),
                "no object named '" + out.follow_target + "'" +
                    (close.empty() ? "" : "; did you mean '" + close + "'?"));
      }
      out.follow_offset =
          ReadPoint(r, Get(node, "offset"), Child(path, "offset")).value_or(out.follow_offset);
      if (glm::length(out.follow_offset) < 1e-9) {
        r.Error(Get(node, "offset"), Child(path, "offset"), "must be non-zero");
      }
      break;
    }
    case K::kKeyframes: {
      r.Keys(node, path, {"type", "keys", "interpolation"});
      if (r.Word(Get(node, "interpolation"), Child(path, "interpolation"), {"linear", "smooth"}) ==
          "smooth") {
        out.interpolation = Easing::kSmooth;
      }
      const YAML::Node keys = Get(node, "keys");
      const std::string keys_path = Child(path, "keys");
      if (!keys.IsSequence() || keys.size() == 0 || keys.size() > 1000) {
        r.Error(
            keys.IsDefined() ? keys : node, keys_path,
            "expected a list of 1 to 1000 keys {t, position, look_at}; found " + Describe(keys));
        break;
      }
      size_t i = 0;
      for (const YAML::Node& key : keys) {
        const std::string p = Item(keys_path, i++);
        if (!r.Keys(key, p, {"t", "position", "look_at"})) continue;
        for (const char* field : {"t", "position", "look_at"}) {
          r.Require(Get(key, field), key, Child(p, field), field);
        }
        CameraPath::Keyframe k;
        k.t_s = r.Number(Get(key, "t"), Child(p, "t"), NonNegative(3600.0)).value_or(0.0);
        k.position = ReadPoint(r, Get(key, "position"), Child(p, "position")).value_or(k.position);
        k.look_at = ReadPoint(r, Get(key, "look_at"), Child(p, "look_at")).value_or(k.look_at);
        if (!out.keyframes.empty() && k.t_s <= out.keyframes.back().t_s) {
          r.Error(Get(key, "t"), Child(p, "t"), "key times must increase strictly");
        }
        if (glm::length(k.position - k.look_at) < 1e-9) {
          r.Error(key, p, "position and look_at must differ");
        }
        out.keyframes.push_back(k);
      }
      break;
    }
  }
}

std::optional<CameraSpec> ParseCamera(Context& c, const YAML::Node& node, const std::string& path,
                                      const std::vector<ObjectSpec>& objects) {
  Reader& r = c.r;
  if (!r.Keys(node, path,
              {"name", "fov", "fov_rad", "focal_length_mm", "sensor_height_mm", "position",
               "look_at", "path"})) {
    return std::nullopt;
  }
  CameraSpec cam;
  const YAML::Node name = Get(node, "name");
  if (r.Require(name, node, Child(path, "name"), "name (unique per scene)")) {
    cam.name = ReadName(r, name, Child(path, "name")).value_or("");
  }
  ReadFov(r, node, path, cam);
  const ObjectSpec* follow = nullptr;
  bool orbit_center_given = false;
  ReadPath(c, Get(node, "path"), Child(path, "path"), objects, cam.path, follow,
           orbit_center_given);
  if (follow != nullptr) {
    cam.look_at = follow->position;
    cam.position = follow->position + cam.path.follow_offset;
  } else if (!cam.path.keyframes.empty()) {
    cam.position = cam.path.keyframes.front().position;
    cam.look_at = cam.path.keyframes.front().look_at;
  }
  cam.position =
      ReadPoint(r, Get(node, "position"), Child(path, "position")).value_or(cam.position);
  cam.look_at = ReadPoint(r, Get(node, "look_at"), Child(path, "look_at")).value_or(cam.look_at);
  if (glm::length(cam.position - cam.look_at) < 1e-9) {
    r.Error(node, path, "position and look_at must differ");
  }
  const Range kWorld = Finite(1e4);
  for (int k = 0; k < 3; ++k) {
    if (!kWorld.Contains(cam.position[k])) {
      r.Error(node, Child(path, "position"),
              "the camera starts at " + FormatNumber(cam.position[k]) + " m along axis " +
                  std::to_string(k) + "; positions must be " + kWorld.Describe());
      break;
    }
  }
  if (cam.path.kind == CameraPath::Kind::kOrbit) {
    if (!orbit_center_given) cam.path.orbit_center = cam.look_at;
    const glm::dvec3 arm = cam.position - cam.path.orbit_center;
    if (std::hypot(arm.x, arm.y) < 1e-9) {
      r.Error(node, Child(path, "path"),
              "an orbit needs the camera off the vertical line through its center");
    }
  }
  return cam;
}

}  // namespace

void ParseCameras(Context& c, const YAML::Node& node, const std::vector<ObjectSpec>& objects,
                  std::vector<CameraSpec>& out) {
  Reader& r = c.r;
  if (!node.IsDefined()) {
    out.push_back(CameraSpec{.name = "main"});
    return;
  }
  if (!node.IsSequence() || node.size() == 0 || node.size() > kMaxCameras) {
    r.Error(node, "cameras", "expected a list of 1 to 16 cameras; found " + Describe(node));
    return;
  }
  std::map<std::string, std::string> seen;
  size_t i = 0;
  for (const YAML::Node& camera : node) {
    const std::string path = Item("cameras", i++);
    auto cam = ParseCamera(c, camera, path, objects);
    if (!cam) continue;
    if (!cam->name.empty() && !seen.emplace(cam->name, path).second) {
      r.Error(Get(camera, "name"), Child(path, "name"),
              "duplicate camera name '" + cam->name + "' (also used by " + seen[cam->name] + ")");
    }
    out.push_back(std::move(*cam));
  }
}

}  // namespace synth4d::spec::internal
