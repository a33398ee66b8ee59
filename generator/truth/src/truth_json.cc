#include "synth4d/truth/truth_json.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace synth4d::truth {
namespace {

using Json = nlohmann::ordered_json;

// Rounds to a multiple of `resolution` (a power of ten <= 1). Dividing by the integer scale,
// rather than multiplying by the resolution, gives the double nearest the decimal value, so it
// prints in its shortest form ("7.080973", not "7.080972999999999").
double Round(double x, double resolution) {
  const double scale = std::round(1.0 / resolution);
  const double r = std::round(x * scale) / scale;
  return r == 0.0 ? 0.0 : r;  // no "-0"
}

// Writes `j` with one key per line for objects, numbers and strings inline, and each element of
// an array of objects or arrays on one compact line: readable, and one line per frame.
void WritePretty(const Json& j, int indent, std::string& out) {
  const std::string pad(indent, ' ');
  if (j.is_object()) {
    out += "{";
    bool first = true;
    for (const auto& [key, value] : j.items()) {
      out += first ? "\n" : ",\n";
      first = false;
      out += pad + " " + Json(key).dump() + ": ";
      WritePretty(value, indent + 1, out);
    }
    out += first ? "}" : "\n" + pad + "}";
  } else if (j.is_array() && !j.empty() && j.front().is_structured() &&
             !(j.front().is_object() && j.front().contains("frames"))) {
    out += "[";
    for (size_t i = 0; i < j.size(); ++i) out += (i ? ",\n" : "\n") + pad + " " + j[i].dump();
    out += "\n" + pad + "]";
  } else if (j.is_array() && !j.empty() && j.front().is_object()) {
    out += "[";
    for (size_t i = 0; i < j.size(); ++i) {
      out += (i ? ",\n" : "\n") + pad + " ";
      WritePretty(j[i], indent + 1, out);
    }
    out += "\n" + pad + "]";
  } else {
    out += j.dump();
  }
}

Json Vec(const glm::dvec3& v, double res = 1e-6) {
  return Json::array({Round(v.x, res), Round(v.y, res), Round(v.z, res)});
}
// Quaternions are written with w >= 0 (q and -q are the same rotation).
Json Quat(glm::dquat q) {
  if (q.w < 0) q = -q;
  return Json::array({Round(q.w, 1e-9), Round(q.x, 1e-9), Round(q.y, 1e-9), Round(q.z, 1e-9)});
}
glm::dvec3 ToVec(const Json& j) { return {j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>()}; }
glm::dquat ToQuat(const Json& j) {
  return {j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>(), j.at(3).get<double>()};
}

Json PoseJson(const core::Pose& X) { return Json{{"p", Vec(X.p)}, {"q", Quat(X.q)}}; }
core::Pose ToPose(const Json& j) { return {ToVec(j.at("p")), ToQuat(j.at("q"))}; }

const char* MotionEventName(sim::MotionEvent::Kind k) { return sim::MotionEventKindName(k); }

Json FrameJson(const ObjectFrame& f) {
  Json j;
  j["p_W"] = Vec(f.X_WB.p);
  j["q_W"] = Quat(f.X_WB.q);
  j["v_W"] = Vec(f.v_W);
  j["w_W"] = Vec(f.w_W);
  j["p_C"] = Vec(f.p_C);
  j["centre_px"] = f.centre_px ? Json::array({Round(f.centre_px->x, 1e-3), Round(f.centre_px->y, 1e-3)})
                               : Json(nullptr);
  if (f.rendered) {
    j["box"] = f.box ? Json(*f.box) : Json(nullptr);
    j["visible_px"] = f.visible_px;
    j["unoccluded_px"] = f.unoccluded_px;
    j["silhouette_px"] = f.silhouette_px;
    j["visible_fraction"] = Round(f.visible_fraction, 1e-6);
    j["in_view"] = f.in_view;
  }
  return j;
}

ObjectFrame ToFrame(const Json& j) {
  ObjectFrame f;
  f.X_WB = {ToVec(j.at("p_W")), ToQuat(j.at("q_W"))};
  f.v_W = ToVec(j.at("v_W"));
  f.w_W = ToVec(j.at("w_W"));
  f.p_C = ToVec(j.at("p_C"));
  if (!j.at("centre_px").is_null()) f.centre_px = glm::dvec2(j["centre_px"][0].get<double>(), j["centre_px"][1].get<double>());
  if (j.contains("visible_px")) {
    f.rendered = true;
    if (!j.at("box").is_null()) f.box = j["box"].get<std::array<int, 4>>();
    f.visible_px = j.at("visible_px").get<int>();
    f.unoccluded_px = j.at("unoccluded_px").get<int>();
    f.silhouette_px = j.at("silhouette_px").get<int>();
    f.visible_fraction = j.at("visible_fraction").get<double>();
    f.in_view = j.at("in_view").get<bool>();
  }
  return f;
}

template <class Enum, class NameFn>
Enum EnumFromName(const std::string& name, NameFn fn, int count) {
  for (int i = 0; i < count; ++i) {
    if (name == fn(static_cast<Enum>(i))) return static_cast<Enum>(i);
  }
  throw std::invalid_argument("unknown value \"" + name + "\"");
}

}  // namespace

