// clip, environment, colours and small shared readers.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "parse.h"
#include "synth4d/spec/palette.h"

namespace synth4d::spec::internal {
namespace {

const std::vector<std::string_view>& PaletteNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const PaletteEntry& e : Palette()) out.push_back(e.name);
    return out;
  }();
  return names;
}

std::optional<Color> PlainColor(Reader& r, const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) {
    const auto rgb = r.Vector(node, path, 3, 3, Closed(0.0, 1.0));
    if (!rgb) return std::nullopt;
    return Color{{(*rgb)[0], (*rgb)[1], (*rgb)[2]}, ""};
  }
  if (node.IsMap()) {
    if (!r.Keys(node, path, {"name", "rgb"})) return std::nullopt;
    const auto name = r.Text(Get(node, "name"), Child(path, "name"));
    const YAML::Node rgb_node = Get(node, "rgb");
    if (rgb_node.IsDefined()) {
      const auto rgb = r.Vector(rgb_node, Child(path, "rgb"), 3, 3, Closed(0.0, 1.0));
      if (!rgb) return std::nullopt;
      return Color{{(*rgb)[0], (*rgb)[1], (*rgb)[2]}, name.value_or("")};
    }
    if (!name) {
      r.Error(node, path, "a colour mapping needs `rgb` (and optionally `name`)");
      return std::nullopt;
    }
    return PlainColor(r, Get(node, "name"), Child(path, "name"));
  }
  const auto name = r.Word(node, path, PaletteNames());
  if (!name) return std::nullopt;
  return PaletteColor(*name);
}

void ParseGround(Reader& r, const YAML::Node& node, const std::string& path, Environment& env) {
  if (!node.IsDefined() || !r.Keys(node, path, {"size", "pattern", "color", "color2", "tile"})) {
    return;
  }
  env.ground_size_m = r.Number(Get(node, "size"), Child(path, "size"), Closed(1.0, 1e4))
                          .value_or(env.ground_size_m);
  const auto pattern =
      r.Word(Get(node, "pattern"), Child(path, "pattern"), {"checker", "grid", "plain"});
  if (pattern == "checker") env.ground_pattern = GroundPattern::kChecker;
  if (pattern == "grid") env.ground_pattern = GroundPattern::kGrid;
  if (pattern == "plain") env.ground_pattern = GroundPattern::kPlain;
  env.ground_color =
      ReadColor(r, Get(node, "color"), Child(path, "color")).value_or(env.ground_color);
  env.ground_color2 =
      ReadColor(r, Get(node, "color2"), Child(path, "color2")).value_or(env.ground_color2);
  env.ground_tile_m = r.Number(Get(node, "tile"), Child(path, "tile"), Closed(0.01, 1e4))
                          .value_or(env.ground_tile_m);
}

void ParseSun(Reader& r, const YAML::Node& node, const std::string& path, Environment& env) {
  if (!node.IsDefined() ||
      !r.Keys(node, path, {"direction", "azimuth", "elevation", "intensity"})) {
    return;
  }
  const YAML::Node direction = Get(node, "direction");
  if (direction.IsDefined() && (Has(node, "azimuth") || Has(node, "elevation"))) {
    r.Error(direction, Child(path, "direction"), "give direction or azimuth/elevation, not both");
  } else if (direction.IsDefined()) {
    if (const auto d = ReadUnitVector(r, direction, Child(path, "direction"))) {
      if (d->z < 0.0) {
        env.sun_direction = *d;
      } else {
        r.Error(direction, Child(path, "direction"),
                "the sun must shine downward: direction (the way light travels) needs z < 0");
      }
    }
  } else if (Has(node, "azimuth") || Has(node, "elevation")) {
    const double az = Radians(
        r.Number(Get(node, "azimuth"), Child(path, "azimuth"), Finite(360.0)).value_or(225.0));
    const double el = Radians(
        r.Number(Get(node, "elevation"), Child(path, "elevation"), Range{0.0, 90.0, true, false})
            .value_or(60.0));
    env.sun_direction =
        -glm::dvec3(std::cos(el) * std::cos(az), std::cos(el) * std::sin(az), std::sin(el));
  }
  env.sun_intensity = r.Number(Get(node, "intensity"), Child(path, "intensity"), NonNegative(100.0))
                          .value_or(env.sun_intensity);
}

}  // namespace

glm::dvec3 NormalizeIfNeeded(const glm::dvec3& v) {
  const double length = glm::length(v);
  return std::abs(length - 1.0) <= 1e-12 ? v : v / length;
}

std::optional<glm::dvec3> ReadUnitVector(Reader& r, const YAML::Node& node,
                                         const std::string& path) {
  const auto v = r.Vector(node, path, 3, 3, Finite());
  if (!v) return std::nullopt;
  const glm::dvec3 d((*v)[0], (*v)[1], (*v)[2]);
  if (!(glm::length(d) > 1e-9)) {
    r.Error(node, path, "expected a non-zero direction; found [0, 0, 0]");
    return std::nullopt;
  }
  return NormalizeIfNeeded(d);
}

