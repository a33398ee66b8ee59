#include "synth4d/sim/simulate.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "internal_contacts.h"
#include "internal_events.h"
#include "internal_glitches.h"
#include "internal_validate.h"
#include "internal_world.h"
#include "synth4d/sim/camera_path.h"
#include "synth4d/spec/timeline.h"

namespace synth4d::sim {
namespace {

using spec::MotionType;

glm::dvec3 Clean(const glm::dvec3& v) {
  return {std::isfinite(v.x) ? v.x : 0.0, std::isfinite(v.y) ? v.y : 0.0,
          std::isfinite(v.z) ? v.z : 0.0};
}

// Everything one Simulate call keeps while it steps.
class Run {
 public:
  Run(const spec::ResolvedScene& scene, const SimOptions& options)
      : scene_(scene),
        options_(options),
        substeps_(
            std::max(1, static_cast<int>(std::ceil(options.step_hz / scene.clip.fps - 1e-9)))),
        step_hz_(scene.clip.fps * substeps_),
        contacts_(Motions(scene), options.glitch),
        glitches_(options.glitch, DynamicMass(scene), scene.environment.gravity_mps2) {
    for (const spec::ObjectSpec& o : scene.objects) {
      timelines_.emplace_back(o);
    }
    for (const spec::CameraSpec& c : scene.cameras) {
      follow_.push_back(internal::FindObject(scene, c.path.follow_target));
    }
  }

  core::Result<SimTrace> Go() {
    const int clip_frames = spec::FrameCount(scene_.clip);
    const int total =
        clip_frames + static_cast<int>(std::lround(options_.extra_s * scene_.clip.fps));
    SYNTH4D_ASSIGN_OR_RETURN(world_, internal::World::Create(scene_, options_, InitialStates()));
    std::vector<FrameRecord> frames(total);
    std::vector<std::vector<uint8_t>> touching(total);
    world_->DetectCollisions();
    contacts_.AddStep(world_->dispatcher(), true);
    for (int i = 0; i < total; ++i) {
      bool input = i == 0;
      if (i > 0 && !halted_) {
        for (int s = 0; s < substeps_; ++s) {
          input |= Step((i - 1) * substeps_ + s, i);
        }
      }
      internal::FrameContacts fc = contacts_.EndFrame(i);
      touching[i] = std::move(fc.touching);
      frames[i] = Record(i);
      glitches_.Penetration(i, fc.penetration);
      CheckEnergy(i, input || fc.scripted_input);
    }
    SimTrace trace;
    trace.fps = scene_.clip.fps;
    trace.step_hz = step_hz_;
    trace.motion_events = internal::DetectMotionEvents(frames, touching, Motions(scene_),
                                                       scene_.clip.fps, options_.events);
    trace.contacts = contacts_.Finish();
    trace.glitches = glitches_.Finish();
    trace.future_frames.assign(std::make_move_iterator(frames.begin() + clip_frames),
                               std::make_move_iterator(frames.end()));
    frames.resize(clip_frames);
    trace.frames = std::move(frames);
    return trace;
  }

 private:
  static std::vector<MotionType> Motions(const spec::ResolvedScene& scene) {
    std::vector<MotionType> m;
    for (const spec::ObjectSpec& o : scene.objects) {
      m.push_back(o.motion);
    }
    return m;
  }
  static double DynamicMass(const spec::ResolvedScene& scene) {
    double m = 0.0;
    for (const spec::ObjectSpec& o : scene.objects) {
      if (o.motion == MotionType::kDynamic) {
        m += o.mass_kg;
      }
    }
    return m;
  }

  // Time of internal step boundary k; frame boundaries are exactly frame / fps.
  double StepTime(int k) const {
    return k % substeps_ == 0 ? static_cast<double>(k / substeps_) / scene_.clip.fps : k / step_hz_;
  }

  // States at t = 0 as given, with non-finite numbers reported and replaced by zeros.
  std::vector<BodyState> InitialStates() {
    std::vector<BodyState> out;
    for (size_t i = 0; i < scene_.objects.size(); ++i) {
      const spec::ObjectSpec& o = scene_.objects[i];
      BodyState s;
      s.X_WB = {o.position, o.orientation};
      if (o.motion == MotionType::kScripted) {
        s = Scripted(i, 0.0);
      }
      if (o.motion == MotionType::kDynamic) {
        s.v_W = o.dynamic.linear_velocity;
        s.w_W = o.dynamic.angular_velocity;
        bool pushes_ok = true;
        for (const spec::Push& p : o.dynamic.pushes) {
          pushes_ok &=
              std::isfinite(p.t_s) && std::isfinite(p.duration_s) && internal::Finite(p.vector);
        }
        if (!pushes_ok) {
          Halt(0, static_cast<int>(i), "push");
        }
      }
      if (!internal::Finite(s)) {
        Halt(0, static_cast<int>(i), "initial state");
        s.X_WB.p = Clean(s.X_WB.p);
        if (!internal::Finite(core::Pose{glm::dvec3(0.0), s.X_WB.q})) {
          s.X_WB.q = {};
        }
        s.v_W = Clean(s.v_W);
        s.w_W = Clean(s.w_W);
      }
      out.push_back(s);
    }
    return out;
  }

