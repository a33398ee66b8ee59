#pragma once
// Internal: the parts of a scene spec. loader.cc calls them in a fixed order (clip, environment,
// object fields, placement, motions, cameras), which is also the order of all random draws.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reader.h"
#include "synth4d/spec/dataset.h"
#include "synth4d/spec/loader.h"
#include "synth4d/spec/scene.h"

namespace synth4d::spec::internal {

struct Context {
  Reader& r;
  std::filesystem::path base_dir;                          // directory of the spec file (absolute)
  MeshExtentsFn mesh_extents;                              // never empty
  std::map<std::string, core::Result<glm::dvec3>> meshes;  // cache keyed by path and up axis
};

// An object whose position and motion are read after every object's other fields.
struct ObjectDraft {
  ObjectSpec spec;
  std::string path;     // "objects[2]" or "objects[3].prototypes[1]"
  YAML::Node node;      // the object's mapping (motion is read from it)
  YAML::Node position;  // the position node (a group's position overrides the prototype's)
  std::string position_path;
};

// Reads `clip` (all keys but the seed, which loader.cc reads first).
void ParseClip(Reader& r, const YAML::Node& node, ClipSettings& clip);
// Reads `environment`.
void ParseEnvironment(Reader& r, const YAML::Node& node, Environment& env);
// Reads the `qa` section (absent: defaults).
void ParseQa(Reader& r, const YAML::Node& node, QaSettings& qa);
// Reads the `dataset` section's held-out rules into `rules` (absent: none).
void ParseDataset(Reader& r, const YAML::Node& node, std::vector<HeldOutRule>& rules);
// Reads a colour: palette name, [r, g, b] in [0, 1], {name, rgb} or a choice of these.
std::optional<Color> ReadColor(Reader& r, const YAML::Node& node, const std::string& path);
// Reads a non-zero 3-vector and makes it unit length (kept as is when already unit within 1e-12).
std::optional<glm::dvec3> ReadUnitVector(Reader& r, const YAML::Node& node,
                                         const std::string& path);
// `v / |v|`, or `v` itself when |v| is already 1 within 1e-12 (so resolved files read back
// exactly).
glm::dvec3 NormalizeIfNeeded(const glm::dvec3& v);

// Mesh extents from the cache or `mesh_extents`.
core::Result<glm::dvec3> MeshExtents(Context& c, const std::filesystem::path& path,
                                     assets::UpAxis up);
// Reads `objects` (fields other than position and motion), expanding prototype groups.
void ParseObjects(Context& c, const YAML::Node& node, std::vector<ObjectDraft>& out);
// Reads positions: fixed ones first, then random ones by rejection sampling against all placed.
void PlaceObjects(Context& c, std::vector<ObjectDraft>& drafts);
// Reads the object's `motion`, deriving segment fields from its placed pose.
void ParseMotion(Context& c, ObjectDraft& d);
// Reads `cameras` (a default camera when absent); follow targets must name one of `objects`.
void ParseCameras(Context& c, const YAML::Node& node, const std::vector<ObjectSpec>& objects,
                  std::vector<CameraSpec>& out);

// Height of the body's centre above its lowest point in orientation `q` (m).
double RestHeight(Shape shape, const glm::dvec3& size, const glm::dquat& q);

// Converts degrees to radians.
inline double Radians(double deg) { return deg * (3.14159265358979323846 / 180.0); }

// Reads the angle `key` (degrees) or `key`_rad (radians), not both, as radians; `degrees` is the
// allowed range in degrees, `radians` that of `key`_rad (default: `degrees` converted).
// nullopt when both are absent or the value is invalid.
std::optional<double> ReadAngle(Reader& r, const YAML::Node& map, const std::string& path,
                                const std::string& key, const Range& degrees,
                                std::optional<Range> radians = std::nullopt);
// Reads an object or camera name: 1 to 64 letters, digits, '_', '-' or '.'.
std::optional<std::string> ReadName(Reader& r, const YAML::Node& node, const std::string& path);
// True when `node` holds a vector: a list, or a distribution whose parameters are lists.
bool IsVectorValued(const YAML::Node& node);

}  // namespace synth4d::spec::internal
