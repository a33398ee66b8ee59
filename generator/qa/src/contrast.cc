#include "synth4d/qa/contrast.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "internal_generate.h"
#include "synth4d/qa/refer.h"

namespace synth4d::qa {
namespace {

// Reflection in the plane through `origin` with unit normal `n`.
struct Mirror {
  glm::dvec3 origin{0.0};
  glm::dvec3 n{1.0, 0.0, 0.0};

  glm::dvec3 Point(const glm::dvec3& p) const { return p - 2.0 * glm::dot(p - origin, n) * n; }
  glm::dvec3 Vector(const glm::dvec3& v) const { return v - 2.0 * glm::dot(v, n) * n; }
  // Angular velocities and rotation axes are pseudovectors: a reflection also flips their sense.
  glm::dvec3 Axial(const glm::dvec3& w) const { return -Vector(w); }
  glm::dmat3 Matrix() const { return glm::dmat3(1.0) - 2.0 * glm::outerProduct(n, n); }
};

// The body axis the mirrored body is reflected along so that M R S is a proper rotation: the
// horizontal body axis across the front (a car's left-right axis), else body X. Primitives are
// symmetric about that axis's plane (a cone's is never its own axis Z).
int FlippedAxis(const spec::ObjectSpec& o) {
  if (!o.front) return 0;
  return std::abs(o.front->x) >= std::abs(o.front->y) &&
                 std::abs(o.front->x) >= std::abs(o.front->z)
             ? 1
             : 0;
}

glm::dquat MirrorOrientation(const Mirror& m, const glm::dquat& q, int flipped_axis) {
  glm::dmat3 S(1.0);
  S[flipped_axis][flipped_axis] = -1.0;
  const glm::dmat3 R = m.Matrix() * glm::mat3_cast(q) * S;
  return glm::normalize(glm::quat_cast(R));
}

void MirrorSegment(const Mirror& m, spec::Segment& s) {
  s.direction = m.Vector(s.direction);
  if (s.target) s.target = m.Point(*s.target);
  s.axis = m.Vector(s.axis);
  s.angular_speed = -s.angular_speed;  // axis mirrored as a vector: the sense flips
  s.turn_angle = -s.turn_angle;        // turns are about world Z, which lies in the plane
  for (glm::dvec3& w : s.waypoints) w = m.Point(w);
}

void MirrorCamera(const Mirror& m, spec::CameraSpec& c) {
  c.position = m.Point(c.position);
  c.look_at = m.Point(c.look_at);
  spec::CameraPath& p = c.path;
  p.pan_rate = -p.pan_rate;
  p.orbit_center = m.Point(p.orbit_center);
  p.orbit_rate = -p.orbit_rate;
  if (p.kind == spec::CameraPath::Kind::kTruck) p.speed = -p.speed;
  p.follow_offset = m.Vector(p.follow_offset);
  for (spec::CameraPath::Keyframe& k : p.keyframes) {
    k.position = m.Point(k.position);
    k.look_at = m.Point(k.look_at);
  }
}

std::string Sanitised(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '-';
  }
  return text;
}

}  // namespace

bool MakesTwin(const spec::ResolvedScene& scene, bool every_clip) {
  return every_clip || scene.qa.contrast_pairs;
}

