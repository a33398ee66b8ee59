#pragma once
// Helpers for the spec tests: inline specs resolved with a mesh stub, issue lookup.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "synth4d/spec/loader.h"

namespace synth4d::spec::testing {

// Options whose mesh probe returns extents [2, 1, 0.5] for any file name containing "mesh".
inline ResolveOptions StubOptions() {
  ResolveOptions options;
  options.mesh_extents = [](const std::filesystem::path& p,
                            assets::UpAxis) -> core::Result<glm::dvec3> {
    if (p.string().find("mesh") == std::string::npos) {
      return core::MakeError(core::ErrorCode::kNotFound, p.string() + ": mesh file not found");
    }
    return glm::dvec3(2.0, 1.0, 0.5);
  };
  return options;
}

// Resolves `yaml` as "test.yaml" with the stub; fails the test on error.
inline ResolvedScene Resolve(std::string_view yaml, ResolveOptions options = StubOptions()) {
  auto scene = ResolveSpecString(yaml, "test.yaml", options);
  EXPECT_TRUE(scene.ok()) << scene.error().ToString();
  return scene.ok() ? *scene : ResolvedScene{};
}

// The issues of resolving `yaml` (empty when it resolves).
inline std::vector<core::Issue> Issues(std::string_view yaml, bool validate = false) {
  if (validate) {
    const auto status = ValidateSpecString(yaml, "test.yaml", StubOptions());
    return status.ok() ? std::vector<core::Issue>{} : status.error().issues;
  }
  const auto scene = ResolveSpecString(yaml, "test.yaml", StubOptions());
  return scene.ok() ? std::vector<core::Issue>{} : scene.error().issues;
}

// All issues joined, for failure messages.
inline std::string Dump(const std::vector<core::Issue>& issues) {
  std::string out;
  for (const auto& i : issues) out += i.where + " " + i.field + ": " + i.message + "\n";
  return out;
}

}  // namespace synth4d::spec::testing