  // State of scripted object i at t_s (s): its timeline's values, unchanged.
  BodyState Scripted(size_t i, double t_s) const {
    const spec::KinematicState s = timelines_[i].Evaluate(t_s);
    return {s.X_WB, s.v_W, s.w_W};
  }

  void Halt(int frame, int body, const std::string& what) {
    glitches_.NonFinite(frame, body, what);
    halted_ = true;
  }

  // Internal step k (ending in frame `frame`); returns whether a push acted during it.
  bool Step(int k, int frame) {
    const double t0 = StepTime(k), t1 = StepTime(k + 1), dt = 1.0 / step_hz_;
    bool input = false;
    for (size_t i = 0; i < scene_.objects.size(); ++i) {
      const spec::ObjectSpec& o = scene_.objects[i];
      if (o.motion == MotionType::kScripted) {
        const BodyState s = Scripted(i, t1);
        if (!internal::Finite(s)) {
          Halt(frame, static_cast<int>(i), "scripted pose");
          return input;
        }
        world_->SetKinematicPose(static_cast<int>(i), s.X_WB);
      } else if (o.motion == MotionType::kDynamic) {
        for (const spec::Push& p : o.dynamic.pushes) {
          if (p.duration_s <= 0.0) {
            if (p.t_s >= t0 && p.t_s < t1) {
              world_->ApplyImpulse(static_cast<int>(i), p.vector);
            }
            input |= p.t_s >= t0 && p.t_s < t1;
            continue;
          }
          const double overlap = std::min(t1, p.t_s + p.duration_s) - std::max(t0, p.t_s);
          if (overlap <= 0.0) {
            continue;
          }
          world_->ApplyForce(static_cast<int>(i), p.vector * (overlap / dt));
          input = true;
        }
      }
    }
    world_->Step(dt);
    contacts_.AddStep(world_->dispatcher(), false);
    return input;
  }

  FrameRecord Record(int frame) {
    FrameRecord r;
    r.t_s = frame / scene_.clip.fps;
    for (size_t i = 0; i < scene_.objects.size(); ++i) {
      const spec::ObjectSpec& o = scene_.objects[i];
      BodyState s;
      if (o.motion == MotionType::kScripted) {
        s = Scripted(i, r.t_s);
      } else if (o.motion == MotionType::kDynamic) {
        s = world_->State(static_cast<int>(i));
      } else {
        s.X_WB = {o.position, o.orientation};
      }
      if (!internal::Finite(s)) {
        Halt(frame, static_cast<int>(i), "state");
      }
      r.bodies.push_back(s);
    }
    for (size_t c = 0; c < scene_.cameras.size(); ++c) {
      const glm::dvec3 target = follow_[c] >= 0 ? r.bodies[follow_[c]].X_WB.p : glm::dvec3(0.0);
      r.cameras.push_back(CameraAt(scene_.cameras[c], scene_.clip, r.t_s, target));
      if (!internal::Finite(r.cameras.back())) {
        Halt(frame, -1, "camera pose");
      }
    }
    return r;
  }

  void CheckEnergy(int frame, bool input) {
    double energy = 0.0, kinetic = 0.0, best_gain = 0.0;
    int body = -1;
    energies_.resize(scene_.objects.size(), 0.0);
    for (size_t i = 0; i < scene_.objects.size(); ++i) {
      if (scene_.objects[i].motion != MotionType::kDynamic) {
        continue;
      }
      double k = 0.0;
      const double e = world_->Energy(static_cast<int>(i), scene_.environment.gravity_mps2, &k);
      if (frame > 0 && e - energies_[i] > best_gain) {
        best_gain = e - energies_[i];
        body = static_cast<int>(i);
      }
      energies_[i] = e;
      energy += e;
      kinetic += k;
    }
    if (!halted_) {
      glitches_.Energy(frame, energy, kinetic, input, body);
    }
  }

  const spec::ResolvedScene& scene_;
  const SimOptions& options_;
  const int substeps_;
  const double step_hz_;
  std::vector<spec::Timeline> timelines_;
  std::vector<int> follow_;  // per camera: followed object or -1
  std::unique_ptr<internal::World> world_;
  internal::ContactRecorder contacts_;
  internal::GlitchRecorder glitches_;
  std::vector<double> energies_;
  bool halted_ = false;
};

}  // namespace

core::Result<SimTrace> Simulate(const spec::ResolvedScene& scene, const SimOptions& options) {
  SYNTH4D_RETURN_IF_ERROR(internal::Validate(scene, options));
  return Run(scene, options).Go();
}

}  // namespace synth4d::sim
