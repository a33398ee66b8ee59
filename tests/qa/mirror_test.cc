// Contrast pairs: a mirrored scene flips left/right, clockwise/counter-clockwise and camera pan /
// orbit senses, keeps toward/away, and GenerateTwinQa pairs the questions. The truth of both
// scenes comes from the simulator's scripted timelines and camera paths.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "qa_test_util.h"
#include "synth4d/qa/contrast.h"
#include "synth4d/sim/camera_path.h"
#include "synth4d/sim/timeline.h"
#include "synth4d/truth/build.h"

namespace synth4d::qa {
namespace {

using testing::Eval;
using testing::Shipped;
using testing::ValueOf;

spec::ObjectSpec Object(std::string name, spec::Shape shape, std::string colour, glm::dvec3 p,
                        std::vector<spec::Segment> segments, glm::dvec3 size = glm::dvec3(0.5)) {
  spec::ObjectSpec o;
  o.name = std::move(name);
  o.shape = shape;
  o.color.name = std::move(colour);
  o.position = p;
  o.size = size;
  o.motion = segments.empty() ? spec::MotionType::kStatic : spec::MotionType::kScripted;
  o.segments = std::move(segments);
  return o;
}

spec::Segment Move(glm::dvec3 direction, double speed) {
  spec::Segment s;
  s.kind = spec::Segment::Kind::kMove;
  s.duration_s = 4.0;
  s.direction = direction;
  s.speed = speed;
  return s;
}

spec::Segment Rotate(double rate) {
  spec::Segment s;
  s.kind = spec::Segment::Kind::kRotate;
  s.duration_s = 4.0;
  s.axis = {0, 0, 1};
  s.angular_speed = rate;
  return s;
}

spec::Segment Turn(double speed, double angle) {
  spec::Segment s;
  s.kind = spec::Segment::Kind::kTurn;
  s.duration_s = 4.0;
  s.speed = speed;
  s.turn_angle = angle;
  return s;
}

spec::ResolvedScene BaseScene() {
  spec::ResolvedScene s;
  s.spec_key = "contrast";
  s.clip.seed = 11;
  spec::CameraSpec cam;
  cam.name = "front";
  cam.position = {1.0, -8.0, 4.0};  // off the world axes: the mirror plane is oblique
  cam.look_at = {0.3, 0.0, 0.0};
  s.cameras.push_back(cam);
  s.objects.push_back(
      Object("red_cube", spec::Shape::kBox, "red", {-1.2, 0, 0.25}, {Move({1, 0, 0}, 0.7)}));
  s.objects.push_back(Object("green_ball", spec::Shape::kSphere, "green", {0.4, 2.5, 0.25},
                             {Move({0.1, -1, 0}, 1.2)}));
  s.objects.push_back(Object("blue_cube", spec::Shape::kBox, "blue", {1.8, 1.5, 0.5}, {Rotate(0.9)},
                             glm::dvec3(1.0)));
  spec::ObjectSpec car = Object("car", spec::Shape::kBox, "gray", {-1.5, -1.5, 0.2},
                                {Turn(0.8, 1.5)}, {0.8, 0.4, 0.3});
  car.front = glm::dvec3(1, 0, 0);
  car.material = spec::Material::kMetal;
  s.objects.push_back(car);
  return s;
}

// Geometry-only truth of camera 0 from the scripted timelines and the camera path.
truth::VideoTruth TruthOf(const spec::ResolvedScene& scene) {
  sim::SimTrace trace;
  trace.fps = scene.clip.fps;
  for (int i = 0; i < spec::FrameCount(scene.clip); ++i) {
    sim::FrameRecord record;
    record.t_s = i / scene.clip.fps;
    for (const spec::ObjectSpec& o : scene.objects) {
      record.bodies.push_back(sim::EvaluateTimeline(o, record.t_s));
    }
    for (const spec::CameraSpec& c : scene.cameras) {
      record.cameras.push_back(sim::CameraAt(c, scene.clip, record.t_s));
    }
    trace.frames.push_back(record);
  }
  return truth::BuildVideoTruth(scene, trace, 0, "");
}

TEST(MirrorScene, KeepsTheFirstViewAndIsAnInvolution) {
  const spec::ResolvedScene s = BaseScene();
  const spec::ResolvedScene m = MirrorScene(s);
  EXPECT_EQ(m.spec_key, "contrast-mirror");
  EXPECT_NEAR(glm::length(m.cameras[0].position - s.cameras[0].position), 0.0, 1e-12);
  EXPECT_NEAR(glm::length(m.cameras[0].look_at - s.cameras[0].look_at), 0.0, 1e-12);
  const spec::ResolvedScene back = MirrorScene(m);
  for (size_t i = 0; i < s.objects.size(); ++i) {
    EXPECT_NEAR(glm::length(back.objects[i].position - s.objects[i].position), 0.0, 1e-12);
    EXPECT_NEAR(std::abs(glm::dot(back.objects[i].orientation, s.objects[i].orientation)), 1.0,
                1e-12);
    for (size_t k = 0; k < s.objects[i].segments.size(); ++k) {
      const spec::Segment &x = back.objects[i].segments[k], &y = s.objects[i].segments[k];
      EXPECT_NEAR(glm::length(x.direction - y.direction), 0.0, 1e-12);
      EXPECT_NEAR(glm::length(x.axis - y.axis), 0.0, 1e-12);
      EXPECT_EQ(x.angular_speed, y.angular_speed);
      EXPECT_EQ(x.turn_angle, y.turn_angle);
    }
  }
}

TEST(MirrorScene, FlipsSidesAndSensesKeepsDepth) {
  const spec::ResolvedScene scene = BaseScene();
  const truth::VideoTruth a = TruthOf(scene);
  const truth::VideoTruth b = TruthOf(MirrorScene(scene));
  auto both = [&](const std::string& tmpl, int object) {
    return std::make_pair(ValueOf(Eval(a, Shipped(tmpl), {object})),
                          ValueOf(Eval(b, Shipped(tmpl), {object})));
  };
  EXPECT_EQ(both("translation_camera", 0),
            std::make_pair(std::string("right"), std::string("left")));
  EXPECT_EQ(both("translation_camera", 1),
            std::make_pair(std::string("toward"), std::string("toward")));
  EXPECT_EQ(both("rotation_above", 2),
            std::make_pair(std::string("counter_clockwise"), std::string("clockwise")));
  EXPECT_EQ(both("translation_object_turn", 3),
            std::make_pair(std::string("left"), std::string("right")));
  // Image x is mirrored about the image centre at the first frame (the camera is unchanged).
  const double u_a = a.frames[0][0].centre_px->x;
  EXPECT_NEAR(u_a - a.K.cx, -(b.frames[0][0].centre_px->x - b.K.cx), 1e-6);
}

TEST(MirrorScene, FlipsCameraPansAndOrbits) {
  auto motion = [](spec::CameraPath path) {
    spec::ResolvedScene s = BaseScene();
    s.cameras[0].path = path;
    const std::string a = ValueOf(Eval(TruthOf(s), Shipped("camera_motion"), {}));
    const std::string b = ValueOf(Eval(TruthOf(MirrorScene(s)), Shipped("camera_motion"), {}));
    return a + "/" + b;
  };
  spec::CameraPath pan;
  pan.kind = spec::CameraPath::Kind::kPanTilt;
  pan.pan_rate = 0.15;
  EXPECT_EQ(motion(pan), "pan_left/pan_right");
  spec::CameraPath orbit;
  orbit.kind = spec::CameraPath::Kind::kOrbit;
  orbit.orbit_center = {0.3, 0, 0};
  orbit.orbit_rate = -0.2;
  EXPECT_EQ(motion(orbit), "orbit_clockwise/orbit_counter_clockwise");
  spec::CameraPath dolly;
  dolly.kind = spec::CameraPath::Kind::kDolly;
  dolly.speed = 0.6;
  EXPECT_EQ(motion(dolly), "forward/forward");
}

TEST(GenerateTwinQa, PairsFlippedAnswersWithIdenticalChoices) {
  const spec::ResolvedScene scene = BaseScene();
  const truth::VideoTruth a = TruthOf(scene);
  const truth::VideoTruth b = TruthOf(MirrorScene(scene));
  EXPECT_NE(a.clip.key, b.clip.key);
  QaOptions options;
  options.contrast_pairs = true;
  std::vector<QaItem> original = GenerateQa(a, testing::ShippedTemplates(), options);
  std::vector<std::string> mismatches;
  const std::vector<QaItem> twin =
      GenerateTwinQa(b, testing::ShippedTemplates(), options, original, &mismatches);
  EXPECT_THAT(mismatches, ::testing::IsEmpty());
  ASSERT_GE(twin.size(), 4u);
  int flipped = 0;
  for (const QaItem& t : twin) {
    auto o = std::find_if(original.begin(), original.end(),
                          [&](const QaItem& x) { return x.pair_id == t.pair_id; });
    ASSERT_NE(o, original.end()) << t.id;
    EXPECT_EQ(t.question, o->question);
    EXPECT_EQ(t.options, o->options);
    EXPECT_EQ(t.id.substr(b.clip.key.size()), o->id.substr(a.clip.key.size()));
    flipped += t.answer_index != o->answer_index;
  }
  EXPECT_GE(flipped, 2);
}

TEST(GenerateTwinQa, ItemsTheTwinCannotAskAreDropped) {
  // The clip as its own "twin": the answers that should flip (left/right, spin senses) do not,
  // as when the simulation of a real twin diverges. Those items leave the original, so every
  // pairable item left is paired (issue 11).
  const truth::VideoTruth a = TruthOf(BaseScene());
  QaOptions options;
  options.contrast_pairs = true;
  std::vector<QaItem> original = GenerateQa(a, testing::ShippedTemplates(), options);
  const size_t before = original.size();
  std::vector<std::string> mismatches;
  const std::vector<QaItem> twin =
      GenerateTwinQa(a, testing::ShippedTemplates(), options, original, &mismatches);
  EXPECT_GE(mismatches.size(), 2u);
  EXPECT_EQ(original.size() + mismatches.size(), before);
  size_t paired = 0;
  for (const QaItem& item : original) {
    const bool pairable = Shipped(item.template_id).pairable && item.answer_kind != "absent";
    EXPECT_EQ(!item.pair_id.empty(), pairable) << item.id;
    paired += pairable;
  }
  EXPECT_EQ(twin.size(), paired);
  EXPECT_GE(paired, 1u);  // answers that stay under the mirror (toward/away) still pair
}

}  // namespace
}  // namespace synth4d::qa
