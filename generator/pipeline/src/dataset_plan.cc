#include "synth4d/pipeline/dataset_plan.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "synth4d/assets/mesh_loader.h"
#include "synth4d/core/file.h"
#include "synth4d/core/rng.h"
#include "synth4d/qa/contrast.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/spec/loader.h"
#include "synth4d/truth/build.h"

namespace synth4d::pipeline {
namespace {

namespace fs = std::filesystem;

bool ValidSplitName(std::string_view name) {
  if (name.empty() || !std::islower(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Mesh extents memoized by file and up axis: resolving every clip of a dataset loads each mesh
// once.
spec::MeshExtentsFn CachedMeshExtents() {
  auto cache = std::make_shared<std::map<std::pair<std::string, int>, core::Result<glm::dvec3>>>();
  auto mutex = std::make_shared<std::mutex>();
  return [cache, mutex](const fs::path& path, assets::UpAxis up) -> core::Result<glm::dvec3> {
    std::lock_guard<std::mutex> lock(*mutex);
    const auto key = std::make_pair(path.string(), static_cast<int>(up));
    auto it = cache->find(key);
    if (it == cache->end()) {
      auto loaded = assets::LoadMesh(path, up);
      core::Result<glm::dvec3> extents =
          loaded.ok()
              ? core::Result<glm::dvec3>(core::Bounds(*loaded).max - core::Bounds(*loaded).min)
              : core::Result<glm::dvec3>(loaded.error());
      it = cache->emplace(key, std::move(extents)).first;
    }
    return it->second;
  };
}

}  // namespace

std::vector<SplitSpec> DefaultSplits() { return {{"train", 0.8}, {"val", 0.1}, {"test", 0.1}}; }

core::Result<std::vector<SplitSpec>> ParseSplits(std::string_view text) {
  std::vector<SplitSpec> splits;
  double sum = 0.0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string item(text.substr(start, end - start));
    start = end + 1;
    const size_t eq = item.find('=');
    const std::string name = item.substr(0, eq);
    if (eq == std::string::npos || !ValidSplitName(name)) {
      return core::InvalidArgument(
          "--split: expected name=fraction with a name of [a-z0-9_], got \"" + item + "\"");
    }
    double fraction = 0.0;
    try {
      size_t used = 0;
      fraction = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      return core::InvalidArgument("--split: \"" + item + "\": the fraction is not a number");
    }
    if (!(fraction >= 0.0 && fraction <= 1.0))
      return core::InvalidArgument("--split: \"" + item + "\": not in [0, 1]");
    for (const SplitSpec& s : splits) {
      if (s.name == name)
        return core::InvalidArgument("--split: split \"" + name + "\" given twice");
    }
    splits.push_back({name, fraction});
    sum += fraction;
  }
  if (std::abs(sum - 1.0) > 1e-6) {
    return core::InvalidArgument("--split: fractions sum to " + std::to_string(sum) + ", not 1");
  }
  return splits;
}

double SplitUnit(std::string_view clip_key) {
  return static_cast<double>(core::SplitMix64(core::Fnv1a64(clip_key)) >> 11) * 0x1.0p-53;
}

const std::string& SplitFor(std::string_view clip_key, const std::vector<SplitSpec>& splits) {
  const double u = SplitUnit(clip_key);
  double cumulative = 0.0;
  for (const SplitSpec& s : splits) {
    cumulative += s.fraction;
    if (u < cumulative) return s.name;
  }
  return splits.back().name;
}

std::string SceneClipKey(const std::string& spec_key, int clip_index) {
  char index[16];
  std::snprintf(index, sizeof(index), "%06d", clip_index);
  std::string key = spec_key + "_" + index;
  for (char& c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '-';
  }
  return key;
}

std::optional<std::pair<int, int>> ParseClipKey(std::string_view key,
                                                const std::vector<std::string>& spec_keys) {
  for (size_t s = 0; s < spec_keys.size(); ++s) {
    const std::string prefix = SceneClipKey(spec_keys[s], 0);
    const std::string_view stem = std::string_view(prefix).substr(0, prefix.size() - 6);
    if (key.substr(0, stem.size()) != stem) continue;
    size_t end = stem.size();
    while (end < key.size() && std::isdigit(static_cast<unsigned char>(key[end]))) ++end;
    if (end - stem.size() < 6 || end - stem.size() > 9) continue;
    if (end < key.size() && key[end] != '_') continue;
    const int index = std::stoi(std::string(key.substr(stem.size(), end - stem.size())));
    if (SceneClipKey(spec_keys[s], index) != key.substr(0, end)) continue;
    return std::make_pair(static_cast<int>(s), index);
  }
  return std::nullopt;
}

core::Result<DatasetPlan> PlanDataset(const PlanOptions& options) {
  if (options.specs.empty()) return core::InvalidArgument("no scene specs given");
  if (options.clips < 1) return core::InvalidArgument("--clips must be at least 1");
  if (options.shard_samples < 1) return core::InvalidArgument("--shard-samples must be at least 1");
  if (options.splits.empty()) return core::InvalidArgument("no splits");
  const bool known_split =
      std::any_of(options.splits.begin(), options.splits.end(),
                  [&](const SplitSpec& s) { return s.name == options.held_out_split; });
  DatasetPlan plan;
  std::set<std::string> keys;
  for (const fs::path& path : options.specs) {
    SYNTH4D_RETURN_IF_ERROR(spec::ValidateSpecFile(path));
    SYNTH4D_ASSIGN_OR_RETURN(std::vector<spec::HeldOutRule> rules,
                             spec::ReadHeldOutRulesFile(path));
    if (!rules.empty() && !known_split) {
      return core::InvalidArgument(path.string() + ": held-out rules need split \"" +
                                   options.held_out_split + "\", which --split does not define");
    }
    const std::string key = path.stem().string();
    if (!keys.insert(key).second)
      return core::InvalidArgument("two specs have the key \"" + key + "\"");
    plan.spec_keys.push_back(key);
    plan.held_out.push_back(std::move(rules));
  }
  const spec::MeshExtentsFn extents = CachedMeshExtents();
  std::vector<std::string> texts;
  for (const fs::path& path : options.specs) {
    SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
    texts.push_back(std::move(text));
  }
  plan.clips.resize(options.specs.size() * static_cast<size_t>(options.clips));
  plan.contrast_pairs.assign(options.specs.size(), options.contrast_pairs);
  std::vector<std::optional<uint64_t>> seeds(options.specs.size());
  std::mutex mutex;
  std::atomic<size_t> next{0};
  auto resolve = [&] {
    for (size_t c = next++; c < plan.clips.size(); c = next++) {
      const size_t s = c / static_cast<size_t>(options.clips);
      const int i = static_cast<int>(c % static_cast<size_t>(options.clips));
      PlannedClip& clip = plan.clips[c];
      clip.spec = static_cast<int>(s);
      clip.index = i;
      clip.key = SceneClipKey(plan.spec_keys[s], i);
      spec::ResolveOptions resolve_options;
      resolve_options.dataset_seed = options.seed;
      resolve_options.clip_index = static_cast<uint64_t>(i);
      resolve_options.mesh_extents = extents;
      auto scene = spec::ResolveSpecString(texts[s], options.specs[s], resolve_options);
      if (!scene.ok()) {
        clip.error = scene.error();
      } else {
        const bool twin = qa::MakesTwin(*scene, options.contrast_pairs);
        {
          std::lock_guard<std::mutex> lock(mutex);
          seeds[s] = scene->clip.dataset_seed;
          if (twin) plan.contrast_pairs[s] = true;
        }
        clip.seed = scene->clip.seed;
        for (const spec::CameraSpec& camera : scene->cameras) {
          clip.sample_keys.push_back(truth::ClipKey(scene->spec_key, i, camera.name));
        }
        if (twin) {
          for (const spec::CameraSpec& camera : scene->cameras) {
            clip.sample_keys.push_back(truth::ClipKey(scene->spec_key + "-mirror", i, camera.name));
          }
        }
        for (const spec::HeldOutRule& rule : plan.held_out[s])
          clip.held_out = clip.held_out || spec::Matches(rule, *scene);
      }
      clip.split = clip.held_out ? options.held_out_split : SplitFor(clip.key, options.splits);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < options.threads; ++t) threads.emplace_back(resolve);
  resolve();
  for (std::thread& t : threads) t.join();
  for (size_t s = 0; s < options.specs.size(); ++s)
    plan.dataset_seeds.push_back(options.seed.value_or(seeds[s].value_or(0)));
  for (const SplitSpec& split : options.splits) {
    std::vector<int> order;
    for (size_t c = 0; c < plan.clips.size(); ++c) {
      if (plan.clips[c].split == split.name && !plan.clips[c].error)
        order.push_back(static_cast<int>(c));
    }
    auto rank = [&](int c) { return core::SplitMix64(core::Fnv1a64(plan.clips[c].key) + 1); };
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      const uint64_t ra = rank(a), rb = rank(b);
      return ra != rb ? ra < rb : plan.clips[a].key < plan.clips[b].key;
    });
    int samples = 0;
    for (int c : order) {
      if (plan.shards.empty() || plan.shards.back().split != split.name ||
          samples >= options.shard_samples) {
        int index = 0;
        if (!plan.shards.empty() && plan.shards.back().split == split.name) {
          index = static_cast<int>(
              std::count_if(plan.shards.begin(), plan.shards.end(),
                            [&](const PlannedShard& p) { return p.split == split.name; }));
        }
        plan.shards.push_back({shard::ShardName(split.name, index), split.name, {}});
        samples = 0;
      }
      plan.shards.back().clips.push_back(c);
      plan.clips[static_cast<size_t>(c)].shard = static_cast<int>(plan.shards.size()) - 1;
      samples += static_cast<int>(plan.clips[static_cast<size_t>(c)].sample_keys.size());
    }
  }
  return plan;
}

}  // namespace synth4d::pipeline
