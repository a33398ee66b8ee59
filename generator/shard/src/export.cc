#include "synth4d/shard/export.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "synth4d/core/file.h"
#include "synth4d/core/frames.h"
#include "synth4d/core/rng.h"
#include "synth4d/encode/video_reader.h"
#include "synth4d/encode/video_writer.h"
#include "synth4d/qa/item.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/shard/qa_files.h"
#include "synth4d/shard/tar.h"
#include "synth4d/shard/webdataset.h"

namespace synth4d::shard {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::string Six(int n) {
  char text[16];
  std::snprintf(text, sizeof(text), "%06d", n);
  return text;
}

// One video as a question shows it: the clip's video, cut at `end` frames when end >= 0.
struct MediaKey {
  std::string clip_key;
  int end = -1;
  bool operator<(const MediaKey& o) const {
    return std::tie(clip_key, end) < std::tie(o.clip_key, o.end);
  }
};

// What a record refers to: one video, or frames, relative to OUT.
struct Media {
  std::vector<std::string> paths;
  std::vector<std::pair<int, int>> sizes;  // frames: width, height of each
};

core::Status WriteJpeg(const fs::path& path, const core::ImageRgba8& image, int quality) {
  tjhandle handle = tjInitCompress();
  if (handle == nullptr)
    return core::MakeError(core::ErrorCode::kInternal, "turbojpeg init failed");
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  const int rc = tjCompress2(handle, image.pixels.data(), image.width, 0, image.height, TJPF_RGBA,
                             &buffer, &size, TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
  core::Status status = core::Ok();
  if (rc != 0) {
    status = core::MakeError(core::ErrorCode::kInternal,
                             path.string() + ": JPEG: " + tjGetErrorStr2(handle));
  } else {
    status =
        core::WriteFileAtomic(path, std::string_view(reinterpret_cast<const char*>(buffer), size));
  }
  tjFree(buffer);
  tjDestroy(handle);
  return status;
}

// Writes frames [0, end) of `video` as a new video at `path` (questions that hold back the end).
core::Status TrimVideo(const fs::path& video, int end, const fs::path& path) {
  SYNTH4D_ASSIGN_OR_RETURN(encode::VideoReader reader, encode::VideoReader::Open(video));
  encode::VideoWriterOptions options;
  options.width = reader.info().width;
  options.height = reader.info().height;
  options.fps_exact = reader.info().fps;
  SYNTH4D_ASSIGN_OR_RETURN(encode::VideoWriter writer, encode::VideoWriter::Open(path, options));
  for (int i = 0; i < end; ++i) {
    core::ImageRgba8 frame;  // fresh each time: the previous one was moved into the writer
    SYNTH4D_ASSIGN_OR_RETURN(bool more, reader.ReadNext(&frame));
    if (!more) break;
    SYNTH4D_RETURN_IF_ERROR(writer.Write(std::move(frame)));
  }
  return writer.Finish();
}

// qwen-vl-finetune reads its datasets from the Python dict `data_dict` (qwenvl/data/__init__.py):
// a module whose entries (name -> annotation file) resolve against its own directory, so the
// export can be moved.
std::string QwenModule(const Json& files) {
  std::string m =
      "# qwen-vl-finetune dataset entries of this synth4d export (docs/datasets.md, \"export\").\n"
      "# In qwenvl/data/__init__.py, after data_dict:\n"
      "#   import sys; sys.path.insert(0, \"/path/to/this/export\")\n"
      "#   from qwen_datasets import DATASETS; data_dict.update(DATASETS)\n"
      "# then train with --dataset_use NAME. Paths follow this file, so the export can move.\n"
      "import os\n\n_ROOT = os.path.dirname(os.path.abspath(__file__))\n\nDATASETS = {\n";
  for (const auto& [name, file] : files.items()) {
    m += "    " + Json(name).dump() + ": {\"annotation_path\": os.path.join(_ROOT, " + file.dump() +
         "), \"data_path\": _ROOT},\n";
  }
  return m + "}\n";
}

class Exporter {
 public:
  Exporter(fs::path dataset, fs::path out, const ExportOptions& options)
      : dataset_(std::move(dataset)), out_(std::move(out)), o_(options) {}

  core::Result<ExportSummary> Run() {
    SYNTH4D_ASSIGN_OR_RETURN(manifest_, ReadManifest(dataset_));
    if (!manifest_.complete || manifest_.part) {
      return core::InvalidArgument(dataset_.string() +
                                   ": not a finished dataset (run generate or merge to the end)");
    }
    SYNTH4D_ASSIGN_OR_RETURN(std::vector<std::string> splits, Splits());
    std::map<std::string, std::vector<qa::QaItem>> items;
    for (const std::string& split : splits) {
      SYNTH4D_ASSIGN_OR_RETURN(std::vector<qa::QaItem> list, ReadSplitItems(dataset_, split));
      int cap = o_.max_per_category > 0 ? o_.max_per_category : 0;
      if (o_.balance_categories) {
        std::map<std::string, int> counts;
        for (const qa::QaItem& item : list) ++counts[item.category];
        for (const auto& [category, n] : counts) cap = cap > 0 ? std::min(cap, n) : n;
      }
      if (cap > 0) list = CapCategories(std::move(list), cap);
      for (const qa::QaItem& item : list) wanted_.insert({item.clip_key, item.video_end_frame});
      items[split] = std::move(list);
    }
    std::error_code ec;
    fs::create_directories(out_, ec);
    if (ec) return core::MakeError(core::ErrorCode::kIo, out_.string() + ": " + ec.message());
    SYNTH4D_RETURN_IF_ERROR(WriteMedia());
    Json registry = Json::object();
    for (const std::string& split : splits) {
      SYNTH4D_RETURN_IF_ERROR(WriteSplit(split, items[split], registry));
    }
    if (o_.format != SftFormat::kLlava) {
      const bool qwen = o_.format == SftFormat::kQwen;
      const std::string file = o_.format == SftFormat::kLlamaFactory ? "dataset_info.json"
                               : qwen                                ? "qwen_datasets.py"
                                                                     : "internvl_meta.json";
      const std::string text = qwen ? QwenModule(registry) : registry.dump(2) + "\n";
      SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(out_ / file, text));
      summary_.files.push_back(file);
    }
    return summary_;
  }

 private:
  core::Result<std::vector<std::string>> Splits() const {
    std::vector<std::string> all;
    for (const SplitRecord& s : manifest_.config.splits) all.push_back(s.name);
    if (o_.splits.empty()) {
      std::vector<std::string> chosen;
      for (const std::string& s : all) {
        if (s != "test" && s != manifest_.config.held_out_split) chosen.push_back(s);
      }
      return chosen;
    }
    for (const std::string& s : o_.splits) {
      if (std::find(all.begin(), all.end(), s) == all.end()) {
        return core::InvalidArgument("--splits: the dataset has no split \"" + s + "\"");
      }
    }
    return o_.splits;
  }

  // Extracts every wanted video from the shards and writes the media records refer to.
  core::Status WriteMedia() {
    std::map<std::string, std::vector<int>> ends;  // clip key -> the cuts wanted (-1 = whole)
    for (const MediaKey& m : wanted_) ends[m.clip_key].push_back(m.end);
    for (const ShardRecord& shard : manifest_.shards) {
      const bool any = std::any_of(shard.keys.begin(), shard.keys.end(),
                                   [&](const std::string& k) { return ends.count(k) != 0; });
      if (!any) continue;
      SYNTH4D_ASSIGN_OR_RETURN(TarReader reader, TarReader::Open(dataset_ / shard.name));
      while (true) {
        SYNTH4D_ASSIGN_OR_RETURN(std::optional<TarEntry> entry, reader.Next());
        if (!entry) break;
        const auto [key, field] = SplitMemberName(entry->name);
        if (field != "mp4" || ends.count(key) == 0) continue;
        SYNTH4D_ASSIGN_OR_RETURN(std::string bytes, reader.ReadData());
        SYNTH4D_RETURN_IF_ERROR(WriteClipMedia(key, bytes, ends[key]));
        ends.erase(key);
      }
    }
    if (!ends.empty()) {
      return core::InvalidArgument(dataset_.string() + ": no video for " + ends.begin()->first +
                                   " in the shards");
    }
    return core::Ok();
  }

  core::Status WriteClipMedia(const std::string& key, const std::string& bytes,
                              const std::vector<int>& ends) {
    const bool whole_file = o_.frames == 0 && std::count(ends.begin(), ends.end(), -1) > 0;
    const fs::path video =
        whole_file ? out_ / "videos" / (key + ".mp4") : out_ / ("." + key + ".mp4.tmp");
    SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(video, bytes));
    summary_.videos += whole_file ? 1 : 0;
    for (int end : ends) {
      if (o_.frames == 0 && end >= 0) {
        const std::string name = "videos/" + key + "_end" + Six(end) + ".mp4";
        SYNTH4D_RETURN_IF_ERROR(TrimVideo(video, end, out_ / name));
        media_[{key, end}].paths = {name};
        ++summary_.videos;
      } else if (o_.frames == 0) {
        media_[{key, end}].paths = {"videos/" + key + ".mp4"};
      } else {
        SYNTH4D_RETURN_IF_ERROR(WriteFrames(key, video, end));
      }
    }
    std::error_code ec;
    if (!whole_file) fs::remove(video, ec);
    return core::Ok();
  }

