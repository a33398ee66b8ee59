#include <cmath>

#include "synth4d/spec/scene.h"

namespace synth4d::spec {

const char* ShapeName(Shape s) {
  switch (s) {
    case Shape::kBox: return "box";
    case Shape::kSphere: return "sphere";
    case Shape::kCylinder: return "cylinder";
    case Shape::kCone: return "cone";
    case Shape::kCapsule: return "capsule";
    case Shape::kMesh: return "mesh";
  }
  return "?";
}

const char* MaterialName(Material m) {
  switch (m) {
    case Material::kRubber: return "rubber";
    case Material::kMetal: return "metal";
    case Material::kPlastic: return "plastic";
    case Material::kWood: return "wood";
  }
  return "?";
}

const char* MotionTypeName(MotionType m) {
  switch (m) {
    case MotionType::kStatic: return "static";
    case MotionType::kDynamic: return "dynamic";
    case MotionType::kScripted: return "scripted";
  }
  return "?";
}

const char* SegmentKindName(Segment::Kind k) {
  switch (k) {
    case Segment::Kind::kMove: return "move";
    case Segment::Kind::kRotate: return "rotate";
    case Segment::Kind::kTurn: return "turn";
    case Segment::Kind::kAccelerate: return "accelerate";
    case Segment::Kind::kDecelerate: return "decelerate";
    case Segment::Kind::kWait: return "wait";
    case Segment::Kind::kReverse: return "reverse";
    case Segment::Kind::kWaypoints: return "waypoints";
  }
  return "?";
}

const char* CameraPathKindName(CameraPath::Kind k) {
  switch (k) {
    case CameraPath::Kind::kStatic: return "static";
    case CameraPath::Kind::kPanTilt: return "pan_tilt";
    case CameraPath::Kind::kOrbit: return "orbit";
    case CameraPath::Kind::kDolly: return "dolly";
    case CameraPath::Kind::kTruck: return "truck";
    case CameraPath::Kind::kPedestal: return "pedestal";
    case CameraPath::Kind::kFollow: return "follow";
    case CameraPath::Kind::kKeyframes: return "keyframes";
  }
  return "?";
}

int FrameCount(const ClipSettings& clip) {
  return static_cast<int>(std::lround(clip.duration_s * clip.fps));
}

}  // namespace synth4d::spec
