#include "internal_world.h"

#include <string>

namespace synth4d::sim::internal {
namespace {

btVector3 Bt(const glm::dvec3& v) { return {v.x, v.y, v.z}; }
glm::dvec3 Glm(const btVector3& v) { return {v.x(), v.y(), v.z()}; }
btTransform Bt(const core::Pose& X) {
  return btTransform(btQuaternion(X.q.x, X.q.y, X.q.z, X.q.w), Bt(X.p));
}

// Pose of the centre-of-mass frame C from the bounding-box frame B (same axes).
core::Pose ComPose(const core::Pose& X_WB, const glm::dvec3& p_BC) {
  return {X_WB.p + X_WB.q * p_BC, X_WB.q};
}

// Velocity of `body` at world point p after this step's external forces (gravity, pushes).
btVector3 VelocityAt(const btCollisionObject* object, const btVector3& p, double dt) {
  const btRigidBody* body = btRigidBody::upcast(object);
  if (body == nullptr) {
    return btVector3(0, 0, 0);
  }
  return body->getVelocityInLocalPoint(p - body->getCenterOfMassPosition()) +
         body->getTotalForce() * (body->getInvMass() * dt);
}

// Bullet's solver, except that an elastic contact still apart but closing its gap within this
// step counts as touching (gap 0). Bullet would subtract gap / dt from the target bounce speed,
// so a bounce would come out up to 25 % low depending on where the step falls before impact.
// The bounce then starts at most one contact threshold (2 % of the body's size) early.
class ContactSolver : public btSequentialImpulseConstraintSolver {
 public:
  void convertContacts(btPersistentManifold** manifolds, int count,
                       const btContactSolverInfo& info) override {
    for (int m = 0; m < count; ++m) {
      btPersistentManifold* manifold = manifolds[m];
      for (int k = 0; k < manifold->getNumContacts(); ++k) {
        btManifoldPoint& pt = manifold->getContactPoint(k);
        if (pt.m_distance1 <= 0.0 || pt.m_combinedRestitution <= 0.0) {
          continue;
        }
        const btVector3 v_rel =
            VelocityAt(manifold->getBody0(), pt.getPositionWorldOnA(), info.m_timeStep) -
            VelocityAt(manifold->getBody1(), pt.getPositionWorldOnB(), info.m_timeStep);
        const double approach = -v_rel.dot(pt.m_normalWorldOnB);
        if (approach > info.m_restitutionVelocityThreshold &&
            approach * info.m_timeStep >= pt.m_distance1) {
          pt.m_distance1 = 0.0;
        }
      }
    }
    btSequentialImpulseConstraintSolver::convertContacts(manifolds, count, info);
  }
};

}  // namespace

core::Result<std::unique_ptr<World>> World::Create(const spec::ResolvedScene& scene,
                                                   const SimOptions& options,
                                                   const std::vector<BodyState>& initial) {
  auto w = std::make_unique<World>();
  // Small pools: Bullet's defaults (4096 manifolds) cost more to clear than a clip to simulate;
  // the pools grow from the heap when full.
  btDefaultCollisionConstructionInfo pools;
  pools.m_defaultMaxPersistentManifoldPoolSize = 256;
  pools.m_defaultMaxCollisionAlgorithmPoolSize = 256;
  w->config_ = std::make_unique<btDefaultCollisionConfiguration>(pools);
  // Several contact points per step for curved shapes, so a cylinder landing flat gets a
  // symmetric support instead of one rim point that tips it over.
  w->config_->setConvexConvexMultipointIterations(3, 3);
  w->dispatcher_ = std::make_unique<btCollisionDispatcher>(w->config_.get());
  w->broadphase_ = std::make_unique<btDbvtBroadphase>();
  w->solver_ = std::make_unique<ContactSolver>();
  w->world_ = std::make_unique<btDiscreteDynamicsWorld>(w->dispatcher_.get(), w->broadphase_.get(),
                                                        w->solver_.get(), w->config_.get());
  w->world_->setGravity(btVector3(0, 0, -scene.environment.gravity_mps2));
  btContactSolverInfo& solver = w->world_->getSolverInfo();
  solver.m_numIterations = options.solver_iterations;
  // Resolve every overlap with split impulses (position only): Bullet's default turns overlaps
  // shallower than 4 cm into velocity (Baumgarte), which makes bounces gain energy.
  solver.m_splitImpulse = 1;
  solver.m_splitImpulsePenetrationThreshold = 0.0;

  // Ground: friction and restitution 1, so Bullet's products (a * b) give each object its own
  // values against the ground.
  const double half = 0.5 * scene.environment.ground_size_m;
  w->ground_shape_ = std::make_unique<btBoxShape>(btVector3(half, half, 0.5 * kGroundThickness));
  btRigidBody::btRigidBodyConstructionInfo ground_info(0.0, nullptr, w->ground_shape_.get());
  ground_info.m_startWorldTransform.setIdentity();
  ground_info.m_startWorldTransform.setOrigin(btVector3(0, 0, -0.5 * kGroundThickness));
  ground_info.m_friction = 1.0;
  ground_info.m_restitution = 1.0;
  w->ground_ = std::make_unique<btRigidBody>(ground_info);
  w->ground_->setUserIndex(-1);
  w->world_->addRigidBody(w->ground_.get());

  w->bodies_.resize(scene.objects.size());
  for (size_t i = 0; i < scene.objects.size(); ++i) {
    const spec::ObjectSpec& o = scene.objects[i];
    Body& b = w->bodies_[i];
    auto shape = MakeBodyShape(o);
    if (!shape.ok()) {
      core::Error e = shape.error();
      e.issues.push_back({scene.source, "objects[" + std::to_string(i) + "].asset", e.message});
      return e;
    }
    b.shape = std::move(shape).value();
    b.motion = o.motion;
    const bool dynamic = o.motion == spec::MotionType::kDynamic;
    b.mass = dynamic ? o.mass_kg : 0.0;
    b.inertia = b.mass * b.shape.inertia;
    btRigidBody::btRigidBodyConstructionInfo info(b.mass, nullptr, b.shape.root, Bt(b.inertia));
    info.m_startWorldTransform = Bt(ComPose(initial[i].X_WB, b.shape.p_BC));
    info.m_friction = o.friction;
    info.m_restitution = o.restitution;
    info.m_linearDamping = o.linear_damping;
    info.m_angularDamping = o.angular_damping;
    b.rigid = std::make_unique<btRigidBody>(info);
    b.rigid->setUserIndex(static_cast<int>(i));
    if (o.motion == spec::MotionType::kScripted) {
      b.rigid->setCollisionFlags(b.rigid->getCollisionFlags() |
                                 btCollisionObject::CF_KINEMATIC_OBJECT);
      b.rigid->setActivationState(DISABLE_DEACTIVATION);
    }
    if (dynamic) {
      // CCD: a body moving more than its inner radius in one step is swept as a sphere of that
      // radius, so small fast bodies cannot tunnel through thin ones.
      b.rigid->setCcdMotionThreshold(b.shape.inner_radius);
      b.rigid->setCcdSweptSphereRadius(b.shape.inner_radius);
      b.rigid->setSleepingThresholds(options.sleep_linear_mps, options.sleep_angular_radps);
      const glm::dvec3 p_BC_W = initial[i].X_WB.q * b.shape.p_BC;
      b.rigid->setLinearVelocity(Bt(initial[i].v_W + glm::cross(initial[i].w_W, p_BC_W)));
      b.rigid->setAngularVelocity(Bt(initial[i].w_W));
    }
    w->world_->addRigidBody(b.rigid.get());
  }
  return w;
}

World::~World() {
  if (!world_) {
    return;
  }
  for (Body& b : bodies_) {
    if (b.rigid) {
      world_->removeRigidBody(b.rigid.get());
    }
  }
  world_->removeRigidBody(ground_.get());
}

void World::Step(double dt) { world_->stepSimulation(dt, 0); }

void World::DetectCollisions() { world_->performDiscreteCollisionDetection(); }

BodyState World::State(int i) const {
  const Body& b = bodies_[i];
  const btTransform& X = b.rigid->getWorldTransform();
  const btQuaternion q = X.getRotation();
  BodyState s;
  s.X_WB.q = glm::dquat(q.w(), q.x(), q.y(), q.z());
  const glm::dvec3 p_C = Glm(X.getOrigin());
  s.X_WB.p = p_C - s.X_WB.q * b.shape.p_BC;
  s.w_W = Glm(b.rigid->getAngularVelocity());
  s.v_W = Glm(b.rigid->getLinearVelocity()) + glm::cross(s.w_W, s.X_WB.p - p_C);
  return s;
}

void World::SetKinematicPose(int i, const core::Pose& X_WB) {
  const Body& b = bodies_[i];
  b.rigid->setWorldTransform(Bt(ComPose(X_WB, b.shape.p_BC)));
}

void World::ApplyImpulse(int i, const glm::dvec3& impulse) {
  bodies_[i].rigid->activate(true);
  bodies_[i].rigid->applyCentralImpulse(Bt(impulse));
}

void World::ApplyForce(int i, const glm::dvec3& force) {
  bodies_[i].rigid->activate(true);
  bodies_[i].rigid->applyCentralForce(Bt(force));
}

double World::Energy(int i, double gravity, double* kinetic) const {
  const Body& b = bodies_[i];
  const btRigidBody& r = *b.rigid;
  const btVector3 w_C = r.getWorldTransform().getBasis().transpose() * r.getAngularVelocity();
  const double rotational =
      0.5 * (b.inertia.x * w_C.x() * w_C.x() + b.inertia.y * w_C.y() * w_C.y() +
             b.inertia.z * w_C.z() * w_C.z());
  *kinetic = 0.5 * b.mass * r.getLinearVelocity().length2() + rotational;
  return *kinetic + b.mass * gravity * r.getWorldTransform().getOrigin().z();
}

}  // namespace synth4d::sim::internal
