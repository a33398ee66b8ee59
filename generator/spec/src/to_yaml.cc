// ToYaml: the resolved scene as a spec. Key order and formatting are fixed, so equal scenes give
// equal bytes; numbers use the shortest text that reads back exactly.
#include "synth4d/spec/to_yaml.h"

#include <cstdio>

#include "reader.h"

namespace synth4d::spec {
namespace {

using internal::FormatNumber;

std::string Num(double v) { return FormatNumber(v); }

std::string Vec(const glm::dvec3& v) {
  return "[" + Num(v.x) + ", " + Num(v.y) + ", " + Num(v.z) + "]";
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", u);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string ColorText(const Color& c) {
  const std::string rgb = "rgb: " + Vec(c.srgb) + "}";
  return c.name.empty() ? "{" + rgb : "{name: " + Quote(c.name) + ", " + rgb;
}

std::string Bool(bool b) { return b ? "true" : "false"; }

std::string EasingName(Easing e) { return e == Easing::kSmooth ? "smooth" : "linear"; }

// Appends "<indent>key: value\n".
void Line(std::string& out, int indent, const std::string& key, const std::string& value) {
  out.append(static_cast<size_t>(indent), ' ');
  out += key;
  out += value.empty() ? ":" : ": " + value;
  out += '\n';
}

const char* PatternName(GroundPattern p) {
  switch (p) {
    case GroundPattern::kChecker:
      return "checker";
    case GroundPattern::kGrid:
      return "grid";
    case GroundPattern::kPlain:
      return "plain";
  }
  return "checker";
}

void WriteEnvironment(std::string& out, const Environment& e) {
  Line(out, 0, "environment", "");
  Line(out, 2, "ground", "");
  Line(out, 4, "size", Num(e.ground_size_m));
  Line(out, 4, "pattern", PatternName(e.ground_pattern));
  Line(out, 4, "color", ColorText(e.ground_color));
  Line(out, 4, "color2", ColorText(e.ground_color2));
  Line(out, 4, "tile", Num(e.ground_tile_m));
  Line(out, 2, "background", ColorText(e.background));
  Line(out, 2, "sun", "");
  Line(out, 4, "direction", Vec(e.sun_direction));
  Line(out, 4, "intensity", Num(e.sun_intensity));
  Line(out, 2, "ambient", Num(e.ambient));
  Line(out, 2, "gravity", Num(e.gravity_mps2));
}

void WriteSegment(std::string& out, const Segment& s) {
  using K = Segment::Kind;
  Line(out, 6, "- type", SegmentKindName(s.kind));
  Line(out, 8, "duration", Num(s.duration_s));
  Line(out, 8, "easing", EasingName(s.easing));
  Line(out, 8, "face_motion", Bool(s.face_motion));
  switch (s.kind) {
    case K::kMove:
      Line(out, 8, "direction", Vec(s.direction));
      Line(out, 8, "speed", Num(s.speed));
      if (s.target) Line(out, 8, "to", Vec(*s.target));
      break;
    case K::kRotate:
      Line(out, 8, "axis", Vec(s.axis));
      Line(out, 8, "speed_rad", Num(s.angular_speed));
      break;
    case K::kTurn:
      Line(out, 8, "angle_rad", Num(s.turn_angle));
      Line(out, 8, "speed", Num(s.speed));
      break;
    case K::kAccelerate:
    case K::kDecelerate:
      if (s.direction != glm::dvec3(0.0)) Line(out, 8, "direction", Vec(s.direction));
      Line(out, 8, "speed", Num(s.speed));
      break;
    case K::kReverse:
      Line(out, 8, "speed", Num(s.speed));
      break;
    case K::kWaypoints: {
      Line(out, 8, "speed", Num(s.speed));
      Line(out, 8, "points", "");
      for (const glm::dvec3& p : s.waypoints) out += "          - " + Vec(p) + "\n";
      break;
    }
    case K::kWait:
      break;
  }
}

void WriteMotion(std::string& out, const ObjectSpec& o) {
  if (o.motion == MotionType::kStatic) {
    Line(out, 4, "motion", "static");
    return;
  }
  Line(out, 4, "motion", "");
  Line(out, 6, "type", MotionTypeName(o.motion));
  if (o.motion == MotionType::kScripted) {
    Line(out, 6, "segments", "");
    for (const Segment& s : o.segments) WriteSegment(out, s);
    return;
  }
  Line(out, 6, "velocity", Vec(o.dynamic.linear_velocity));
  Line(out, 6, "angular_velocity_rad", Vec(o.dynamic.angular_velocity));
  std::string impulses, forces;
  for (const Push& p : o.dynamic.pushes) {
    if (p.duration_s == 0.0) {
      Line(impulses, 8, "- {t", Num(p.t_s) + ", impulse: " + Vec(p.vector) + "}");
    } else {
      Line(forces, 8, "- {t",
           Num(p.t_s) + ", duration: " + Num(p.duration_s) + ", force: " + Vec(p.vector) + "}");
    }
  }
  if (!impulses.empty()) Line(out, 6, "impulses", "");
  out += impulses;
  if (!forces.empty()) Line(out, 6, "forces", "");
  out += forces;
}

void WriteObject(std::string& out, const ObjectSpec& o) {
  Line(out, 2, "- name", Quote(o.name));
  if (!o.prototype.empty()) Line(out, 4, "prototype", Quote(o.prototype));
  Line(out, 4, "shape", ShapeName(o.shape));
  if (o.shape == Shape::kMesh) {
    Line(out, 4, "asset", Quote(o.asset));
    Line(out, 4, "up_axis", o.up_axis == assets::UpAxis::kY ? "y" : "z");
  }
  Line(out, 4, "size", Vec(o.size));
  Line(out, 4, "color", ColorText(o.color));
  Line(out, 4, "material", MaterialName(o.material));
  Line(out, 4, "mass", Num(o.mass_kg));
  Line(out, 4, "friction", Num(o.friction));
  Line(out, 4, "restitution", Num(o.restitution));
  Line(out, 4, "damping",
       "{linear: " + Num(o.linear_damping) + ", angular: " + Num(o.angular_damping) + "}");
  Line(out, 4, "position", Vec(o.position));
  const glm::dquat& q = o.orientation;
  Line(out, 4, "orientation",
       "{quaternion: [" + Num(q.w) + ", " + Num(q.x) + ", " + Num(q.y) + ", " + Num(q.z) + "]}");
  if (o.front) Line(out, 4, "front", Vec(*o.front));
  WriteMotion(out, o);
}

void WritePath(std::string& out, const CameraPath& p) {
  using K = CameraPath::Kind;
  if (p.kind == K::kStatic) {
    Line(out, 4, "path", "static");
    return;
  }
  Line(out, 4, "path", "");
  Line(out, 6, "type", CameraPathKindName(p.kind));
  switch (p.kind) {
    case K::kPanTilt:
      Line(out, 6, "pan_rate_rad", Num(p.pan_rate));
      Line(out, 6, "tilt_rate_rad", Num(p.tilt_rate));
      break;
    case K::kOrbit:
      Line(out, 6, "center", Vec(p.orbit_center));
      Line(out, 6, "rate_rad", Num(p.orbit_rate));
      break;
    case K::kDolly:
    case K::kTruck:
    case K::kPedestal:
      Line(out, 6, "speed", Num(p.speed));
      break;
    case K::kFollow:
      Line(out, 6, "target", Quote(p.follow_target));
      Line(out, 6, "offset", Vec(p.follow_offset));
      break;
    case K::kKeyframes:
      Line(out, 6, "interpolation", EasingName(p.interpolation));
      Line(out, 6, "keys", "");
      for (const CameraPath::Keyframe& k : p.keyframes) {
        Line(out, 8, "- {t",
             Num(k.t_s) + ", position: " + Vec(k.position) + ", look_at: " + Vec(k.look_at) + "}");
      }
      break;
    case K::kStatic:
      break;
  }
}

}  // namespace

std::string ToYaml(const ResolvedScene& scene) {
  std::string out =
      "# synth4d resolved scene: every value concrete; angles in radians (*_rad), quaternions\n"
      "# (w, x, y, z), sizes are full extents in metres. Re-reading it gives the same scene.\n";
  Line(out, 0, "resolved", "");
  Line(out, 2, "source", Quote(scene.source));
  Line(out, 2, "spec_key", Quote(scene.spec_key));
  Line(out, 2, "clip_index", std::to_string(scene.clip.clip_index));
  Line(out, 2, "clip_seed", std::to_string(scene.clip.seed));
  Line(out, 0, "clip", "");
  Line(out, 2, "duration", Num(scene.clip.duration_s));
  Line(out, 2, "fps", Num(scene.clip.fps));
  Line(out, 2, "resolution",
       "[" + std::to_string(scene.clip.width) + ", " + std::to_string(scene.clip.height) + "]");
  Line(out, 2, "seed", std::to_string(scene.clip.dataset_seed));
  WriteEnvironment(out, scene.environment);
  Line(out, 0, "objects", scene.objects.empty() ? "[]" : "");
  for (const ObjectSpec& o : scene.objects) WriteObject(out, o);
  Line(out, 0, "qa", "");
  Line(out, 2, "contrast_pairs", Bool(scene.qa.contrast_pairs));
  Line(out, 0, "cameras", "");
  for (const CameraSpec& c : scene.cameras) {
    Line(out, 2, "- name", Quote(c.name));
    Line(out, 4, "fov_rad", Num(c.vfov_rad));
    Line(out, 4, "position", Vec(c.position));
    Line(out, 4, "look_at", Vec(c.look_at));
    WritePath(out, c.path);
  }
  return out;
}

}  // namespace synth4d::spec
