// libFuzzer target for the scene-spec loader: any bytes must give a scene or located issues,
// never a crash, hang, leak or undefined behaviour; a resolved scene must round-trip through
// ToYaml exactly. Built and run by tools/fuzz-spec.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "synth4d/spec/loader.h"
#include "synth4d/spec/to_yaml.h"

namespace {

using synth4d::spec::ResolveOptions;

// Meshes are stubbed so inputs cannot make the fuzzer read files from the disk.
ResolveOptions FuzzOptions() {
  ResolveOptions options;
  options.mesh_extents = [](const std::filesystem::path&, synth4d::assets::UpAxis) {
    return synth4d::core::Result<glm::dvec3>(glm::dvec3(1.0, 0.5, 0.25));
  };
  return options;
}

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "spec_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void CheckIssues(const synth4d::core::Error& error) {
  if (error.issues.empty()) Fail("an error without issues", error.ToString());
  for (const auto& issue : error.issues) {
    if (issue.where.rfind("fuzz.yaml", 0) != 0 || issue.message.empty()) {
      Fail("an issue without a location or message", error.ToString());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ResolveOptions options = FuzzOptions();
  const auto status = synth4d::spec::ValidateSpecString(text, "fuzz.yaml", options);
  if (!status.ok()) CheckIssues(status.error());
  const auto scene = synth4d::spec::ResolveSpecString(text, "fuzz.yaml", options);
  if (!scene.ok()) {
    CheckIssues(scene.error());
    return 0;
  }
  const std::string yaml = synth4d::spec::ToYaml(*scene);
  const auto again = synth4d::spec::ResolveSpecString(yaml, "resolved.yaml", options);
  if (!again.ok())
    Fail("the resolved scene does not read back", again.error().ToString() + "\n" + yaml);
  if (!(*again == *scene) || synth4d::spec::ToYaml(*again) != yaml) {
    Fail("the resolved scene does not round-trip",
         yaml + "\n---\n" + synth4d::spec::ToYaml(*again));
  }
  return 0;
}