  core::Status WriteFrames(const std::string& key, const fs::path& video, int end) {
    SYNTH4D_ASSIGN_OR_RETURN(encode::VideoReader reader, encode::VideoReader::Open(video));
    const int n = static_cast<int>(reader.info().frame_count);
    const std::vector<int> picked = core::UniformFrames(end >= 0 ? std::min(end, n) : n, o_.frames);
    const std::vector<int64_t> indices(picked.begin(), picked.end());
    SYNTH4D_ASSIGN_OR_RETURN(std::vector<core::ImageRgba8> frames, reader.ReadFrames(indices));
    Media& media = media_[{key, end}];
    for (size_t i = 0; i < frames.size(); ++i) {
      const std::string name = "frames/" + key + "/" + Six(picked[i]) + ".jpg";
      if (written_frames_.insert(name).second) {
        SYNTH4D_RETURN_IF_ERROR(WriteJpeg(out_ / name, frames[i], o_.jpeg_quality));
        ++summary_.frames;
      }
      media.paths.push_back(name);
      media.sizes.emplace_back(frames[i].width, frames[i].height);
    }
    return core::Ok();
  }

  Json Record(const qa::QaItem& item, int index) const {
    const Media& media = media_.at({item.clip_key, item.video_end_frame});
    const bool frames = o_.frames > 0;
    const std::string text = PromptText(item, o_.rationale);
    const std::string answer = AnswerText(item, o_.rationale);
    std::string placeholders;
    for (size_t i = 0; i < media.paths.size(); ++i) {
      switch (o_.format) {
        case SftFormat::kLlava:
          placeholders += "<image>\n";
          break;
        case SftFormat::kLlamaFactory:  // frames are one video: a single <video> (below)
          placeholders = "<video>";
          break;
        case SftFormat::kQwen:
          placeholders += frames ? "<image>\n" : "<video>\n";
          break;
        case SftFormat::kInternVl:
          placeholders += frames ? "Frame-" + std::to_string(i + 1) + ": <image>\n" : "<video>\n";
          break;
      }
    }
    const Json conversation = Json::array({{{"from", "human"}, {"value", placeholders + text}},
                                           {{"from", "gpt"}, {"value", answer}}});
    const Json paths = media.paths;
    Json r;
    switch (o_.format) {
      case SftFormat::kLlava:
        r["id"] = item.id;
        r[frames ? "image" : "video"] = frames ? paths : Json(media.paths[0]);
        r["data_source"] = o_.name;
        r["conversations"] = conversation;
        break;
      case SftFormat::kLlamaFactory:
        r["conversations"] = conversation;
        r["videos"] = frames ? Json::array({paths}) : paths;  // frames: [[frame, ...]]
        break;
      case SftFormat::kQwen:
        r["id"] = item.id;
        r[frames ? "image" : "video"] = frames ? paths : Json(media.paths[0]);
        r["conversations"] = conversation;
        break;
      case SftFormat::kInternVl:
        r["id"] = index;
        if (frames) {
          r["image"] = paths;
          Json widths = Json::array(), heights = Json::array();
          for (const auto& [w, h] : media.sizes) {
            widths.push_back(w);
            heights.push_back(h);
          }
          r["width_list"] = widths;
          r["height_list"] = heights;
        } else {
          r["video"] = media.paths[0];
        }
        r["conversations"] = conversation;
        break;
    }
    return r;
  }

