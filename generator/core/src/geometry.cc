#include "synth4d/core/geometry.h"

#include <cmath>

#include "synth4d/core/check.h"

namespace synth4d::core {

glm::dvec3 Apply(const Pose& X_AB, const glm::dvec3& p_B) { return X_AB.q * p_B + X_AB.p; }

Pose Inverse(const Pose& X_AB) {
  const glm::dquat q_BA = glm::conjugate(X_AB.q);
  return Pose{-(q_BA * X_AB.p), q_BA};
}

Pose Compose(const Pose& X_AB, const Pose& X_BC) {
  return Pose{X_AB.q * X_BC.p + X_AB.p, glm::normalize(X_AB.q * X_BC.q)};
}

glm::dmat4 ToMatrix(const Pose& X_AB) {
  glm::dmat4 m = glm::mat4_cast(X_AB.q);
  m[3] = glm::dvec4(X_AB.p, 1.0);
  return m;
}

glm::dquat FromYawPitchRoll(double yaw, double pitch, double roll) {
  const glm::dquat qz = glm::angleAxis(yaw, glm::dvec3(0, 0, 1));
  const glm::dquat qy = glm::angleAxis(pitch, glm::dvec3(0, 1, 0));
  const glm::dquat qx = glm::angleAxis(roll, glm::dvec3(1, 0, 0));
  return glm::normalize(qz * qy * qx);
}

double Heading(const glm::dquat& q_WB, const glm::dvec3& axis_B) {
  const glm::dvec3 a_W = q_WB * axis_B;
  return std::atan2(a_W.y, a_W.x);
}

Pose LookAt(const glm::dvec3& eye, const glm::dvec3& target) {
  const glm::dvec3 forward = target - eye;
  SYNTH4D_CHECK(glm::length(forward) > 1e-12) << "LookAt: eye == target";
  const glm::dvec3 z = glm::normalize(forward);
  glm::dvec3 up(0, 0, 1);
  if (std::abs(glm::dot(z, up)) > 1.0 - 1e-9) up = glm::dvec3(0, 1, 0);
  const glm::dvec3 x = glm::normalize(glm::cross(z, up));  // right
  const glm::dvec3 y = glm::cross(z, x);                    // down
  const glm::dmat3 R(x, y, z);                               // columns: camera axes in world
  return Pose{eye, glm::normalize(glm::quat_cast(R))};
}

Intrinsics FromVerticalFov(int width, int height, double vfov) {
  const double f = 0.5 * height / std::tan(0.5 * vfov);
  return Intrinsics{width, height, f, f, 0.5 * width, 0.5 * height};
}

double VerticalFov(const Intrinsics& K) { return 2.0 * std::atan(0.5 * K.height / K.fy); }

glm::dvec2 Project(const Intrinsics& K, const glm::dvec3& p_C) {
  return {K.fx * p_C.x / p_C.z + K.cx, K.fy * p_C.y / p_C.z + K.cy};
}

}  // namespace synth4d::core