std::string ToJson(const VideoTruth& t) {
  Json j;
  j["schema"] = kTruthSchema;
  j["synth4d_version"] = t.clip.synth4d_version;
  j["clip"] = Json{{"key", t.clip.key},
                   {"spec", t.clip.spec_key},
                   {"camera", t.clip.camera},
                   {"camera_index", t.clip.camera_index},
                   {"fps", t.clip.fps},
                   {"num_frames", t.clip.num_frames},
                   {"duration_s", t.clip.num_frames / t.clip.fps},
                   {"width", t.clip.width},
                   {"height", t.clip.height},
                   {"seed", t.clip.seed},
                   {"dataset_seed", t.clip.dataset_seed},
                   {"clip_index", t.clip.clip_index}};
  j["conventions"] = Json{{"world", "right-handed, +Z up, metres, seconds"},
                          {"camera", "OpenCV: x right, y down, z forward; pose is world-from-camera"},
                          {"quaternion", "w, x, y, z"},
                          {"frame_time", "frame i is at t = i / fps"},
                          {"box", "x0, y0, x1, y1 in pixels; visible pixels span [x0, x1) x [y0, y1)"}};
  Json cam;
  cam["name"] = t.clip.camera;
  cam["K"] = Json::array({Json::array({Round(t.K.fx, 1e-9), 0.0, Round(t.K.cx, 1e-9)}),
                          Json::array({0.0, Round(t.K.fy, 1e-9), Round(t.K.cy, 1e-9)}),
                          Json::array({0.0, 0.0, 1.0})});
  cam["X_WC"] = Json::array();
  for (const core::Pose& X : t.X_WC) cam["X_WC"].push_back(PoseJson(X));
  j["camera"] = cam;

  j["objects"] = Json::array();
  for (size_t i = 0; i < t.objects.size(); ++i) {
    const ObjectInfo& o = t.objects[i];
    Json oj{{"id", o.id},           {"name", o.name},
            {"shape", o.shape},     {"asset", o.asset},
            {"color", o.color_name}, {"color_srgb", Vec(o.color_srgb, 1e-6)},
            {"material", o.material}, {"size", Vec(o.size)},
            {"motion", o.motion},   {"front", o.front ? Vec(*o.front) : Json(nullptr)},
            {"prototype", o.prototype}};
    oj["frames"] = Json::array();
    for (const ObjectFrame& f : t.frames[i]) oj["frames"].push_back(FrameJson(f));
    j["objects"].push_back(std::move(oj));
  }
  Json contacts = Json::array();
  for (const sim::ContactEvent& c : t.contacts) {
    contacts.push_back(Json{{"a", c.body_a}, {"b", c.body_b}, {"first_frame", c.first_frame},
                            {"last_frame", c.last_frame},
                            {"max_impulse_ns", Round(c.max_impulse_ns, 1e-6)}});
  }
  Json motion = Json::array();
  for (const sim::MotionEvent& e : t.motion_events) {
    motion.push_back(Json{{"kind", MotionEventName(e.kind)}, {"object", e.body},
                          {"frame", e.frame}, {"value", Round(e.value, 1e-6)}});
  }
  j["events"] = Json{{"contacts", contacts}, {"motion", motion}};
  Json glitches = Json::array();
  for (const sim::Glitch& g : t.glitches) {
    glitches.push_back(Json{{"kind", sim::GlitchKindName(g.kind)}, {"frame", g.frame},
                            {"object", g.body}, {"value", Round(g.value, 1e-6)},
                            {"message", g.message}});
  }
  j["glitches"] = glitches;
  j["resolved_scene"] = t.resolved_scene_yaml;
  std::string out;
  WritePretty(j, 0, out);
  return out + "\n";
}

