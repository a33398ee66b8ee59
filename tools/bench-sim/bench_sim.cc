// bench_sim: simulated frames per second and CPU time of Simulate for a 10 s, 30 fps clip with
// 10 objects (6 dynamic, 4 scripted) on the default options. Usage: bench_sim [repeats]
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "synth4d/sim/simulate.h"

namespace {

using namespace synth4d;

spec::ResolvedScene BenchScene() {
  spec::ResolvedScene scene;
  scene.clip.duration_s = 10.0;
  scene.clip.fps = 30.0;
  scene.cameras.push_back({});
  const spec::Shape shapes[] = {spec::Shape::kBox,  spec::Shape::kSphere,  spec::Shape::kCylinder,
                                spec::Shape::kCone, spec::Shape::kCapsule, spec::Shape::kBox};
  for (int i = 0; i < 6; ++i) {  // dynamic: dropped, thrown and pushed into each other
    spec::ObjectSpec o;
    o.name = "dyn" + std::to_string(i);
    o.shape = shapes[i];
    o.size = shapes[i] == spec::Shape::kSphere ? glm::dvec3(0.5) : glm::dvec3(0.5, 0.5, 0.6);
    o.motion = spec::MotionType::kDynamic;
    o.position = {-2.5 + i, 0.0, 0.5 + 0.4 * i};
    o.dynamic.linear_velocity = {(i % 2 ? -1.0 : 1.0), 0.5, 0.0};
    o.dynamic.pushes.push_back({2.0 + i * 0.5, 0.0, {0.0, -2.0, 1.0}});
    scene.objects.push_back(o);
  }
  for (int i = 0; i < 4; ++i) {  // scripted: drive, turn, reverse and follow waypoints
    spec::ObjectSpec o;
    o.name = "car" + std::to_string(i);
    o.size = {0.8, 0.4, 0.3};
    o.front = glm::dvec3(1, 0, 0);
    o.motion = spec::MotionType::kScripted;
    const double x = -4.5 + 3.0 * i;
    o.position = {x, -3.0, 0.15};
    spec::Segment move{.kind = spec::Segment::Kind::kMove,
                       .duration_s = 2.0,
                       .direction = {0, 1, 0},
                       .speed = 1.0};
    spec::Segment turn{
        .kind = spec::Segment::Kind::kTurn, .duration_s = 2.0, .turn_angle = i % 2 ? 1.5 : -1.5};
    spec::Segment back{.kind = spec::Segment::Kind::kReverse, .duration_s = 2.0};
    spec::Segment path{.kind = spec::Segment::Kind::kWaypoints,
                       .speed = 1.0,
                       .waypoints = {{x, 2.5, 0.15}, {x + 1.0, 2.5, 0.15}, {x + 1.0, -3.0, 0.15}}};
    o.segments = {move, turn, back, path};
    scene.objects.push_back(o);
  }
  return scene;
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
  const spec::ResolvedScene scene = BenchScene();
  double best = 1e9;
  size_t frames = 0, contacts = 0, events = 0, glitches = 0;
  for (int r = 0; r < repeats; ++r) {
    const double t0 = CpuSeconds();
    auto trace = sim::Simulate(scene);
    const double cpu = CpuSeconds() - t0;
    if (!trace.ok()) {
      std::fprintf(stderr, "bench_sim: %s\n", trace.error().ToString().c_str());
      return 1;
    }
    best = std::min(best, cpu);
    frames = trace->frames.size();
    contacts = trace->contacts.size();
    events = trace->motion_events.size();
    glitches = trace->glitches.size();
  }
  std::printf("bench_sim: %zu frames, 10 objects (6 dynamic, 4 scripted), 240 Hz steps\n", frames);
  std::printf("  cpu %.4f s per clip (best of %d), %.0f simulated frames/s\n", best, repeats,
              frames / best);
  std::printf("  %zu contact intervals, %zu motion events, %zu glitches\n", contacts, events,
              glitches);
  return 0;
}
