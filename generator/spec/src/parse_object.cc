// objects: fields, sizes, materials, prototype groups.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "parse.h"
#include "synth4d/core/geometry.h"
#include "synth4d/spec/palette.h"

namespace synth4d::spec::internal {
namespace {

constexpr size_t kMaxObjects = 256;
const Range kLength = Closed(1e-3, 100.0);  // object extents (m): 1 mm .. 100 m
const Range kMass = Positive(1e10);         // kg; holds the default mass of any allowed size

const std::vector<std::string_view> kObjectKeys = {
    "name",    "prototype", "shape",       "asset",    "up_axis", "size",     "radius",
    "height",  "scale",     "color",       "material", "mass",    "friction", "restitution",
    "damping", "position",  "orientation", "front",    "motion"};
const std::vector<std::string_view> kGroupKeys = {"name", "count", "prototypes", "weights",
                                                  "position"};
const std::vector<std::string_view> kShapes = {"box",  "sphere",  "cylinder",
                                               "cone", "capsule", "mesh"};

struct MaterialInfo {
  Material material;
  std::string_view name;
  double density;  // kg/m^3, for the default mass
  double friction;
  double restitution;
};
const MaterialInfo kMaterials[] = {
    {Material::kRubber, "rubber", 1100.0, 0.9, 0.8},
    {Material::kMetal, "metal", 7800.0, 0.4, 0.4},
    {Material::kPlastic, "plastic", 950.0, 0.5, 0.6},
    {Material::kWood, "wood", 600.0, 0.6, 0.4},
};

// Volume (m^3) of the shape with full extents `s`; meshes count half their bounding box.
double Volume(Shape shape, const glm::dvec3& s) {
  const double box = s.x * s.y * s.z;
  const double pi = std::numbers::pi;
  switch (shape) {
    case Shape::kBox:
      return box;
    case Shape::kSphere:
      return pi / 6.0 * box;
    case Shape::kCylinder:
      return pi / 4.0 * box;
    case Shape::kCone:
      return pi / 12.0 * box;
    case Shape::kCapsule: {
      const double r = 0.5 * s.x;
      return pi * r * r * (s.z - 2.0 * r) + 4.0 / 3.0 * pi * r * r * r;
    }
    case Shape::kMesh:
      return 0.5 * box;
  }
  return box;
}

bool Unused(Reader& r, const YAML::Node& object, const std::string& path, std::string_view key,
            const std::string& why) {
  const YAML::Node n = Get(object, key);
  if (n.IsDefined()) r.Error(n, Child(path, key), why);
  return n.IsDefined();
}

// A scalar (all three extents) or a vector.
std::optional<glm::dvec3> ReadExtents(Reader& r, const YAML::Node& node, const std::string& path,
                                      const Range& range) {
  if (IsVectorValued(node)) {
    const auto v = r.Vector(node, path, 3, 3, range);
    if (!v) return std::nullopt;
    return glm::dvec3((*v)[0], (*v)[1], (*v)[2]);
  }
  const auto s = r.Number(node, path, range);
  if (!s) return std::nullopt;
  return glm::dvec3(*s);
}

bool NearlyEqual(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(a, b); }

// Primitive sizes: box `size`; sphere `radius` or `size`; cylinder/cone/capsule `radius` +
// `height` or `size`. Cross-field checks skip random values in validate mode.
void ReadPrimitiveSize(Reader& r, const YAML::Node& node, const std::string& path, ObjectSpec& o,
                       bool shape_random) {
  const int draws = r.draws();
  const std::string shape = ShapeName(o.shape);
  const YAML::Node size = Get(node, "size");
  bool given = false;
  for (std::string_view key : {"radius", "height", "scale"}) {
    const bool fits = (key == "radius" && o.shape != Shape::kBox) ||
                      (key == "height" && o.shape != Shape::kBox && o.shape != Shape::kSphere);
    if (shape_random) {
      given |= Unused(r, node, path, key,
                      "cannot be combined with a random shape; give `size` or use prototypes");
    } else if (!fits) {
      given |= Unused(r, node, path, key, "is not used by a " + shape + "; give `size` instead");
    } else if (size.IsDefined()) {
      given |= Unused(r, node, path, key, "give `size` or " + std::string(key) + ", not both");
    }
  }
  if (given) return;
  if (size.IsDefined()) {
    const auto s = ReadExtents(r, size, Child(path, "size"), kLength);
    if (!s) return;
    o.size = *s;
  } else if (o.shape != Shape::kBox) {
    const double radius =
        r.Number(Get(node, "radius"), Child(path, "radius"), Closed(5e-4, 50.0)).value_or(0.5);
    const double height =
        o.shape == Shape::kSphere
            ? 2.0 * radius
            : r.Number(Get(node, "height"), Child(path, "height"), kLength).value_or(1.0);
    o.size = glm::dvec3(2.0 * radius, 2.0 * radius, height);
  }
  const bool check = r.sampling() || r.draws() == draws;
  const glm::dvec3& s = o.size;
  if (check && o.shape != Shape::kBox && !NearlyEqual(s.x, s.y)) {
    r.Error(size, Child(path, "size"), "a " + shape + " needs equal x and y sizes (its diameter)");
  } else if (check && o.shape == Shape::kSphere && !NearlyEqual(s.x, s.z)) {
    r.Error(size, Child(path, "size"), "a sphere needs equal x, y and z sizes");
  } else if (check && o.shape == Shape::kCapsule && s.z < s.x) {
    r.Error(node, path,
            "a capsule's height (including both caps) must be >= 2 * radius; found height " +
                FormatNumber(s.z) + ", radius " + FormatNumber(0.5 * s.x));
  }
}

// Mesh: `asset` (relative to the spec file), `up_axis`, and `scale` or `size`.
void ReadMeshSize(Context& c, const YAML::Node& node, const std::string& path, ObjectSpec& o) {
  Reader& r = c.r;
  Unused(r, node, path, "radius", "is not used by a mesh; give `scale` or `size`");
  Unused(r, node, path, "height", "is not used by a mesh; give `scale` or `size`");
  const YAML::Node asset = Get(node, "asset");
  if (!r.Require(asset, node, Child(path, "asset"), "asset (the mesh file of a mesh object)")) {
    return;
  }
  const auto file = r.Text(asset, Child(path, "asset"));
  if (!file) return;
  std::filesystem::path p(*file);
  if (p.is_relative()) p = c.base_dir / p;
  p = p.lexically_normal();
  o.asset = p.string();
  o.up_axis = assets::DefaultUpAxis(p);
  if (const auto up = r.Word(Get(node, "up_axis"), Child(path, "up_axis"), {"y", "z"})) {
    o.up_axis = *up == "y" ? assets::UpAxis::kY : assets::UpAxis::kZ;
  }
  const auto extents = MeshExtents(c, p, o.up_axis);
  if (!extents.ok()) {
    r.Error(asset, Child(path, "asset"), extents.error().message);
    return;
  }
  const glm::dvec3 e = *extents;
  if (!(e.x > 0 && e.y > 0 && e.z > 0)) {
    r.Error(asset, Child(path, "asset"), "the mesh is flat (a zero bounding-box extent)");
    return;
  }
  const YAML::Node scale = Get(node, "scale"), size = Get(node, "size");
  if (scale.IsDefined() && size.IsDefined()) {
    r.Error(scale, Child(path, "scale"), "give `scale` or `size`, not both");
    return;
  }
  o.size = e;
  if (scale.IsDefined()) {
    const auto s = ReadExtents(r, scale, Child(path, "scale"), Positive(1e4));
    if (s) o.size = e * *s;
  } else if (size.IsDefined() && IsVectorValued(size)) {
    if (const auto s = ReadExtents(r, size, Child(path, "size"), kLength)) o.size = *s;
  } else if (size.IsDefined()) {
    const auto longest = r.Number(size, Child(path, "size"), kLength);
    if (longest) o.size = e * (*longest / std::max({e.x, e.y, e.z}));
  }
  const glm::dvec3& s = o.size;
  if (!kLength.Contains(s.x) || !kLength.Contains(s.y) || !kLength.Contains(s.z)) {
    r.Error(scale.IsDefined() ? scale : asset, path,
            "the mesh's size [" + FormatNumber(s.x) + ", " + FormatNumber(s.y) + ", " +
                FormatNumber(s.z) + "] m is outside " + kLength.Describe() +
                " (the asset is in metres; adjust scale or size)");
  }
}

void ReadOrientation(Reader& r, const YAML::Node& node, const std::string& path, ObjectSpec& o) {
  if (!node.IsDefined() || !r.Keys(node, path, {"yaw", "pitch", "roll", "quaternion"})) return;
  const YAML::Node quaternion = Get(node, "quaternion");
  if (quaternion.IsDefined()) {
    if (Has(node, "yaw") || Has(node, "pitch") || Has(node, "roll")) {
      r.Error(quaternion, Child(path, "quaternion"), "give quaternion or yaw/pitch/roll, not both");
      return;
    }
    const auto q = r.Vector(quaternion, Child(path, "quaternion"), 4, 4, Finite());
    if (!q) return;
    glm::dquat value((*q)[0], (*q)[1], (*q)[2], (*q)[3]);
    const double norm = glm::length(value);
    if (!(norm > 1e-9)) {
      r.Error(quaternion, Child(path, "quaternion"), "expected a non-zero quaternion [w, x, y, z]");
      return;
    }
    o.orientation = std::abs(norm - 1.0) <= 1e-12 ? value : value / norm;
    return;
  }
  const double yaw = r.Number(Get(node, "yaw"), Child(path, "yaw"), Finite(3600.0)).value_or(0.0);
  const double pitch =
      r.Number(Get(node, "pitch"), Child(path, "pitch"), Finite(3600.0)).value_or(0.0);
  const double roll =
      r.Number(Get(node, "roll"), Child(path, "roll"), Finite(3600.0)).value_or(0.0);
  o.orientation = core::FromYawPitchRoll(Radians(yaw), Radians(pitch), Radians(roll));
}

void ReadFront(Reader& r, const YAML::Node& node, const std::string& path, ObjectSpec& o) {
  if (!node.IsDefined()) return;
  if (!IsVectorValued(node)) {
    const auto word = r.Word(node, path, {"+x", "-x", "+y", "-y"});
    if (!word) return;
    const double sign = (*word)[0] == '-' ? -1.0 : 1.0;
    o.front = (*word)[1] == 'x' ? glm::dvec3(sign, 0, 0) : glm::dvec3(0, sign, 0);
    return;
  }
  if (const auto v = ReadUnitVector(r, node, path)) o.front = *v;
}

void ReadPhysics(Reader& r, const YAML::Node& node, const std::string& path, ObjectSpec& o) {
  std::vector<std::string_view> names;
  for (const MaterialInfo& m : kMaterials) names.push_back(m.name);
  const MaterialInfo* material = &kMaterials[0];
  if (const auto word = r.Word(Get(node, "material"), Child(path, "material"), names)) {
    for (const MaterialInfo& m : kMaterials) {
      if (m.name == *word) material = &m;
    }
  }
  o.material = material->material;
  o.mass_kg = r.Number(Get(node, "mass"), Child(path, "mass"), kMass)
                  .value_or(material->density * Volume(o.shape, o.size));
  o.friction = r.Number(Get(node, "friction"), Child(path, "friction"), NonNegative(10.0))
                   .value_or(material->friction);
  o.restitution = r.Number(Get(node, "restitution"), Child(path, "restitution"), Closed(0.0, 1.0))
                      .value_or(material->restitution);
  const YAML::Node damping = Get(node, "damping");
  const std::string damping_path = Child(path, "damping");
  if (damping.IsDefined() && r.Keys(damping, damping_path, {"linear", "angular"})) {
    o.linear_damping =
        r.Number(Get(damping, "linear"), Child(damping_path, "linear"), Closed(0.0, 1.0))
            .value_or(o.linear_damping);
    o.angular_damping =
        r.Number(Get(damping, "angular"), Child(damping_path, "angular"), Closed(0.0, 1.0))
            .value_or(o.angular_damping);
  }
}

// One object mapping; `name` overrides the mapping's name (prototype expansion). False when the
// node is not a mapping.
bool ParseObject(Context& c, const YAML::Node& node, const std::string& path,
                 const std::string* name, bool is_prototype, ObjectDraft& d) {
  Reader& r = c.r;
  std::vector<std::string_view> keys = kObjectKeys;
  if (is_prototype) keys.erase(std::find(keys.begin(), keys.end(), "prototype"));
  if (!r.Keys(node, path, keys)) return false;
  ObjectSpec& o = d.spec;
  d.path = path;
  d.node = node;
  d.position = Get(node, "position");
  d.position_path = Child(path, "position");
  const YAML::Node name_node = Get(node, "name");
  if (r.Require(name_node, node, Child(path, "name"), "name (unique per scene)")) {
    o.name = ReadName(r, name_node, Child(path, "name")).value_or("");
  }
  if (is_prototype) o.prototype = o.name;
  if (name != nullptr) o.name = *name;
  if (!is_prototype) {
    o.prototype = r.Text(Get(node, "prototype"), Child(path, "prototype")).value_or("");
  }
  const int draws = r.draws();
  const auto shape = r.Word(Get(node, "shape"), Child(path, "shape"), kShapes);
  const bool shape_random = r.draws() != draws;
  for (size_t i = 0; shape && i < kShapes.size(); ++i) {
    if (kShapes[i] == *shape) o.shape = static_cast<Shape>(i);
  }
  if (o.shape == Shape::kMesh) {
    if (shape_random) r.Error(node, Child(path, "shape"), "a mesh cannot be a random shape choice");
    ReadMeshSize(c, node, path, o);
  } else {
    Unused(r, node, path, "asset", "is only used by shape: mesh");
    Unused(r, node, path, "up_axis", "is only used by shape: mesh");
    ReadPrimitiveSize(r, node, path, o, shape_random);
  }
  o.color = ReadColor(r, Get(node, "color"), Child(path, "color")).value_or(*PaletteColor("gray"));
  ReadPhysics(r, node, path, o);
  ReadOrientation(r, Get(node, "orientation"), Child(path, "orientation"), o);
  ReadFront(r, Get(node, "front"), Child(path, "front"), o);
  return true;
}

void ParseGroup(Context& c, const YAML::Node& node, const std::string& path,
                std::vector<ObjectDraft>& out) {
  Reader& r = c.r;
  if (!r.Keys(node, path, kGroupKeys)) return;
  const YAML::Node name_node = Get(node, "name");
  std::string prefix = "obj";
  if (r.Require(name_node, node, Child(path, "name"), "name (prefix of the generated names)")) {
    prefix = ReadName(r, name_node, Child(path, "name")).value_or(prefix);
  }
  const YAML::Node prototypes = Get(node, "prototypes");
  const std::string prototypes_path = Child(path, "prototypes");
  if (!prototypes.IsSequence() || prototypes.size() == 0 || prototypes.size() > 64) {
    r.Error(prototypes, prototypes_path,
            "expected a list of 1 to 64 object mappings; found " + Describe(prototypes));
    return;
  }
  std::vector<std::string> names;
  r.Checking([&] {
    for (size_t k = 0; k < prototypes.size(); ++k) {
      ObjectDraft draft;
      ParseObject(c, prototypes[k], Item(prototypes_path, k), nullptr, true, draft);
      ParseMotion(c, draft);  // checked even when the count draws none of this prototype
      names.push_back(draft.spec.prototype);
    }
  });
  std::vector<double> weights;
  if (Has(node, "weights")) {
    weights = r.Weights(Get(node, "weights"), Child(path, "weights"), prototypes.size())
                  .value_or(std::vector<double>{});
  }
  const YAML::Node count_node = Get(node, "count");
  if (!r.Require(count_node, node, Child(path, "count"), "count (how many objects to draw)")) {
    return;
  }
  const auto count = r.Integer(count_node, Child(path, "count"), 0, kMaxObjects);
  if (count && *count > 0 && prefix.size() + 1 + std::to_string(*count - 1).size() > 64) {
    r.Error(name_node, Child(path, "name"),
            "generated names '" + prefix + "_<i>' would be longer than 64 characters");
    return;
  }
  for (int64_t i = 0; count && i < *count; ++i) {
    const size_t k = weights.empty() ? r.PickIndex(prototypes.size()) : r.PickWeighted(weights);
    ObjectDraft d;
    const std::string name = prefix + "_" + std::to_string(i);
    ParseObject(c, prototypes[k], Item(prototypes_path, k), &name, true, d);
    if (Has(node, "position")) {
      d.position = Get(node, "position");
      d.position_path = Child(path, "position");
    }
    out.push_back(std::move(d));
  }
}

}  // namespace

core::Result<glm::dvec3> MeshExtents(Context& c, const std::filesystem::path& path,
                                     assets::UpAxis up) {
  const std::string key = path.string() + (up == assets::UpAxis::kY ? "|y" : "|z");
  auto it = c.meshes.find(key);
  if (it == c.meshes.end()) it = c.meshes.emplace(key, c.mesh_extents(path, up)).first;
  return it->second;
}

void ParseObjects(Context& c, const YAML::Node& node, std::vector<ObjectDraft>& out) {
  Reader& r = c.r;
  if (!node.IsDefined()) return;
  if (!node.IsSequence()) {
    r.Error(node, "objects", "expected a list of objects; found " + Describe(node));
    return;
  }
  size_t i = 0;
  for (const YAML::Node& object : node) {
    const std::string path = Item("objects", i++);
    if (out.size() > kMaxObjects) break;
    if (Has(object, "prototypes")) {
      ParseGroup(c, object, path, out);
      continue;
    }
    ObjectDraft d;
    if (ParseObject(c, object, path, nullptr, false, d)) out.push_back(std::move(d));
  }
  if (out.size() > kMaxObjects) {
    r.Error(node, "objects", "too many objects: at most " + std::to_string(kMaxObjects));
  }
  std::map<std::string, std::string> seen;
  for (const ObjectDraft& d : out) {
    if (d.spec.name.empty()) continue;
    const auto [it, inserted] = seen.emplace(d.spec.name, d.path);
    if (!inserted) {
      const YAML::Node at = Get(d.node, "name");
      r.Error(at.IsDefined() ? at : d.node, Child(d.path, "name"),
              "duplicate object name '" + d.spec.name + "' (also used by " + it->second + ")");
    }
  }
}

}  // namespace synth4d::spec::internal