core::Result<VideoTruth> FromJson(std::string_view text, const std::string& source) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           source + ": not valid JSON: " + e.what());
  }
  try {
    if (j.value("schema", "") != kTruthSchema) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             source + ": schema: expected \"" + std::string(kTruthSchema) +
                                 "\", found " + j.value("schema", Json("missing")).dump());
    }
    VideoTruth t;
    const Json& c = j.at("clip");
    t.clip.synth4d_version = j.at("synth4d_version").get<std::string>();
    t.clip.key = c.at("key").get<std::string>();
    t.clip.spec_key = c.at("spec").get<std::string>();
    t.clip.camera = c.at("camera").get<std::string>();
    t.clip.camera_index = c.at("camera_index").get<int>();
    t.clip.fps = c.at("fps").get<double>();
    t.clip.num_frames = c.at("num_frames").get<int>();
    t.clip.width = c.at("width").get<int>();
    t.clip.height = c.at("height").get<int>();
    t.clip.seed = c.at("seed").get<uint64_t>();
    t.clip.dataset_seed = c.at("dataset_seed").get<uint64_t>();
    t.clip.clip_index = c.at("clip_index").get<int>();
    const Json& K = j.at("camera").at("K");
    t.K = {t.clip.width, t.clip.height, K[0][0].get<double>(), K[1][1].get<double>(),
           K[0][2].get<double>(), K[1][2].get<double>()};
    for (const Json& X : j["camera"].at("X_WC")) t.X_WC.push_back(ToPose(X));
    for (const Json& oj : j.at("objects")) {
      ObjectInfo o;
      o.id = oj.at("id").get<uint32_t>();
      o.name = oj.at("name").get<std::string>();
      o.shape = oj.at("shape").get<std::string>();
      o.asset = oj.at("asset").get<std::string>();
      o.color_name = oj.at("color").get<std::string>();
      o.color_srgb = ToVec(oj.at("color_srgb"));
      o.material = oj.at("material").get<std::string>();
      o.size = ToVec(oj.at("size"));
      o.motion = oj.at("motion").get<std::string>();
      if (!oj.at("front").is_null()) o.front = ToVec(oj["front"]);
      o.prototype = oj.at("prototype").get<std::string>();
      std::vector<ObjectFrame> frames;
      for (const Json& f : oj.at("frames")) frames.push_back(ToFrame(f));
      if (static_cast<int>(frames.size()) != t.clip.num_frames) {
        throw std::invalid_argument("objects[" + o.name + "].frames: expected " +
                                    std::to_string(t.clip.num_frames) + " frames");
      }
      t.objects.push_back(std::move(o));
      t.frames.push_back(std::move(frames));
    }
    for (const Json& cj : j.at("events").at("contacts")) {
      t.contacts.push_back({cj.at("a").get<int>(), cj.at("b").get<int>(),
                            cj.at("first_frame").get<int>(), cj.at("last_frame").get<int>(),
                            cj.at("max_impulse_ns").get<double>()});
    }
    for (const Json& mj : j["events"].at("motion")) {
      sim::MotionEvent e;
      e.kind = EnumFromName<sim::MotionEvent::Kind>(mj.at("kind").get<std::string>(),
                                                    sim::MotionEventKindName, 6);
      e.body = mj.at("object").get<int>();
      e.frame = mj.at("frame").get<int>();
      e.value = mj.at("value").get<double>();
      t.motion_events.push_back(e);
    }
    for (const Json& gj : j.at("glitches")) {
      sim::Glitch g;
      g.kind = EnumFromName<sim::Glitch::Kind>(gj.at("kind").get<std::string>(),
                                               sim::GlitchKindName, 3);
      g.frame = gj.at("frame").get<int>();
      g.body = gj.at("object").get<int>();
      g.value = gj.at("value").get<double>();
      g.message = gj.at("message").get<std::string>();
      t.glitches.push_back(g);
    }
    t.resolved_scene_yaml = j.at("resolved_scene").get<std::string>();
    if (static_cast<int>(t.X_WC.size()) != t.clip.num_frames) {
      throw std::invalid_argument("camera.X_WC: expected " + std::to_string(t.clip.num_frames) +
                                  " poses");
    }
    return t;
  } catch (const std::exception& e) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           source + ": malformed truth: " + e.what());
  }
}

}  // namespace synth4d::truth