spec::ResolvedScene MirrorScene(const spec::ResolvedScene& scene) {
  spec::ResolvedScene out = scene;
  Mirror m;
  if (!scene.cameras.empty()) {
    const spec::CameraSpec& c = scene.cameras.front();
    const glm::dvec3 d = c.look_at - c.position;
    m.origin = c.position;
    if (std::hypot(d.x, d.y) > 1e-9) {
      m.n = glm::normalize(glm::cross(glm::dvec3(d.x, d.y, 0.0), glm::dvec3(0, 0, 1)));
    } else {  // looking straight down or up: the camera's right axis
      glm::dvec3 right = core::LookAt(c.position, c.look_at).q * glm::dvec3(1, 0, 0);
      m.n = glm::normalize(glm::dvec3(right.x, right.y, 0.0));
    }
  }
  out.spec_key += "-mirror";
  out.environment.sun_direction = m.Vector(scene.environment.sun_direction);
  for (spec::ObjectSpec& o : out.objects) {
    o.position = m.Point(o.position);
    o.orientation = MirrorOrientation(m, o.orientation, FlippedAxis(o));
    o.dynamic.linear_velocity = m.Vector(o.dynamic.linear_velocity);
    o.dynamic.angular_velocity = m.Axial(o.dynamic.angular_velocity);
    for (spec::Push& p : o.dynamic.pushes) p.vector = m.Vector(p.vector);
    for (spec::Segment& s : o.segments) MirrorSegment(m, s);
  }
  for (spec::CameraSpec& c : out.cameras) MirrorCamera(m, c);
  return out;
}

std::string PairId(const std::string& original_clip_key, const std::string& template_id,
                   const std::vector<std::string>& object_names) {
  std::string id = original_clip_key + "_" + template_id;
  for (const std::string& n : object_names) id += "_" + n;
  return Sanitised(id);
}

std::vector<QaItem> GenerateTwinQa(const truth::VideoTruth& twin,
                                   const std::vector<Template>& templates, const QaOptions& options,
                                   std::vector<QaItem>& original,
                                   std::vector<std::string>* mismatches) {
  const std::vector<std::string> names = ReferringExpressions(twin.objects);
  std::vector<QaItem> out;
  std::set<std::string> unpaired;  // ids of the original items the twin cannot ask
  auto mismatch = [&](const QaItem& item, const std::string& why) {
    unpaired.insert(item.id);
    if (mismatches) mismatches->push_back(item.id + ": " + why);
  };
  for (QaItem& item : original) {
    if (item.answer_kind == "absent") continue;
    auto tmpl = std::find_if(templates.begin(), templates.end(),
                             [&](const Template& t) { return t.id == item.template_id; });
    if (tmpl == templates.end() || !tmpl->pairable) continue;
    const PredicateInfo* pred = FindPredicate(tmpl->predicate);
    std::vector<int> objects;
    for (const std::string& name : item.objects) {
      auto it = std::find_if(twin.objects.begin(), twin.objects.end(),
                             [&](const truth::ObjectInfo& o) { return o.name == name; });
      if (it != twin.objects.end()) objects.push_back(static_cast<int>(it - twin.objects.begin()));
    }
    if (!pred || objects.size() != item.objects.size()) {
      mismatch(item, "the twin lacks a referred object");
      continue;
    }
    const Evaluation e = internal::EvaluateSubjects(twin, *tmpl, *pred, objects, names, options);
    if (const Refusal* r = std::get_if<Refusal>(&e.outcome)) {
      mismatch(item, "the twin refuses: " + r->reason);
      continue;
    }
    const std::string expected = tmpl->MirrorValue(item.answer_value);
    const std::string& got = std::get<Answer>(e.outcome).value;
    if (got != expected) {
      mismatch(item, "the twin answers " + got + ", expected " + expected);
      continue;
    }
    QaItem t = internal::MakeItem(twin, *tmpl, *pred, e, names, options,
                                  internal::ItemRng(twin, tmpl->id, objects), 0);
    const std::string correct = t.AnswerText();
    auto at = std::find(item.options.begin(), item.options.end(), correct);
    if (at == item.options.end()) {
      mismatch(item, "the twin's answer \"" + correct + "\" is not among the original's options");
      continue;
    }
    t.id = twin.clip.key + item.id.substr(item.clip_key.size());
    t.question = item.question;
    t.options = item.options;
    t.answer_index = static_cast<int>(at - item.options.begin());
    item.pair_id = PairId(item.clip_key, item.template_id, item.objects);
    t.pair_id = item.pair_id;
    out.push_back(std::move(t));
  }
  std::erase_if(original, [&](const QaItem& item) { return unpaired.count(item.id) > 0; });
  return out;
}

}  // namespace synth4d::qa
