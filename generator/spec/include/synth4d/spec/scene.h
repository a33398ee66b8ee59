#pragma once
// ResolvedScene: a scene with every random choice made. It is what the simulator and renderer
// consume and what `resolved.yaml` stores; parsing that file again gives the same value.
// Units: metres, seconds, kilograms, radians (the YAML may use degrees where docs/scene-spec.md
// says so). Quaternions are (w, x, y, z). World: right-handed, Z up, ground plane z = 0.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "synth4d/assets/mesh_loader.h"

namespace synth4d::spec {

// sRGB colour in [0, 1]; `name` is the palette name ("red") or empty for a custom RGB value.
struct Color {
  glm::dvec3 srgb{0.5};
  std::string name;
  bool operator==(const Color&) const = default;
};

struct ClipSettings {
  double duration_s = 4.0;
  double fps = 30.0;
  int width = 448;
  int height = 448;
  uint64_t seed = 0;          // the clip's own seed (derived from the dataset seed and clip index)
  uint64_t dataset_seed = 0;  // the seed of the dataset the clip belongs to
  int clip_index = 0;
  bool operator==(const ClipSettings&) const = default;
};

enum class GroundPattern { kChecker, kGrid, kPlain };

struct Environment {
  double ground_size_m = 20.0;  // side of the square ground, centred at the origin
  GroundPattern ground_pattern = GroundPattern::kChecker;
  Color ground_color{{0.55, 0.55, 0.55}, "gray"};
  Color ground_color2{{0.35, 0.35, 0.35}, ""};  // second checker / grid-line colour
  double ground_tile_m = 1.0;                   // checker tile or grid spacing
  Color background{{0.60, 0.70, 0.85}, ""};
  glm::dvec3 sun_direction{-0.4, -0.3, -1.0};   // direction light travels (world), normalised
  double sun_intensity = 1.0;
  double ambient = 0.35;
  double gravity_mps2 = 9.81;                   // along -Z
  bool operator==(const Environment&) const = default;
};

enum class Shape { kBox, kSphere, kCylinder, kCone, kCapsule, kMesh };
enum class Material { kRubber, kMetal, kPlastic, kWood };
enum class MotionType { kStatic, kDynamic, kScripted };
enum class Easing { kLinear, kSmooth };  // smooth = smoothstep 3t^2 - 2t^3 on the segment

// An impulse (N s) or a constant force (N) applied to a dynamic body at its centre of mass.
struct Push {
  double t_s = 0.0;             // start time
  double duration_s = 0.0;      // 0 for an impulse
  glm::dvec3 vector{0.0};       // impulse in N s (duration 0) or force in N, world frame
  bool operator==(const Push&) const = default;
};

struct DynamicMotion {
  glm::dvec3 linear_velocity{0.0};   // m/s, world frame, at t = 0
  glm::dvec3 angular_velocity{0.0};  // rad/s, world frame, at t = 0
  std::vector<Push> pushes;
  bool operator==(const DynamicMotion&) const = default;
};

// One segment of a scripted timeline. Segments run back to back from t = 0; after the last one
// the body holds its final pose. The state carried between segments is the pose, the linear
// velocity (world) and the angular velocity (world). See docs/scene-spec.md for each kind.
// Timeline (spec/timeline.h) evaluates them: easing applies to the segment's progress (move /
// reverse distance, rotate angle, turn heading, accelerate speed, waypoint path length).
// face_motion yaws the body about world Z only: a move, a waypoint leg or an accelerate with a
// direction turns its front (else its last travel direction) to the travel heading at once; a
// turn rotates it with the heading; reverse and rotate never re-face it. z changes only where a
// direction, target or waypoint has a z component.
struct Segment {
  enum class Kind {
    kMove,        // constant velocity `direction * speed` (or eased to `target` when set)
    kRotate,      // spin about `axis` at `angular_speed` (rad/s, right-hand rule) in place
    kTurn,        // move at the current speed while the heading changes by `turn_angle` (rad, CCW+)
    kAccelerate,  // change speed along the current direction from the current value to `speed`
    kDecelerate,  // same as accelerate, to `speed` (default 0)
    kWait,        // stand still
    kReverse,     // move with the opposite of the current velocity
    kWaypoints,   // follow `waypoints` at `speed`, in order
  };
  Kind kind = Kind::kWait;
  double duration_s = 0.0;
  Easing easing = Easing::kLinear;
  glm::dvec3 direction{0.0};            // unit, world frame (move; accelerate/decelerate: the
                                        // given travel direction, or 0 to keep the current one)
  double speed = 0.0;                   // m/s (move, turn, accelerate, decelerate, waypoints,
                                        // reverse: 0 = the current speed)
  std::optional<glm::dvec3> target;     // move to this world position (move)
  glm::dvec3 axis{0.0, 0.0, 1.0};       // unit, world frame (rotate)
  double angular_speed = 0.0;           // rad/s, signed: + is CCW about `axis` (rotate)
  double turn_angle = 0.0;              // rad, + is a left (CCW seen from above) turn (turn)
  std::vector<glm::dvec3> waypoints;    // world positions (waypoints)
  bool face_motion = true;              // heading follows the direction of travel (objects with a front)
  bool operator==(const Segment&) const = default;
};

struct ObjectSpec {
  std::string name;
  Shape shape = Shape::kBox;
  std::string asset;                 // mesh file, absolute path after resolution (shape == kMesh)
  assets::UpAxis up_axis = assets::UpAxis::kZ;  // the asset's up axis, passed to assets::LoadMesh
  glm::dvec3 size{1.0};              // full extents of the body's bounding box in its own frame (m)
  Color color;
  Material material = Material::kRubber;
  double mass_kg = 1.0;
  double friction = 0.5;
  double restitution = 0.5;
  double linear_damping = 0.0;
  double angular_damping = 0.05;
  glm::dvec3 position{0.0};          // world position of the body's bounding-box centre
  glm::dquat orientation{1.0, 0.0, 0.0, 0.0};  // (w, x, y, z), world from body
  std::optional<glm::dvec3> front;   // unit body axis that points forward (a car's nose), if any
  MotionType motion = MotionType::kStatic;
  DynamicMotion dynamic;
  std::vector<Segment> segments;     // scripted timeline
  std::string prototype;             // prototype name when drawn from a list, else empty
  bool operator==(const ObjectSpec&) const = default;
};

// Camera path. One kind per camera; rates are signed where the docs say so. Paths start from
// CameraSpec position / look_at (sim::CameraAt evaluates them): pan_tilt turns the view about the
// camera (tilt stops 0.06° short of vertical); orbit rotates position and look_at about the
// vertical axis through orbit_center; dolly moves along the initial view direction, truck along
// the initial right axis, pedestal along world +Z, all with a fixed orientation; follow ignores
// position (it is the target's box centre + follow_offset) and looks at that centre.
struct CameraPath {
  enum class Kind { kStatic, kPanTilt, kOrbit, kDolly, kTruck, kPedestal, kFollow, kKeyframes };
  Kind kind = Kind::kStatic;
  double pan_rate = 0.0;       // rad/s, + turns the view to the left (CCW seen from above)
  double tilt_rate = 0.0;      // rad/s, + tilts the view up
  glm::dvec3 orbit_center{0.0};
  double orbit_rate = 0.0;     // rad/s, + is counter-clockwise seen from above
  double speed = 0.0;          // m/s: dolly (+ forward), truck (+ right), pedestal (+ up)
  std::string follow_target;   // object name (follow)
  glm::dvec3 follow_offset{0.0, -6.0, 3.0};  // camera position relative to the target (world axes)
  struct Keyframe {
    double t_s = 0.0;
    glm::dvec3 position{0.0};
    glm::dvec3 look_at{0.0};
    bool operator==(const Keyframe&) const = default;
  };
  std::vector<Keyframe> keyframes;  // sorted by time
  Easing interpolation = Easing::kLinear;
  bool operator==(const CameraPath&) const = default;
};

struct CameraSpec {
  std::string name;
  double vfov_rad = 0.8726646259971648;  // 50 degrees
  glm::dvec3 position{0.0, -8.0, 4.0};  // at t = 0
  glm::dvec3 look_at{0.0};              // at t = 0
  CameraPath path;
  bool operator==(const CameraSpec&) const = default;
};

// Question generation requested by the spec (`qa:`).
struct QaSettings {
  bool contrast_pairs = false;  // each clip also gets its mirrored twin, with paired questions
  bool operator==(const QaSettings&) const = default;
};

struct ResolvedScene {
  std::string source;      // spec file the scene was resolved from (for messages)
  std::string spec_key;    // stable spec name used in clip keys and seeds (file stem)
  ClipSettings clip;
  Environment environment;
  std::vector<ObjectSpec> objects;
  std::vector<CameraSpec> cameras;  // at least one
  QaSettings qa;
  bool operator==(const ResolvedScene&) const = default;
};

// Name of a shape / material / motion type as written in YAML ("box", "rubber", "scripted").
const char* ShapeName(Shape s);
const char* MaterialName(Material m);
const char* MotionTypeName(MotionType m);
const char* SegmentKindName(Segment::Kind k);
const char* CameraPathKindName(CameraPath::Kind k);

// Number of output frames of a clip: round(duration_s * fps).
int FrameCount(const ClipSettings& clip);

}  // namespace synth4d::spec