  core::Status WriteSplit(const std::string& split, const std::vector<qa::QaItem>& items,
                          Json& registry) {
    const std::string stem = std::string(SftFormatName(o_.format)) + "_" + split;
    const bool jsonl = o_.format == SftFormat::kInternVl;
    const std::string file = stem + (jsonl ? ".jsonl" : ".json");
    std::string text = jsonl ? "" : "[\n";
    for (size_t i = 0; i < items.size(); ++i) {
      text += Record(items[i], static_cast<int>(i)).dump();
      text += jsonl ? "\n" : (i + 1 < items.size() ? ",\n" : "\n");
    }
    if (!jsonl) text += "]\n";
    SYNTH4D_RETURN_IF_ERROR(core::WriteFileAtomic(out_ / file, text));
    summary_.files.push_back(file);
    summary_.records += static_cast<int>(items.size());
    const std::string name = o_.name + "_" + split;
    const std::string root = fs::absolute(out_).lexically_normal().string();
    switch (o_.format) {
      case SftFormat::kLlava:
        break;
      case SftFormat::kLlamaFactory:
        registry[name] = {{"file_name", file},
                          {"formatting", "sharegpt"},
                          {"columns", {{"messages", "conversations"}, {"videos", "videos"}}}};
        break;
      case SftFormat::kQwen:
        registry[name] = file;
        break;
      case SftFormat::kInternVl:
        registry[name] = {{"root", root + "/"},
                          {"annotation", (fs::path(root) / file).string()},
                          {"data_augment", false},
                          {"repeat_time", 1},
                          {"length", items.size()}};
        break;
    }
    return core::Ok();
  }

