#pragma once
// Frames, poses and the pinhole camera model. Conventions (docs/conventions.md):
// world right-handed, Z up, metres; camera frame OpenCV (x right, y down, z forward);
// quaternions written (w, x, y, z); names carry frames: X_WC is the pose of camera C in world W.
#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

namespace synth4d::core {

// A rigid transform X_AB: maps points in frame B to frame A (p_A = q * p_B + p).
struct Pose {
  glm::dvec3 p{0.0};
  glm::dquat q{1.0, 0.0, 0.0, 0.0};  // (w, x, y, z)
};

// Applies X_AB to a point expressed in B.
glm::dvec3 Apply(const Pose& X_AB, const glm::dvec3& p_B);
// Returns X_BA.
Pose Inverse(const Pose& X_AB);
// Returns X_AC = X_AB * X_BC.
Pose Compose(const Pose& X_AB, const Pose& X_BC);
// 4x4 homogeneous matrix of the pose.
glm::dmat4 ToMatrix(const Pose& X_AB);

// Rotation from yaw (about Z), pitch (about Y), roll (about X), radians: R = Rz(yaw) Ry(pitch) Rx(roll).
glm::dquat FromYawPitchRoll(double yaw, double pitch, double roll);
// Heading of the body axis `axis_B` projected on the ground plane, radians CCW from +X (seen from above).
double Heading(const glm::dquat& q_WB, const glm::dvec3& axis_B);

// World-from-camera pose of a camera at `eye` looking at `target`, OpenCV axes, world up +Z.
// Requires target != eye and a view direction not parallel to Z (then +Y is used as up).
Pose LookAt(const glm::dvec3& eye, const glm::dvec3& target);

// Pinhole intrinsics in pixels. Pixel (i, j) covers [i, i+1) x [j, j+1); the image centre is
// (width/2, height/2), so the principal point of a symmetric camera is (width/2, height/2).
struct Intrinsics {
  int width = 0;
  int height = 0;
  double fx = 0.0;
  double fy = 0.0;
  double cx = 0.0;
  double cy = 0.0;
};

// Intrinsics of a symmetric camera with square pixels and vertical field of view `vfov` (radians).
Intrinsics FromVerticalFov(int width, int height, double vfov);
// Vertical field of view (radians) of `K`.
double VerticalFov(const Intrinsics& K);

// Projects a camera-frame point to pixels; z must be > 0 (checked by the caller).
glm::dvec2 Project(const Intrinsics& K, const glm::dvec3& p_C);

}  // namespace synth4d::core