std::optional<double> ReadAngle(Reader& r, const YAML::Node& map, const std::string& path,
                                const std::string& key, const Range& degrees,
                                std::optional<Range> radians) {
  const YAML::Node deg = Get(map, key);
  const YAML::Node rad = Get(map, key + "_rad");
  if (deg.IsDefined() && rad.IsDefined()) {
    r.Error(rad, Child(path, key + "_rad"),
            "give " + key + " (degrees) or " + key + "_rad (radians), not both");
    return std::nullopt;
  }
  if (deg.IsDefined()) {
    const auto v = r.Number(deg, Child(path, key), degrees);
    return v ? std::optional<double>(Radians(*v)) : std::nullopt;
  }
  if (!radians) {
    radians = Range{Radians(degrees.lo), Radians(degrees.hi), degrees.lo_open, degrees.hi_open};
  }
  return r.Number(rad, Child(path, key + "_rad"), *radians);
}

std::optional<std::string> ReadName(Reader& r, const YAML::Node& node, const std::string& path) {
  const auto name = r.Text(node, path);
  if (!name) return std::nullopt;
  const bool ok = !name->empty() && name->size() <= 64 &&
                  std::all_of(name->begin(), name->end(), [](unsigned char ch) {
                    return std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.';
                  });
  if (!ok) {
    r.Error(node, path,
            "a name has 1 to 64 letters, digits, '_', '-' or '.'; found " + Describe(node));
    return std::nullopt;
  }
  return name;
}

bool IsVectorValued(const YAML::Node& node) {
  if (node.IsSequence()) return true;
  const std::string kind = Reader::DistributionKind(node);
  if (kind.empty()) return false;
  const YAML::Node params = Get(node, kind);
  return params.IsSequence() && params.size() > 0 && params[0].IsSequence();
}

std::optional<Color> ReadColor(Reader& r, const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined()) return std::nullopt;
  const std::string kind = Reader::DistributionKind(node);
  if (kind == "choice") {
    return r.Choice<Color>(
        node, path, [&](const YAML::Node& n, const std::string& p) { return PlainColor(r, n, p); });
  }
  if (!kind.empty()) {
    r.Error(node, path,
            "a colour is a name, [r, g, b], {name, rgb} or {choice: [...]}; found " + kind);
    return std::nullopt;
  }
  return PlainColor(r, node, path);
}

void ParseClip(Reader& r, const YAML::Node& node, ClipSettings& clip) {
  const std::string path = "clip";
  if (!node.IsDefined() ||
      !r.Keys(node, path, {"duration", "fps", "resolution", "width", "height", "seed"})) {
    return;
  }
  clip.duration_s = r.Number(Get(node, "duration"), Child(path, "duration"), Positive(600.0))
                        .value_or(clip.duration_s);
  clip.fps = r.Number(Get(node, "fps"), Child(path, "fps"), Positive(240.0)).value_or(clip.fps);
  const YAML::Node resolution = Get(node, "resolution");
  YAML::Node width = Get(node, "width"), height = Get(node, "height");
  std::string width_path = Child(path, "width"), height_path = Child(path, "height");
  if (resolution.IsDefined()) {
    if (width.IsDefined() || height.IsDefined()) {
      r.Error(resolution, Child(path, "resolution"), "give resolution or width/height, not both");
      return;
    }
    if (!resolution.IsSequence() || resolution.size() != 2) {
      r.Error(resolution, Child(path, "resolution"),
              "expected [width, height]; found " + Describe(resolution));
      return;
    }
    width = resolution[0];
    height = resolution[1];
    width_path = Item(Child(path, "resolution"), 0);
    height_path = Item(Child(path, "resolution"), 1);
  }
  for (auto [n, p, out] : {std::tuple{width, width_path, &clip.width},
                           std::tuple{height, height_path, &clip.height}}) {
    const auto v = r.Integer(n, p, 16, 4096);
    if (!v) continue;
    if (*v % 2 != 0) {
      r.Error(n, p,
              "must be even (the H.264 encoder needs even sizes); found " + std::to_string(*v));
      continue;
    }
    *out = static_cast<int>(*v);
  }
}

void ParseQa(Reader& r, const YAML::Node& node, QaSettings& qa) {
  const std::string path = "qa";
  if (!node.IsDefined() || !r.Keys(node, path, {"contrast_pairs"})) return;
  qa.contrast_pairs =
      r.Bool(Get(node, "contrast_pairs"), Child(path, "contrast_pairs")).value_or(qa.contrast_pairs);
}

void ParseEnvironment(Reader& r, const YAML::Node& node, Environment& env) {
  const std::string path = "environment";
  env.sun_direction = NormalizeIfNeeded(env.sun_direction);  // the default is not unit length
  if (!node.IsDefined() ||
      !r.Keys(node, path, {"ground", "background", "sun", "ambient", "gravity"})) {
    return;
  }
  ParseGround(r, Get(node, "ground"), Child(path, "ground"), env);
  env.background =
      ReadColor(r, Get(node, "background"), Child(path, "background")).value_or(env.background);
  ParseSun(r, Get(node, "sun"), Child(path, "sun"), env);
  env.ambient = r.Number(Get(node, "ambient"), Child(path, "ambient"), NonNegative(10.0))
                    .value_or(env.ambient);
  env.gravity_mps2 = r.Number(Get(node, "gravity"), Child(path, "gravity"), NonNegative(100.0))
                         .value_or(env.gravity_mps2);
}

}  // namespace synth4d::spec::internal