  fs::path dataset_;
  fs::path out_;
  const ExportOptions& o_;
  Manifest manifest_;
  std::set<MediaKey> wanted_;
  std::map<MediaKey, Media> media_;
  std::set<std::string> written_frames_;
  ExportSummary summary_;
};

}  // namespace

core::Result<SftFormat> ParseSftFormat(std::string_view name) {
  for (SftFormat f :
       {SftFormat::kLlava, SftFormat::kLlamaFactory, SftFormat::kQwen, SftFormat::kInternVl}) {
    if (name == SftFormatName(f)) return f;
  }
  return core::InvalidArgument("unknown export format \"" + std::string(name) +
                               "\" (llava, llamafactory, qwen, internvl)");
}

const char* SftFormatName(SftFormat format) {
  switch (format) {
    case SftFormat::kLlava:
      return "llava";
    case SftFormat::kLlamaFactory:
      return "llamafactory";
    case SftFormat::kQwen:
      return "qwen";
    case SftFormat::kInternVl:
      return "internvl";
  }
  return "?";
}

std::string PromptText(const qa::QaItem& item, bool rationale) {
  std::string text = item.question + "\n";
  for (size_t i = 0; i < item.options.size(); ++i) {
    text += std::string(1, static_cast<char>('A' + i)) + ". " + item.options[i] + "\n";
  }
  return text + (rationale
                     ? "Explain what you see in the video, then end with \"Answer: \" and the "
                       "option's letter."
                     : "Answer with the option's letter from the given choices directly.");
}

std::string AnswerText(const qa::QaItem& item, bool rationale) {
  std::string letter(1, item.AnswerLetter());
  if (!rationale) return letter;
  return item.rationale + " Answer: " + letter + ".";
}

std::vector<qa::QaItem> CapCategories(std::vector<qa::QaItem> items, int cap) {
  std::map<std::string, std::vector<std::pair<uint64_t, std::string>>> by_category;
  for (const qa::QaItem& item : items) {
    by_category[item.category].emplace_back(core::SplitMix64(core::Fnv1a64(item.id)), item.id);
  }
  std::set<std::string> kept;
  for (auto& [category, list] : by_category) {
    std::sort(list.begin(), list.end());
    for (size_t i = 0; i < list.size() && i < static_cast<size_t>(cap); ++i)
      kept.insert(list[i].second);
  }
  std::erase_if(items, [&](const qa::QaItem& item) { return kept.count(item.id) == 0; });
  return items;
}

core::Result<ExportSummary> ExportSft(const fs::path& dataset, const fs::path& out,
                                      const ExportOptions& options) {
  if (options.frames < 0) return core::InvalidArgument("--frames must be >= 0");
  Exporter exporter(dataset, out, options);
  return exporter.Run();
}

}  // namespace synth4d::shard
