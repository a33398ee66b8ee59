#pragma once
// internal: the Bullet world of one Simulate call (ground box, one rigid body per object).
#include <btBulletDynamicsCommon.h>

#include <memory>
#include <vector>

#include "internal_shapes.h"
#include "synth4d/core/result.h"
#include "synth4d/sim/simulate.h"
#include "synth4d/sim/trace.h"
#include "synth4d/spec/scene.h"

namespace synth4d::sim::internal {

// Thickness of the ground box (its top face is z = 0).
inline constexpr double kGroundThickness = 1.0;

struct Body {
  spec::MotionType motion = spec::MotionType::kStatic;
  double mass = 0.0;        // kg, dynamic bodies only
  glm::dvec3 inertia{0.0};  // principal moments about the centre of mass, kg m^2
  BodyShape shape;
  std::unique_ptr<btRigidBody> rigid;
};

class World {
 public:
  // Builds the world: ground, then objects in scene order (user index = object index, ground -1).
  // `initial[i]` is object i's state at t = 0 (finite); dynamic bodies start with its velocities.
  static core::Result<std::unique_ptr<World>> Create(const spec::ResolvedScene& scene,
                                                     const SimOptions& options,
                                                     const std::vector<BodyState>& initial);
  World() = default;
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Advances by exactly dt seconds (one Bullet step, no interpolation).
  void Step(double dt);
  // Runs collision detection only (fills contact manifolds for the current state).
  void DetectCollisions();
  // Bounding-box-centre state of body i as Bullet has it.
  BodyState State(int i) const;
  // Places kinematic body i (its velocity follows from the move over the next step).
  void SetKinematicPose(int i, const core::Pose& X_WB);
  // Central impulse (N s) / force for the next step only (N) on dynamic body i; wakes it.
  void ApplyImpulse(int i, const glm::dvec3& impulse);
  void ApplyForce(int i, const glm::dvec3& force);
  // Mechanical energy of dynamic body i: kinetic + rotational + m g z (J); kinetic part in
  // *kinetic.
  double Energy(int i, double gravity, double* kinetic) const;

  const std::vector<Body>& bodies() const { return bodies_; }
  btDispatcher* dispatcher() { return dispatcher_.get(); }

 private:
  // Declaration order is destruction order in reverse: the world goes before what it uses.
  std::vector<Body> bodies_;
  std::unique_ptr<btCollisionShape> ground_shape_;
  std::unique_ptr<btRigidBody> ground_;
  std::unique_ptr<btDefaultCollisionConfiguration> config_;
  std::unique_ptr<btCollisionDispatcher> dispatcher_;
  std::unique_ptr<btBroadphaseInterface> broadphase_;
  std::unique_ptr<btSequentialImpulseConstraintSolver> solver_;
  std::unique_ptr<btDiscreteDynamicsWorld> world_;
};

}  // namespace synth4d::sim::internal
