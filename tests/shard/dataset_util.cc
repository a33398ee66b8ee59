#include "dataset_util.h"

#include <gtest/gtest.h>

#include "synth4d/core/file.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/shard/webdataset.h"
#include "test_util.h"

namespace synth4d::testing {
namespace {

namespace fs = std::filesystem;

class RedFailing : public renderer::Renderer {
 public:
  core::Status RenderClip(const renderer::RenderScene& scene,
                          std::span<const renderer::FrameInput> frames,
                          const renderer::RenderOptions& options,
                          const renderer::FrameSink& sink) override {
    const glm::vec3 c = scene.objects.at(0).base_color_linear;
    if (c.r > 0.3f && c.g < 0.1f && c.b < 0.1f) {
      return core::MakeError(core::ErrorCode::kUnavailable, "injected device loss (red object)");
    }
    return fake_->RenderClip(scene, frames, options, sink);
  }
  std::string DeviceName() const override { return "red-failing fake"; }

 private:
  std::unique_ptr<renderer::Renderer> fake_ = renderer::CreateFakeRenderer();
};

}  // namespace

pipeline::DatasetOptions TinyOptions(int clips, int workers) {
  pipeline::DatasetOptions o;
  o.plan.specs = {DataFile("tiny.yaml")};
  o.plan.clips = clips;
  o.plan.splits = {{"train", 0.5}, {"val", 0.25}, {"test", 0.25}};
  o.plan.shard_samples = 4;
  o.workers = workers;
  o.renderer_name = "fake";
  o.make_renderer = [] {
    return core::Result<std::unique_ptr<renderer::Renderer>>(renderer::CreateFakeRenderer());
  };
  o.templates_dir = fs::path(SYNTH4D_SOURCE_DIR) / "qa_templates";
  // tiny.yaml asks the same few questions of every clip: keep them all, however unbalanced.
  o.balance.min_value_count = 1;
  o.balance.min_values = 1;
  return o;
}

pipeline::RendererFactory RedFailingRenderer() {
  return [] {
    return core::Result<std::unique_ptr<renderer::Renderer>>(std::make_unique<RedFailing>());
  };
}

std::map<std::string, std::string> ShardMembers(const fs::path& dir) {
  std::map<std::string, std::string> members;
  auto manifest = shard::ReadManifest(dir);
  EXPECT_TRUE(manifest.ok());
  if (!manifest.ok()) return members;
  for (const shard::ShardRecord& record : manifest->shards) {
    auto samples = shard::ReadShard(dir / record.name);
    EXPECT_TRUE(samples.ok()) << samples.error().ToString();
    if (!samples.ok()) continue;
    for (const shard::Sample& s : *samples) {
      for (const shard::Sample::Field& f : s.fields) members[s.key + "." + f.field] = f.data;
    }
  }
  return members;
}

std::string FileBytes(const fs::path& dir, const std::string& name) {
  auto bytes = core::ReadFile(dir / name);
  return bytes.ok() ? *bytes : "";
}

}  // namespace synth4d::testing
