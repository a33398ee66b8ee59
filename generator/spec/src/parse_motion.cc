// motion: static, dynamic (initial velocities, impulses, forces) and scripted segments. Segment
// fields that depend on the state at the segment's start (a `to` move's duration, `forward`, a
// turn's speed) come from the reference kinematics: the object's Timeline (spec/timeline.h),
// planned up to that segment.
#include <algorithm>
#include <cmath>

#include "parse.h"
#include "synth4d/spec/timeline.h"

namespace synth4d::spec::internal {
namespace {

constexpr size_t kMaxListLength = 1000;
const glm::dvec3 kUp(0.0, 0.0, 1.0);
const Range kDuration = Positive(3600.0);
const Range kSpeed = NonNegative(1000.0);

// Unit vector along `v` with components below 1e-12 |v| zeroed (rounding left by rotations), so
// axis-aligned directions stay exact; nullopt for a zero vector.
std::optional<glm::dvec3> Unit(const glm::dvec3& v) {
  const double eps = 1e-12 * glm::length(v);
  glm::dvec3 u(0.0);
  for (int k = 0; k < 3; ++k) u[k] = std::abs(v[k]) < eps ? 0.0 : v[k];
  const double length = glm::length(u);
  if (!(length > 1e-9)) return std::nullopt;
  return std::abs(length - 1.0) <= 1e-12 ? u : u / length;
}

// Unit horizontal front of the object at the end of `t`, or nullopt (no front, or it points up).
std::optional<glm::dvec3> Forward(const ObjectSpec& o, const Timeline& t) {
  if (!o.front) return std::nullopt;
  const auto f = Unit(t.End().X_WB.q * *o.front);
  return f ? Unit(glm::dvec3(f->x, f->y, 0.0)) : std::nullopt;
}

const std::vector<std::string_view> kSegmentKinds = {
    "move", "rotate", "turn", "accelerate", "decelerate", "wait", "reverse", "waypoints"};

// A direction: a vector, a world word (+x ... -z, up, down) or an object word (forward,
// backward, left, right: horizontal, from the front axis in the pose at the segment's start).
std::optional<glm::dvec3> ReadDirection(Reader& r, const YAML::Node& node, const std::string& path,
                                        const ObjectSpec& o, const Timeline& t) {
  if (IsVectorValued(node)) return ReadUnitVector(r, node, path);
  const auto word = r.Word(
      node, path,
      {"+x", "-x", "+y", "-y", "+z", "-z", "up", "down", "forward", "backward", "left", "right"});
  if (!word) return std::nullopt;
  const std::string& w = *word;
  if (w == "up") return kUp;
  if (w == "down") return -kUp;
  if (w[0] == '+' || w[0] == '-') {
    glm::dvec3 d(0.0);
    d[w[1] - 'x'] = w[0] == '+' ? 1.0 : -1.0;
    return d;
  }
  const auto f = Forward(o, t);
  if (!f) {
    r.Error(node, path, "'" + w + "' needs the object's `front` axis (with a horizontal part)");
    return std::nullopt;
  }
  if (w == "forward") return *f;
  if (w == "backward") return -*f;
  const glm::dvec3 left(-f->y, f->x, 0.0);
  return w == "left" ? left : -left;
}

// Fills speed and duration for a path of `length` m from whichever was given; both given must
// agree (resolved files carry both).
bool SpeedAndDuration(Reader& r, const YAML::Node& node, const std::string& path, double length,
                      Segment& s) {
  const auto speed = r.Number(Get(node, "speed"), Child(path, "speed"), Positive(1000.0));
  const auto duration = r.Number(Get(node, "duration"), Child(path, "duration"), kDuration);
  if (speed && duration) {
    if (std::abs(*speed * *duration - length) > 1e-9 * std::max(1.0, length)) {
      r.Error(node, path,
              "speed and duration disagree: the path is " + FormatNumber(length) + " m long, " +
                  "so at " + FormatNumber(*speed) + " m/s it takes " +
                  FormatNumber(length / *speed) + " s; give only one of them");
      return false;
    }
  } else if (!speed && !duration) {
    if (!Has(node, "speed") && !Has(node, "duration")) {
      r.Error(node, path, "missing: speed or duration");
    }
    return false;
  }
  s.speed = speed ? *speed : length / *duration;
  s.duration_s = duration ? *duration : length / *speed;
  if (!speed && !Positive(1000.0).Contains(s.speed)) {
    r.Error(node, path,
            "the path of " + FormatNumber(length) + " m in this duration needs " +
                FormatNumber(s.speed) + " m/s; speeds must be in (0, 1000]");
    return false;
  }
  if (!duration && !kDuration.Contains(s.duration_s)) {
    r.Error(node, path,
            "the path of " + FormatNumber(length) + " m at this speed takes " +
                FormatNumber(s.duration_s) + " s; durations must be in (0, 3600]");
    return false;
  }
  return true;
}

// A point [x, y] or [x, y, z]; a missing z is `z`, and the result must stay within 10 km.
std::optional<glm::dvec3> ReadPoint(Reader& r, const YAML::Node& node, const std::string& path,
                                    double z) {
  const auto v = r.Vector(node, path, 2, 3, Finite(1e4));
  if (!v) return std::nullopt;
  const glm::dvec3 p((*v)[0], (*v)[1], v->size() == 3 ? (*v)[2] : z);
  if (!Finite(1e4).Contains(p.z)) {
    r.Error(node, path,
            "the point's z (" + FormatNumber(p.z) +
                ", kept from the current position)"
                " must be " +
                Finite(1e4).Describe());
    return std::nullopt;
  }
  return p;
}

void ParseMove(Reader& r, const YAML::Node& node, const std::string& path, const ObjectSpec& o,
               const Timeline& t, Segment& s) {
  const YAML::Node to = Get(node, "to");
  std::optional<glm::dvec3> direction;
  if (Has(node, "direction")) {
    direction = ReadDirection(r, Get(node, "direction"), Child(path, "direction"), o, t);
  }
  if (!to.IsDefined()) {
    if (r.Require(Get(node, "direction"), node, Child(path, "direction"), "direction (or `to`)")) {
      r.Require(Get(node, "speed"), node, Child(path, "speed"), "speed (m/s)");
      r.Require(Get(node, "duration"), node, Child(path, "duration"), "duration (s)");
    }
    s.speed = r.Number(Get(node, "speed"), Child(path, "speed"), kSpeed).value_or(0.0);
    s.duration_s =
        r.Number(Get(node, "duration"), Child(path, "duration"), kDuration).value_or(1.0);
    if (direction) s.direction = *direction;
    return;
  }
  const auto point = ReadPoint(r, to, Child(path, "to"), t.End().X_WB.p.z);
  if (!point) return;
  const glm::dvec3 target = *point;
  const glm::dvec3 delta = target - t.End().X_WB.p;
  const double length = glm::length(delta);
  if (length < 1e-9) {
    r.Error(to, Child(path, "to"),
            "the object is already at `to` when this segment starts; use a wait segment");
    return;
  }
  s.target = target;
  s.direction = delta / length;
  if (direction) {
    if (glm::dot(*direction, s.direction) < 1.0 - 1e-9) {
      r.Error(Get(node, "direction"), Child(path, "direction"),
              "disagrees with `to`; leave direction out of moves with `to`");
    }
    s.direction = *direction;
  }
  SpeedAndDuration(r, node, path, length, s);
}

void ParseRotate(Reader& r, const YAML::Node& node, const std::string& path, const ObjectSpec& o,
                 const Timeline& t, Segment& s) {
  if (Has(node, "axis")) {
    s.axis = ReadDirection(r, Get(node, "axis"), Child(path, "axis"), o, t).value_or(s.axis);
  }
  r.Require(Get(node, "duration"), node, Child(path, "duration"), "duration (s)");
  const int given = Has(node, "speed") + Has(node, "speed_rad") + Has(node, "angle");
  if (given != 1) {
    r.Error(node, path, "a rotate segment needs exactly one of speed (deg/s), speed_rad, angle");
  }
  const auto angle = r.Number(Get(node, "angle"), Child(path, "angle"), NonNegative(36000.0));
  double rate = ReadAngle(r, node, path, "speed", NonNegative(36000.0), Finite(1000.0))
                    .value_or(angle ? Radians(*angle) / s.duration_s : 0.0);
  if (r.Word(Get(node, "sense"), Child(path, "sense"), {"ccw", "cw"}) == "cw") rate = -rate;
  if (std::abs(rate) > 1000.0) {
    r.Error(node, path,
            "this angle in this duration needs " + FormatNumber(rate) +
                " rad/s; rates must be within 1000 rad/s");
  }
  s.angular_speed = rate;
}

// Reports a segment that must travel but has no direction to travel along.
void NeedDirection(Reader& r, const YAML::Node& node, const std::string& path, const Timeline& t,
                   const Segment& s) {
  if (s.speed * s.duration_s > 0.0 && !t.Direction()) {
    r.Error(node, path,
            std::string("a ") + SegmentKindName(s.kind) +
                " needs a direction of travel: the object has not moved yet and has no front");
  }
}

void ParseTurn(Reader& r, const YAML::Node& node, const std::string& path, const Timeline& t,
               Segment& s) {
  r.Require(Get(node, "duration"), node, Child(path, "duration"), "duration (s)");
  if (!Has(node, "angle") && !Has(node, "angle_rad")) {
    r.Error(node, path, "missing: angle (degrees) of the turn");
  }
  double angle = ReadAngle(r, node, path, "angle", NonNegative(3600.0), Finite(100.0)).value_or(0);
  if (r.Word(Get(node, "direction"), Child(path, "direction"), {"left", "right"}) == "right") {
    angle = -angle;
  }
  s.turn_angle = angle;
  s.speed = r.Number(Get(node, "speed"), Child(path, "speed"), kSpeed)
                .value_or(std::min(t.Speed(), kSpeed.hi));
  NeedDirection(r, node, path, t, s);
}

void ParseSpeedChange(Reader& r, const YAML::Node& node, const std::string& path,
                      const ObjectSpec& o, const Timeline& t, Segment& s) {
  if (s.kind == Segment::Kind::kAccelerate) {
    r.Require(Get(node, "speed"), node, Child(path, "speed"), "speed (m/s) to reach");
  }
  r.Require(Get(node, "duration"), node, Child(path, "duration"), "duration (s)");
  s.speed = r.Number(Get(node, "speed"), Child(path, "speed"), kSpeed).value_or(0.0);
  if (Has(node, "direction")) {
    s.direction = ReadDirection(r, Get(node, "direction"), Child(path, "direction"), o, t)
                      .value_or(glm::dvec3(0.0));
  } else if (!t.Direction()) {
    r.Error(node, path,
            "needs a direction: the object has not moved yet and has no front; give direction");
  }
}

void ParseReverse(Reader& r, const YAML::Node& node, const std::string& path, const Timeline& t,
                  Segment& s) {
  r.Require(Get(node, "duration"), node, Child(path, "duration"), "duration (s)");
  s.speed = r.Number(Get(node, "speed"), Child(path, "speed"), kSpeed)
                .value_or(std::min(t.Speed(), kSpeed.hi));
  NeedDirection(r, node, path, t, s);
}

void ParseWaypoints(Reader& r, const YAML::Node& node, const std::string& path, const Timeline& t,
                    Segment& s) {
  const YAML::Node points = Get(node, "points");
  const std::string points_path = Child(path, "points");
  if (!points.IsSequence() || points.size() == 0 || points.size() > kMaxListLength) {
    r.Error(points.IsDefined() ? points : node, points_path,
            "expected a list of 1 to 1000 points [x, y] or [x, y, z]; found " + Describe(points));
    return;
  }
  double length = 0.0;
  glm::dvec3 last = t.End().X_WB.p;
  size_t i = 0;
  for (const YAML::Node& point : points) {
    const auto p = ReadPoint(r, point, Item(points_path, i++), last.z);
    if (!p) return;
    length += glm::length(*p - last);
    s.waypoints.push_back(*p);
    last = *p;
  }
  if (length < 1e-9) {
    r.Error(points, points_path, "the waypoints do not move the object (zero path length)");
    return;
  }
  SpeedAndDuration(r, node, path, length, s);
}

std::vector<std::string_view> SegmentKeys(Segment::Kind kind) {
  std::vector<std::string_view> keys = {"type", "duration", "easing", "face_motion"};
  switch (kind) {
    case Segment::Kind::kMove:
      keys.insert(keys.end(), {"direction", "speed", "to"});
      break;
    case Segment::Kind::kRotate:
      keys.insert(keys.end(), {"axis", "speed", "speed_rad", "angle", "sense"});
      break;
    case Segment::Kind::kTurn:
      keys.insert(keys.end(), {"angle", "angle_rad", "direction", "speed"});
      break;
    case Segment::Kind::kAccelerate:
    case Segment::Kind::kDecelerate:
      keys.insert(keys.end(), {"speed", "direction"});
      break;
    case Segment::Kind::kWaypoints:
      keys.insert(keys.end(), {"points", "speed"});
      break;
    case Segment::Kind::kReverse:
      keys.push_back("speed");
      break;
    case Segment::Kind::kWait:
      break;
  }
  return keys;
}

std::optional<Segment> ParseSegment(Reader& r, const YAML::Node& node, const std::string& path,
                                    const ObjectSpec& o, Timeline& t) {
  if (!node.IsMap()) {
    r.Error(node, path, "expected a segment mapping {type: ..., ...}; found " + Describe(node));
    return std::nullopt;
  }
  const YAML::Node type = Get(node, "type");
  if (!r.Require(type, node, Child(path, "type"),
                 "type (" + std::string("move, rotate, turn, "
                                        "accelerate, decelerate, wait, reverse or waypoints)"))) {
    return std::nullopt;
  }
  const auto kind = r.Word(type, Child(path, "type"), kSegmentKinds);
  if (!kind) return std::nullopt;
  Segment s;
  for (size_t i = 0; i < kSegmentKinds.size(); ++i) {
    if (kSegmentKinds[i] == *kind) s.kind = static_cast<Segment::Kind>(i);
  }
  const size_t errors = r.error_count();
  r.Keys(node, path, SegmentKeys(s.kind));
  if (r.Word(Get(node, "easing"), Child(path, "easing"), {"linear", "smooth"}) == "smooth") {
    s.easing = Easing::kSmooth;
  }
  s.face_motion = r.Bool(Get(node, "face_motion"), Child(path, "face_motion"))
                      .value_or(s.kind != Segment::Kind::kReverse);
  const bool own_duration = s.kind != Segment::Kind::kMove && s.kind != Segment::Kind::kWaypoints;
  if (own_duration) {
    s.duration_s =
        r.Number(Get(node, "duration"), Child(path, "duration"), kDuration).value_or(1.0);
  }
  switch (s.kind) {
    case Segment::Kind::kMove:
      ParseMove(r, node, path, o, t, s);
      break;
    case Segment::Kind::kRotate:
      ParseRotate(r, node, path, o, t, s);
      break;
    case Segment::Kind::kTurn:
      ParseTurn(r, node, path, t, s);
      break;
    case Segment::Kind::kAccelerate:
    case Segment::Kind::kDecelerate:
      ParseSpeedChange(r, node, path, o, t, s);
      break;
    case Segment::Kind::kReverse:
      ParseReverse(r, node, path, t, s);
      break;
    case Segment::Kind::kWaypoints:
      ParseWaypoints(r, node, path, t, s);
      break;
    case Segment::Kind::kWait:
      r.Require(Get(node, "duration"), node, Child(path, "duration"), "duration (s)");
      break;
  }
  if (r.error_count() != errors) return std::nullopt;
  t.Append(s);
  return s;
}

// A list of {t, <key>: [x, y, z]} (+ duration for forces) appended to `pushes`.
void ReadPushes(Reader& r, const YAML::Node& list, const std::string& path, const char* key,
                bool force, std::vector<Push>& pushes) {
  if (!list.IsDefined()) return;
  if (!list.IsSequence() || list.size() > kMaxListLength) {
    r.Error(list, path, "expected a list of up to 1000 mappings; found " + Describe(list));
    return;
  }
  size_t i = 0;
  for (const YAML::Node& item : list) {
    const std::string p = Item(path, i++);
    std::vector<std::string_view> keys = {"t", key};
    if (force) keys.push_back("duration");
    if (!r.Keys(item, p, keys)) continue;
    Push push;
    r.Require(Get(item, key), item, Child(p, key), std::string(key) + " vector [x, y, z]");
    push.t_s = r.Number(Get(item, "t"), Child(p, "t"), NonNegative(3600.0)).value_or(0.0);
    if (force) {
      r.Require(Get(item, "duration"), item, Child(p, "duration"), "duration (s)");
      push.duration_s =
          r.Number(Get(item, "duration"), Child(p, "duration"), kDuration).value_or(0.0);
    }
    if (const auto v = r.Vector(Get(item, key), Child(p, key), 3, 3, Finite(1e6))) {
      push.vector = glm::dvec3((*v)[0], (*v)[1], (*v)[2]);
    }
    pushes.push_back(push);
  }
}

void ParseDynamic(Reader& r, const YAML::Node& node, const std::string& path, ObjectSpec& o) {
  r.Keys(node, path,
         {"type", "velocity", "angular_velocity", "angular_velocity_rad", "impulses", "forces"});
  if (const auto v = r.Vector(Get(node, "velocity"), Child(path, "velocity"), 3, 3, Finite(1000))) {
    o.dynamic.linear_velocity = glm::dvec3((*v)[0], (*v)[1], (*v)[2]);
  }
  const YAML::Node deg = Get(node, "angular_velocity"), rad = Get(node, "angular_velocity_rad");
  if (deg.IsDefined() && rad.IsDefined()) {
    r.Error(rad, Child(path, "angular_velocity_rad"),
            "give angular_velocity (deg/s) or angular_velocity_rad, not both");
  } else if (const auto w = r.Vector(deg, Child(path, "angular_velocity"), 3, 3, Finite(36000))) {
    o.dynamic.angular_velocity = glm::dvec3(Radians((*w)[0]), Radians((*w)[1]), Radians((*w)[2]));
  } else if (const auto w_rad =
                 r.Vector(rad, Child(path, "angular_velocity_rad"), 3, 3, Finite(700))) {
    o.dynamic.angular_velocity = glm::dvec3((*w_rad)[0], (*w_rad)[1], (*w_rad)[2]);
  }
  ReadPushes(r, Get(node, "impulses"), Child(path, "impulses"), "impulse", false, o.dynamic.pushes);
  ReadPushes(r, Get(node, "forces"), Child(path, "forces"), "force", true, o.dynamic.pushes);
  std::stable_sort(o.dynamic.pushes.begin(), o.dynamic.pushes.end(),
                   [](const Push& a, const Push& b) { return a.t_s < b.t_s; });
}

void ParseScripted(Reader& r, const YAML::Node& node, const std::string& path, ObjectSpec& o) {
  r.Keys(node, path, {"type", "segments"});
  const YAML::Node segments = Get(node, "segments");
  const std::string segments_path = Child(path, "segments");
  if (!segments.IsSequence() || segments.size() == 0 || segments.size() > kMaxListLength) {
    r.Error(segments.IsDefined() ? segments : node, segments_path,
            "expected a list of 1 to 1000 segments; found " + Describe(segments));
    return;
  }
  Timeline t(o);  // o.segments is still empty: planned one by one as they resolve
  size_t i = 0;
  for (const YAML::Node& segment : segments) {
    if (auto s = ParseSegment(r, segment, Item(segments_path, i++), o, t)) {
      o.segments.push_back(std::move(*s));
    }
  }
}

}  // namespace

void ParseMotion(Context& c, ObjectDraft& d) {
  Reader& r = c.r;
  const YAML::Node node = Get(d.node, "motion");
  const std::string path = Child(d.path, "motion");
  ObjectSpec& o = d.spec;
  if (!node.IsDefined()) return;
  const std::vector<std::string_view> types = {"static", "dynamic", "scripted"};
  if (!node.IsMap()) {
    if (r.Word(node, path, {"static", "dynamic"}) == "dynamic") o.motion = MotionType::kDynamic;
    return;
  }
  const YAML::Node type = Get(node, "type");
  if (!r.Require(type, node, Child(path, "type"), "type (static, dynamic or scripted)")) return;
  const auto word = r.Word(type, Child(path, "type"), types);
  if (word == "static") r.Keys(node, path, {"type"});
  if (word == "dynamic") {
    o.motion = MotionType::kDynamic;
    ParseDynamic(r, node, path, o);
  }
  if (word == "scripted") {
    o.motion = MotionType::kScripted;
    ParseScripted(r, node, path, o);
  }
}

}  // namespace synth4d::spec::internal
