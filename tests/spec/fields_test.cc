// Every key of the spec language, read from inline specs (docs/scene-spec.md).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "synth4d/core/rng.h"
#include "synth4d/spec/loader.h"
#include "synth4d/spec/palette.h"
#include "test_util.h"

namespace synth4d::spec {
namespace {

using testing::Resolve;
using testing::StubOptions;
constexpr double kPi = std::numbers::pi;
constexpr double kEps = 1e-12;

void ExpectVec(const glm::dvec3& actual, const glm::dvec3& expected, double tol = kEps) {
  EXPECT_NEAR(actual.x, expected.x, tol);
  EXPECT_NEAR(actual.y, expected.y, tol);
  EXPECT_NEAR(actual.z, expected.z, tol);
}

TEST(FieldsTest, DefaultsForAnEmptySpec) {
  const ResolvedScene s = Resolve("objects: []");
  EXPECT_EQ(s.clip.duration_s, 4.0);
  EXPECT_EQ(s.clip.fps, 30.0);
  EXPECT_EQ(s.clip.width, 448);
  Environment defaults;
  ExpectVec(s.environment.sun_direction, glm::normalize(defaults.sun_direction));
  defaults.sun_direction = s.environment.sun_direction;  // the parser normalises the default
  EXPECT_EQ(s.environment, defaults);
  ASSERT_EQ(s.cameras.size(), 1u);
  EXPECT_EQ(s.cameras[0].name, "main");
  EXPECT_EQ(s.spec_key, "test");
  EXPECT_EQ(s.source, "test.yaml");
  EXPECT_EQ(s.clip.seed, core::ClipSeed(0, "test", 0));
}

TEST(FieldsTest, ClipAndSeeds) {
  const char* yaml = "clip: {duration: 2.5, fps: 24, width: 320, height: 240, seed: 11}";
  const ResolvedScene s = Resolve(yaml);
  EXPECT_EQ(s.clip.duration_s, 2.5);
  EXPECT_EQ(s.clip.fps, 24.0);
  EXPECT_EQ(s.clip.width, 320);
  EXPECT_EQ(s.clip.height, 240);
  EXPECT_EQ(s.clip.dataset_seed, 11u);
  EXPECT_EQ(s.clip.seed, core::ClipSeed(11, "test", 0));
  ResolveOptions options = StubOptions();
  options.dataset_seed = 5;
  options.clip_index = 3;
  const ResolvedScene t = Resolve(yaml, options);
  EXPECT_EQ(t.clip.dataset_seed, 5u);
  EXPECT_EQ(t.clip.clip_index, 3);
  EXPECT_EQ(t.clip.seed, core::ClipSeed(5, "test", 3));
  EXPECT_EQ(Resolve("clip: {resolution: [640, 480]}").clip.height, 480);
}

TEST(FieldsTest, ResolvedBlockPinsIdentity) {
  const ResolvedScene s = Resolve(R"(
resolved: {source: scenes/x.yaml, spec_key: x, clip_index: 4, clip_seed: 123}
clip: {seed: 9}
)");
  EXPECT_EQ(s.source, "scenes/x.yaml");
  EXPECT_EQ(s.spec_key, "x");
  EXPECT_EQ(s.clip.clip_index, 4);
  EXPECT_EQ(s.clip.seed, 123u);
  EXPECT_EQ(s.clip.dataset_seed, 9u);
}

TEST(FieldsTest, Environment) {
  const Environment e = Resolve(R"(
environment:
  ground: {size: 30, pattern: grid, color: white, color2: [0.1, 0.2, 0.3], tile: 0.5}
  background: {name: sky, rgb: [0.5, 0.6, 0.9]}
  sun: {direction: [0, 0, -2], intensity: 2}
  ambient: 0.2
  gravity: 1.62
)")
                            .environment;
  EXPECT_EQ(e.ground_size_m, 30.0);
  EXPECT_EQ(e.ground_pattern, GroundPattern::kGrid);
  EXPECT_EQ(e.ground_color, *PaletteColor("white"));
  EXPECT_EQ(e.ground_color2.srgb, glm::dvec3(0.1, 0.2, 0.3));
  EXPECT_EQ(e.ground_color2.name, "");
  EXPECT_EQ(e.ground_tile_m, 0.5);
  EXPECT_EQ(e.background.name, "sky");
  EXPECT_EQ(e.sun_direction, glm::dvec3(0, 0, -1));
  EXPECT_EQ(e.sun_intensity, 2.0);
  EXPECT_EQ(e.ambient, 0.2);
  EXPECT_EQ(e.gravity_mps2, 1.62);
  // Azimuth is where the sun is (CCW from +x), elevation above the horizon; light travels away.
  const glm::dvec3 d =
      Resolve("environment: {sun: {azimuth: 90, elevation: 30}}").environment.sun_direction;
  ExpectVec(d, {0.0, -std::cos(kPi / 6), -0.5});
}

TEST(FieldsTest, PrimitiveSizesAndRestingHeights) {
  const ResolvedScene s = Resolve(R"(
objects:
  - {name: cube, shape: box, size: 0.5, position: [0, 0]}
  - {name: brick, size: [1, 0.5, 0.2], position: [2, 0]}
  - {name: ball, shape: sphere, radius: 0.3, position: [4, 0]}
  - {name: ball2, shape: sphere, size: 0.4, position: [6, 0]}
  - {name: can, shape: cylinder, radius: 0.2, height: 0.6, position: [8, 0]}
  - {name: log, shape: cylinder, radius: 0.2, height: 0.6, orientation: {roll: 90}, position: [0, 3]}
  - {name: pill, shape: capsule, radius: 0.1, height: 0.5, position: [2, 3]}
  - {name: cone, shape: cone, radius: 0.3, height: 0.8, position: [4, 3]}
  - {name: flipped, shape: cone, radius: 0.3, height: 0.8, orientation: {pitch: 180}, position: [6, 3]}
  - {name: standing, size: [1, 0.5, 0.2], orientation: {pitch: 90}, position: [8, 3]}
  - {name: high, shape: box, size: 0.5, position: [0, 6, 2]}
)");
  ASSERT_EQ(s.objects.size(), 11u);
  EXPECT_EQ(s.objects[0].size, glm::dvec3(0.5));
  EXPECT_EQ(s.objects[0].position, glm::dvec3(0, 0, 0.25));
  EXPECT_EQ(s.objects[1].shape, Shape::kBox);  // the default shape
  EXPECT_EQ(s.objects[1].position.z, 0.1);
  EXPECT_EQ(s.objects[2].size, glm::dvec3(0.6));
  EXPECT_EQ(s.objects[2].position.z, 0.3);
  EXPECT_EQ(s.objects[3].size, glm::dvec3(0.4));
  EXPECT_EQ(s.objects[4].size, glm::dvec3(0.4, 0.4, 0.6));
  EXPECT_NEAR(s.objects[4].position.z, 0.3, kEps);
  EXPECT_NEAR(s.objects[5].position.z, 0.2, kEps);  // lying on its side: rests on its radius
  EXPECT_EQ(s.objects[6].size, glm::dvec3(0.2, 0.2, 0.5));
  EXPECT_NEAR(s.objects[6].position.z, 0.25, kEps);
  EXPECT_NEAR(s.objects[7].position.z, 0.4, kEps);
  EXPECT_NEAR(s.objects[8].position.z, 0.4, kEps);  // apex down: still half the height
  EXPECT_NEAR(s.objects[9].position.z, 0.5, kEps);  // standing on its 0.5 x 0.2 end
  EXPECT_EQ(s.objects[10].position, glm::dvec3(0, 6, 2));
}

TEST(FieldsTest, MeshAssetsScaleAndUpAxis) {
  // The stub mesh has extents [2, 1, 0.5].
  const ResolvedScene s = Resolve(R"(
objects:
  - {name: a, shape: mesh, asset: meshes/car.gltf, position: [0, 0]}
  - {name: b, shape: mesh, asset: meshes/car.ply, scale: 0.5, position: [3, 0]}
  - {name: c, shape: mesh, asset: /abs/mesh.glb, up_axis: z, scale: [1, 2, 4], position: [6, 0]}
  - {name: d, shape: mesh, asset: mesh.obj, size: 1, position: [9, 0]}
  - {name: e, shape: mesh, asset: mesh.obj, size: [1, 1, 1], position: [12, 0]}
)");
  const std::string dir = std::filesystem::current_path().string();
  EXPECT_EQ(s.objects[0].asset, dir + "/meshes/car.gltf");
  EXPECT_EQ(s.objects[0].up_axis, assets::UpAxis::kY);
  EXPECT_EQ(s.objects[0].size, glm::dvec3(2, 1, 0.5));
  EXPECT_EQ(s.objects[0].position.z, 0.25);
  EXPECT_EQ(s.objects[1].up_axis, assets::UpAxis::kZ);
  EXPECT_EQ(s.objects[1].size, glm::dvec3(1, 0.5, 0.25));
  EXPECT_EQ(s.objects[2].asset, "/abs/mesh.glb");
  EXPECT_EQ(s.objects[2].up_axis, assets::UpAxis::kZ);
  EXPECT_EQ(s.objects[2].size, glm::dvec3(2, 2, 2));
  EXPECT_EQ(s.objects[3].size, glm::dvec3(1, 0.5, 0.25));  // longest side fitted to 1 m
  EXPECT_EQ(s.objects[4].size, glm::dvec3(1, 1, 1));
}

TEST(FieldsTest, AssetPathsAreRelativeToTheSpecFile) {
  auto s =
      ResolveSpecString("objects: [{name: a, shape: mesh, asset: m/mesh.ply, position: [0, 0]}]",
                        "/data/specs/x.yaml", StubOptions());
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(s->objects[0].asset, "/data/specs/m/mesh.ply");
  EXPECT_EQ(s->spec_key, "x");
}

TEST(FieldsTest, ColoursMaterialsAndPhysics) {
  const ResolvedScene s = Resolve(R"(
objects:
  - {name: a, color: red, material: metal, size: 0.1, position: [0, 0]}
  - {name: b, color: [0.1, 0.2, 0.3], material: wood, mass: 2, friction: 0.3, restitution: 0.1,
     damping: {linear: 0.2, angular: 0.3}, position: [1, 0]}
  - {name: c, color: {name: teal, rgb: [0, 0.5, 0.5]}, material: plastic, position: [3, 0]}
  - {name: d, color: {name: blue}, shape: sphere, radius: 0.5, position: [5, 0]}
)");
  const auto& o = s.objects;
  EXPECT_EQ(o[0].color, *PaletteColor("red"));
  EXPECT_EQ(o[0].material, Material::kMetal);
  EXPECT_NEAR(o[0].mass_kg, 7800 * 0.001, 1e-9);  // density x volume
  EXPECT_EQ(o[0].friction, 0.4);
  EXPECT_EQ(o[0].restitution, 0.4);
  EXPECT_EQ(o[0].linear_damping, 0.0);
  EXPECT_EQ(o[0].angular_damping, 0.05);
  EXPECT_EQ(o[1].color.srgb, glm::dvec3(0.1, 0.2, 0.3));
  EXPECT_EQ(o[1].mass_kg, 2.0);
  EXPECT_EQ(o[1].friction, 0.3);
  EXPECT_EQ(o[1].restitution, 0.1);
  EXPECT_EQ(o[1].linear_damping, 0.2);
  EXPECT_EQ(o[1].angular_damping, 0.3);
  EXPECT_EQ(o[2].color.name, "teal");
  EXPECT_EQ(o[2].material, Material::kPlastic);
  EXPECT_EQ(o[3].color, *PaletteColor("blue"));
  EXPECT_EQ(o[3].material, Material::kRubber);  // the default material
  EXPECT_NEAR(o[3].mass_kg, 1100 * 4.0 / 3.0 * kPi * 0.125, 1e-9);
  EXPECT_EQ(o[3].friction, 0.9);
}

TEST(FieldsTest, OrientationAndFront) {
  const ResolvedScene s = Resolve(R"(
objects:
  - {name: a, orientation: {yaw: 90}, front: +x, position: [0, 0]}
  - {name: b, orientation: {quaternion: [2, 0, 0, 0]}, front: [0, -2, 0], position: [3, 0]}
  - {name: c, orientation: {yaw: 30, pitch: 20, roll: 10}, front: -y, position: [6, 0, 3]}
)");
  const auto& o = s.objects;
  ExpectVec(o[0].orientation * glm::dvec3(1, 0, 0), {0, 1, 0});
  EXPECT_EQ(*o[0].front, glm::dvec3(1, 0, 0));
  EXPECT_EQ(o[1].orientation, glm::dquat(1, 0, 0, 0));
  EXPECT_EQ(*o[1].front, glm::dvec3(0, -1, 0));
  const glm::dquat expected = glm::angleAxis(kPi / 6, glm::dvec3(0, 0, 1)) *
                              glm::angleAxis(kPi / 9, glm::dvec3(0, 1, 0)) *
                              glm::angleAxis(kPi / 18, glm::dvec3(1, 0, 0));
  EXPECT_NEAR(std::abs(glm::dot(o[2].orientation, expected)), 1.0, kEps);
  EXPECT_EQ(*o[2].front, glm::dvec3(0, -1, 0));
  EXPECT_FALSE(Resolve("objects: [{name: a, position: [0, 0]}]").objects[0].front.has_value());
}

TEST(FieldsTest, DynamicMotion) {
  const ObjectSpec o = Resolve(R"(
objects:
  - name: ball
    shape: sphere
    position: [0, 0, 1]
    motion:
      type: dynamic
      velocity: [1, 2, 3]
      angular_velocity: [0, 0, 180]
      impulses: [{t: 1.5, impulse: [0, 0, 5]}, {t: 0.5, impulse: [1, 0, 0]}]
      forces: [{t: 1.0, duration: 0.25, force: [0, 3, 0]}]
)")
                           .objects[0];
  EXPECT_EQ(o.motion, MotionType::kDynamic);
  EXPECT_EQ(o.dynamic.linear_velocity, glm::dvec3(1, 2, 3));
  ExpectVec(o.dynamic.angular_velocity, {0, 0, kPi});
  ASSERT_EQ(o.dynamic.pushes.size(), 3u);  // sorted by time
  EXPECT_EQ(o.dynamic.pushes[0], (Push{0.5, 0.0, {1, 0, 0}}));
  EXPECT_EQ(o.dynamic.pushes[1], (Push{1.0, 0.25, {0, 3, 0}}));
  EXPECT_EQ(o.dynamic.pushes[2], (Push{1.5, 0.0, {0, 0, 5}}));
  const ResolvedScene short_forms = Resolve(R"(
objects:
  - {name: a, motion: dynamic, position: [0, 0]}
  - {name: b, motion: static, position: [2, 0]}
  - {name: c, motion: {type: static}, position: [4, 0]}
  - {name: d, position: [6, 0]}
)");
  EXPECT_EQ(short_forms.objects[0].motion, MotionType::kDynamic);
  for (int i = 1; i < 4; ++i) EXPECT_EQ(short_forms.objects[i].motion, MotionType::kStatic);
}

TEST(FieldsTest, MoveSegments) {
  const ObjectSpec o = Resolve(R"(
objects:
  - name: car
    size: [1, 0.5, 0.4]
    front: +x
    orientation: {yaw: 90}
    position: [0, 0]
    motion:
      type: scripted
      segments:
        - {type: move, direction: forward, speed: 2, duration: 1}
        - {type: move, direction: -x, speed: 1, duration: 2, easing: smooth, face_motion: false}
        - {type: move, to: [-2, 5], speed: 1.5}
        - {type: move, to: [-2, 2, 0.2], duration: 2}
        - {type: move, direction: [0, 3, 4], speed: 1, duration: 1}
)")
                           .objects[0];
  ASSERT_EQ(o.segments.size(), 5u);
  const Segment* s = o.segments.data();
  EXPECT_EQ(s[0].kind, Segment::Kind::kMove);
  ExpectVec(s[0].direction, {0, 1, 0});  // the front (+x) turned by yaw 90
  EXPECT_EQ(s[0].speed, 2.0);
  EXPECT_EQ(s[0].duration_s, 1.0);
  EXPECT_FALSE(s[0].target.has_value());
  EXPECT_TRUE(s[0].face_motion);
  EXPECT_EQ(s[1].direction, glm::dvec3(-1, 0, 0));
  EXPECT_EQ(s[1].easing, Easing::kSmooth);
  EXPECT_FALSE(s[1].face_motion);
  // Start of segment 2: (0, 0) + 2 m along +y, then 2 m along -x = (-2, 2); to (-2, 5): 3 m.
  EXPECT_EQ(*s[2].target, glm::dvec3(-2, 5, 0.2));  // z kept from the current position
  ExpectVec(s[2].direction, {0, 1, 0});
  EXPECT_NEAR(s[2].duration_s, 2.0, kEps);
  EXPECT_EQ(s[2].speed, 1.5);
  EXPECT_NEAR(s[3].speed, 1.5, kEps);  // 3 m back in 2 s
  ExpectVec(s[3].direction, {0, -1, 0});
  ExpectVec(s[4].direction, {0, 0.6, 0.8});
}

TEST(FieldsTest, RotateTurnAndSpeedSegments) {
  const ObjectSpec o = Resolve(R"(
objects:
  - name: car
    front: +x
    size: [1, 0.5, 0.4]
    position: [0, 0]
    motion:
      type: scripted
      segments:
        - {type: accelerate, speed: 2, duration: 1}
        - {type: turn, angle: 90, direction: left, duration: 1}
        - {type: move, direction: forward, speed: 1, duration: 1}
        - {type: turn, angle: 45, direction: right, duration: 2, speed: 0.5}
        - {type: decelerate, duration: 1}
        - {type: rotate, axis: +z, speed: 90, sense: cw, duration: 1}
        - {type: rotate, axis: [1, 0, 0], angle: 180, duration: 2}
        - {type: wait, duration: 0.5}
        - {type: reverse, duration: 1}
)")
                           .objects[0];
  ASSERT_EQ(o.segments.size(), 9u);
  const Segment* s = o.segments.data();
  EXPECT_EQ(s[0].kind, Segment::Kind::kAccelerate);
  EXPECT_EQ(s[0].direction, glm::dvec3(0.0));  // none given: along the front (current direction)
  EXPECT_EQ(s[0].speed, 2.0);
  EXPECT_EQ(s[1].kind, Segment::Kind::kTurn);
  EXPECT_NEAR(s[1].turn_angle, kPi / 2, kEps);
  EXPECT_EQ(s[1].speed, 2.0);                      // the current speed
  EXPECT_EQ(s[2].direction, glm::dvec3(0, 1, 0));  // forward after a left turn
  EXPECT_NEAR(s[3].turn_angle, -kPi / 4, kEps);
  EXPECT_EQ(s[3].speed, 0.5);
  EXPECT_EQ(s[4].kind, Segment::Kind::kDecelerate);
  EXPECT_EQ(s[4].speed, 0.0);
  EXPECT_EQ(s[4].direction, glm::dvec3(0.0));
  EXPECT_EQ(s[5].kind, Segment::Kind::kRotate);
  EXPECT_EQ(s[5].axis, glm::dvec3(0, 0, 1));
  EXPECT_NEAR(s[5].angular_speed, -kPi / 2, kEps);  // clockwise seen from +z is negative
  EXPECT_EQ(s[6].axis, glm::dvec3(1, 0, 0));
  EXPECT_NEAR(s[6].angular_speed, kPi / 2, kEps);  // 180 degrees in 2 s
  EXPECT_EQ(s[7].kind, Segment::Kind::kWait);
  EXPECT_EQ(s[7].duration_s, 0.5);
  EXPECT_EQ(s[8].kind, Segment::Kind::kReverse);
  EXPECT_FALSE(s[8].face_motion);  // backing up keeps the heading
  EXPECT_EQ(s[8].speed, 0.5);      // at rest after the wait: the last cruise speed (turn)
}

TEST(FieldsTest, WaypointsSegment) {
  const ObjectSpec o = Resolve(R"(
objects:
  - name: ball
    shape: sphere
    radius: 0.5
    position: [0, 0]
    motion:
      type: scripted
      segments:
        - {type: waypoints, points: [[3, 0], [3, 4, 1]], speed: 2}
        - {type: waypoints, points: [[0, 0, 0.5]], duration: 10}
)")
                           .objects[0];
  const Segment* s = o.segments.data();
  ASSERT_EQ(s[0].waypoints.size(), 2u);
  EXPECT_EQ(s[0].waypoints[0], glm::dvec3(3, 0, 0.5));
  EXPECT_EQ(s[0].waypoints[1], glm::dvec3(3, 4, 1));
  const double length = 3.0 + std::sqrt(16.0 + 0.25);
  EXPECT_NEAR(s[0].duration_s, length / 2.0, kEps);
  const double back = std::sqrt(9.0 + 16.0 + 0.25);
  EXPECT_NEAR(s[1].speed, back / 10.0, kEps);
}

TEST(FieldsTest, CamerasAndPaths) {
  const ResolvedScene s = Resolve(R"(
objects:
  - {name: car, size: [1, 0.5, 0.4], position: [2, 1]}
cameras:
  - {name: a, fov: 60, position: [0, -5, 2], look_at: [0, 0, 1]}
  - {name: b, fov_rad: 0.5}
  - {name: c, focal_length_mm: 50, sensor_height_mm: 24, path: {type: pan_tilt, pan_rate: 10, tilt_rate: -5}}
  - {name: d, position: [5, 0, 3], look_at: [0, 0, 1], path: {type: orbit, rate: 30, sense: cw}}
  - {name: e, position: [5, 0, 3], path: {type: orbit, center: [1, 1, 0], rate_rad: 0.25}}
  - {name: f, path: {type: dolly, speed: 0.5}}
  - {name: g, path: {type: truck, speed: -0.5}}
  - {name: h, path: {type: pedestal, speed: 0.2}}
  - {name: i, path: {type: follow, target: car, offset: [0, -4, 2]}}
  - name: j
    path:
      type: keyframes
      interpolation: smooth
      keys:
        - {t: 0, position: [0, -6, 3], look_at: [0, 0, 0]}
        - {t: 2, position: [6, 0, 3], look_at: [0, 0, 1]}
)",
                                  StubOptions());
  ASSERT_FALSE(s.cameras.empty());
  auto cam = [&](const std::string& name) {
    for (const CameraSpec& c : s.cameras) {
      if (c.name == name) return c;
    }
    ADD_FAILURE() << "no camera " << name;
    return CameraSpec{};
  };
  EXPECT_NEAR(cam("a").vfov_rad, kPi / 3, kEps);
  EXPECT_EQ(cam("a").position, glm::dvec3(0, -5, 2));
  EXPECT_EQ(cam("a").look_at, glm::dvec3(0, 0, 1));
  EXPECT_EQ(cam("a").path.kind, CameraPath::Kind::kStatic);
  EXPECT_EQ(cam("b").vfov_rad, 0.5);
  EXPECT_NEAR(cam("c").vfov_rad, 2 * std::atan(12.0 / 50.0), kEps);
  EXPECT_EQ(cam("c").path.kind, CameraPath::Kind::kPanTilt);
  EXPECT_NEAR(cam("c").path.pan_rate, kPi / 18, kEps);
  EXPECT_NEAR(cam("c").path.tilt_rate, -kPi / 36, kEps);
  EXPECT_NEAR(cam("d").path.orbit_rate, -kPi / 6, kEps);
  EXPECT_EQ(cam("d").path.orbit_center, glm::dvec3(0, 0, 1));  // defaults to look_at
  EXPECT_EQ(cam("e").path.orbit_center, glm::dvec3(1, 1, 0));
  EXPECT_EQ(cam("e").path.orbit_rate, 0.25);
  EXPECT_EQ(cam("f").path.kind, CameraPath::Kind::kDolly);
  EXPECT_EQ(cam("f").path.speed, 0.5);
  EXPECT_EQ(cam("g").path.kind, CameraPath::Kind::kTruck);
  EXPECT_EQ(cam("h").path.kind, CameraPath::Kind::kPedestal);
  EXPECT_EQ(cam("i").path.follow_target, "car");
  EXPECT_EQ(cam("i").look_at, glm::dvec3(2, 1, 0.2));
  EXPECT_EQ(cam("i").position, glm::dvec3(2, -3, 2.2));
  EXPECT_EQ(cam("j").path.kind, CameraPath::Kind::kKeyframes);
  EXPECT_EQ(cam("j").path.interpolation, Easing::kSmooth);
  ASSERT_EQ(cam("j").path.keyframes.size(), 2u);
  EXPECT_EQ(cam("j").position, glm::dvec3(0, -6, 3));  // the first key
  EXPECT_EQ(cam("j").path.keyframes[1].look_at, glm::dvec3(0, 0, 1));
}

TEST(FieldsTest, QaAndDatasetSections) {
  EXPECT_FALSE(Resolve("objects: []\n").qa.contrast_pairs);
  const ResolvedScene s =
      Resolve("qa: {contrast_pairs: true}\ndataset: {held_out: [{color: red}]}\n");
  EXPECT_TRUE(s.qa.contrast_pairs);
  EXPECT_TRUE(s.objects.empty());
  const std::vector<core::Issue> issues = testing::Issues("qa: {templates: [a]}\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].field, "qa.templates");
}

}  // namespace
}  // namespace synth4d::spec
