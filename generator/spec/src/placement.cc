// Object placement: resting heights, fixed positions, rejection sampling of random positions.
#include <algorithm>
#include <cmath>

#include "parse.h"

namespace synth4d::spec::internal {
namespace {

constexpr int kPlacementTries = 100;
constexpr double kMargin = 0.02;         // m of free space kept between random objects' boxes
constexpr double kSinkTolerance = 1e-3;  // m an object may reach below the ground (z = 0)

struct Box {
  glm::dvec3 lo;
  glm::dvec3 hi;
};

// World axis-aligned box of the oriented bounding box (conservative for rotated bodies).
Box WorldBox(const ObjectSpec& o) {
  const glm::dmat3 R = glm::mat3_cast(o.orientation);
  glm::dvec3 half(0.0);
  for (int i = 0; i < 3; ++i) half += glm::abs(R[i]) * (0.5 * o.size[i]);
  return {o.position - half, o.position + half};
}

bool Overlap(const Box& a, const Box& b, double margin) {
  for (int k = 0; k < 3; ++k) {
    if (a.hi[k] + margin <= b.lo[k] || b.hi[k] + margin <= a.lo[k]) return false;
  }
  return true;
}

// Position of `d`: [x, y] rests on the ground, [x, y, z] is kept. Sets `z_given`.
std::optional<glm::dvec3> ReadPosition(Reader& r, const ObjectDraft& d, bool& z_given) {
  const auto v = r.Vector(d.position, d.position_path, 2, 3, Finite(1e4));
  if (!v) return std::nullopt;
  z_given = v->size() == 3;
  const double rest = RestHeight(d.spec.shape, d.spec.size, d.spec.orientation);
  return glm::dvec3((*v)[0], (*v)[1], z_given ? (*v)[2] : rest);
}

double Sink(const ObjectSpec& o) {
  return RestHeight(o.shape, o.size, o.orientation) - o.position.z;
}

void PlaceRandom(Reader& r, ObjectDraft& d, std::vector<std::pair<Box, std::string>>& placed) {
  std::string last_reason;
  for (int attempt = 0; attempt < kPlacementTries; ++attempt) {
    bool z_given = false;
    const auto p = ReadPosition(r, d, z_given);
    if (!p) return;
    d.spec.position = *p;
    if (Sink(d.spec) > kSinkTolerance) {
      last_reason = "reached below the ground";
      continue;
    }
    const Box box = WorldBox(d.spec);
    const auto hit = std::find_if(placed.begin(), placed.end(), [&](const auto& other) {
      return Overlap(box, other.first, kMargin);
    });
    if (hit == placed.end()) {
      placed.emplace_back(box, d.spec.name);
      return;
    }
    last_reason = "overlapped '" + hit->second + "'";
  }
  r.Error(d.position, d.position_path,
          "could not place '" + d.spec.name + "' without overlapping other objects in " +
              std::to_string(kPlacementTries) + " tries (the last try " + last_reason +
              "); widen the position range, or use fewer or smaller objects");
}

}  // namespace

double RestHeight(Shape shape, const glm::dvec3& size, const glm::dquat& q) {
  const glm::dmat3 R = glm::mat3_cast(q);  // columns: body axes in world
  const double az = R[2].z;                // vertical component of the body's z axis
  const double tilt = std::sqrt(std::max(0.0, 1.0 - az * az));
  const double radius = 0.5 * size.x, height = size.z;
  switch (shape) {
    case Shape::kSphere:
      return radius;
    case Shape::kCylinder:
      return 0.5 * height * std::abs(az) + radius * tilt;
    case Shape::kCapsule:
      return (0.5 * height - radius) * std::abs(az) + radius;
    case Shape::kCone: {
      // Base circle centred at -height/2 along the axis, apex at +height/2.
      const double base_low = -0.5 * height * az - radius * tilt;
      const double apex = 0.5 * height * az;
      return -std::min(base_low, apex);
    }
    case Shape::kBox:
    case Shape::kMesh:
      break;
  }
  return 0.5 * (std::abs(R[0].z) * size.x + std::abs(R[1].z) * size.y + std::abs(R[2].z) * size.z);
}

void PlaceObjects(Context& c, std::vector<ObjectDraft>& drafts) {
  Reader& r = c.r;
  std::vector<std::pair<Box, std::string>> placed;
  std::vector<ObjectDraft*> random;
  for (ObjectDraft& d : drafts) {
    if (!d.position.IsDefined()) {
      r.Error(d.node, d.position_path,
              "missing: position ([x, y] to rest on the ground, or [x, y, z])");
      continue;
    }
    const int draws = r.draws();
    bool z_given = false;
    std::optional<glm::dvec3> p;
    r.Checking([&] { p = ReadPosition(r, d, z_given); });
    if (!p) continue;
    d.spec.position = *p;
    const bool is_random = r.draws() != draws;
    if (is_random) {
      if (r.sampling()) random.push_back(&d);
      continue;
    }
    if (Sink(d.spec) > kSinkTolerance) {
      r.Error(d.position, d.position_path,
              "'" + d.spec.name + "' reaches below the ground: z must be >= " +
                  FormatNumber(RestHeight(d.spec.shape, d.spec.size, d.spec.orientation)) +
                  " (its resting height); found " + FormatNumber(p->z) +
                  " (give [x, y] to rest on the ground)");
    }
    placed.emplace_back(WorldBox(d.spec), d.spec.name);
  }
  for (ObjectDraft* d : random) PlaceRandom(r, *d, placed);
}

}  // namespace synth4d::spec::internal
