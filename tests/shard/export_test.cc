// SFT exports of a generated dataset (structure of each format), stats of it, and the CLI:
// exit codes of generate with failed clips, export and stats.
#include "synth4d/shard/export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "dataset_util.h"
#include "synth4d/core/file.h"
#include "synth4d/encode/video_reader.h"
#include "synth4d/encode/video_writer.h"
#include "synth4d/shard/manifest.h"
#include "synth4d/shard/qa_files.h"
#include "synth4d/shard/stats.h"
#include "synth4d/shard/webdataset.h"
#include "test_util.h"

namespace synth4d::shard {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using ::testing::HasSubstr;

class ExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dataset_ = new fs::path(testing::FreshDir("export_dataset"));
    auto summary = pipeline::GenerateDataset(testing::TinyOptions(8, 2), *dataset_);
    ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  }
  static void TearDownTestSuite() { delete dataset_; }
  static const fs::path& Dataset() { return *dataset_; }

  // Questions of train and val (what an export takes by default).
  static size_t TrainValItems() {
    return ReadSplitItems(Dataset(), "train")->size() + ReadSplitItems(Dataset(), "val")->size();
  }

 private:
  static fs::path* dataset_;
};

fs::path* ExportTest::dataset_ = nullptr;

int Count(const std::string& text, const std::string& token) {
  int n = 0;
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) ++n;
  return n;
}

std::vector<Json> Records(const fs::path& file) {
  const std::string text = testing::FileBytes(file.parent_path(), file.filename().string());
  std::vector<Json> records;
  if (file.extension() == ".jsonl") {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) records.push_back(Json::parse(line));
  } else {
    for (const Json& r : Json::parse(text)) records.push_back(r);
  }
  return records;
}

// Checks one record: media paths exist under `out`, placeholders match media, roles alternate.
void CheckRecord(const Json& r, const fs::path& out, const std::string& media_key,
                 const std::string& token, bool letter_answer) {
  std::vector<std::string> media;
  if (r[media_key].is_array()) {
    for (const Json& p : r[media_key]) media.push_back(p.get<std::string>());
  } else {
    media.push_back(r[media_key].get<std::string>());
  }
  for (const std::string& path : media) {
    EXPECT_FALSE(fs::path(path).is_absolute()) << path;
    EXPECT_TRUE(fs::is_regular_file(out / path)) << path;
  }
  const Json& turns = r["conversations"];
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0]["from"], "human");
  EXPECT_EQ(turns[1]["from"], "gpt");
  const std::string human = turns[0]["value"];
  EXPECT_EQ(Count(human, token), static_cast<int>(media.size())) << human;
  EXPECT_THAT(human, HasSubstr("\nA. "));
  const std::string answer = turns[1]["value"];
  if (letter_answer) {
    EXPECT_TRUE(std::regex_match(answer, std::regex("[A-F]"))) << answer;
  } else {
    EXPECT_TRUE(std::regex_search(answer, std::regex(" Answer: [A-F]\\.$"))) << answer;
  }
}

TEST_F(ExportTest, Llava) {
  const fs::path out = testing::FreshDir("export_llava");
  ExportOptions o;
  o.format = SftFormat::kLlava;
  auto summary = ExportSft(Dataset(), out, o);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_THAT(summary->files, ::testing::ElementsAre("llava_train.json", "llava_val.json"));
  size_t n = 0;
  for (const std::string& file : summary->files) {
    for (const Json& r : Records(out / file)) {
      CheckRecord(r, out, "video", "<image>", true);
      EXPECT_EQ(r["data_source"], "synth4d");
      ++n;
    }
  }
  EXPECT_GT(n, 0u);
  EXPECT_EQ(n, TrainValItems());
  EXPECT_FALSE(fs::exists(out / "llava_test.json"));  // test clips stay out by default
}

TEST_F(ExportTest, LlamaFactoryWithDatasetInfo) {
  const fs::path out = testing::FreshDir("export_llamafactory");
  ExportOptions o;
  o.format = SftFormat::kLlamaFactory;
  o.rationale = true;
  auto summary = ExportSft(Dataset(), out, o);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  const Json info = Json::parse(testing::FileBytes(out, "dataset_info.json"));
  ASSERT_TRUE(info.contains("synth4d_train"));
  EXPECT_EQ(info["synth4d_train"]["file_name"], "llamafactory_train.json");
  EXPECT_EQ(info["synth4d_train"]["formatting"], "sharegpt");
  EXPECT_EQ(info["synth4d_train"]["columns"]["messages"], "conversations");
  EXPECT_EQ(info["synth4d_train"]["columns"]["videos"], "videos");
  const std::vector<Json> records = Records(out / "llamafactory_train.json");
  EXPECT_FALSE(records.empty());
  for (const Json& r : records) CheckRecord(r, out, "videos", "<video>", false);
}

// LLaMA-Factory takes sampled frames as one video (a list of frame lists, one <video> tag), so a
// video model sees a clip rather than unrelated images.
TEST_F(ExportTest, LlamaFactoryFramesAreOneVideo) {
  const fs::path out = testing::FreshDir("export_llamafactory_frames");
  ExportOptions o;
  o.format = SftFormat::kLlamaFactory;
  o.frames = 4;
  auto summary = ExportSft(Dataset(), out, o);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  const Json info = Json::parse(testing::FileBytes(out, "dataset_info.json"));
  EXPECT_EQ(info["synth4d_train"]["columns"]["videos"], "videos");
  EXPECT_FALSE(info["synth4d_train"]["columns"].contains("images"));
  const std::vector<Json> records = Records(out / "llamafactory_train.json");
  ASSERT_FALSE(records.empty());
  for (const Json& r : records) {
    ASSERT_EQ(r["videos"].size(), 1u);
    EXPECT_EQ(r["videos"][0].size(), 4u);
    EXPECT_FALSE(r.contains("images"));
    for (const Json& frame : r["videos"][0]) {
      EXPECT_TRUE(fs::is_regular_file(out / frame.get<std::string>())) << frame;
    }
    EXPECT_EQ(Count(r["conversations"][0]["value"].get<std::string>(), "<video>"), 1);
  }
}

TEST_F(ExportTest, QwenFramesAreSampledJpegs) {
  const fs::path out = testing::FreshDir("export_qwen");
  ExportOptions o;
  o.format = SftFormat::kQwen;
  o.frames = 4;
  o.splits = {"train", "test"};
  auto summary = ExportSft(Dataset(), out, o);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_GT(summary->frames, 0);
  EXPECT_EQ(summary->videos, 0);
  const std::vector<Json> records = Records(out / "qwen_test.json");
  EXPECT_FALSE(records.empty());
  for (const Json& r : records) {
    CheckRecord(r, out, "image", "<image>", true);
    EXPECT_EQ(r["image"].size(), 4u);
    EXPECT_EQ(r["image"][0].get<std::string>().substr(0, 7), "frames/");
  }
  // qwen-vl-finetune's registry is a Python dict: the export's module gives entries relative to
  // its own directory, so the export can be moved (tests/loaders imports it after a move).
  const std::string module = testing::FileBytes(out, "qwen_datasets.py");
  EXPECT_THAT(module, HasSubstr("\"synth4d_test\": {\"annotation_path\": os.path.join(_ROOT, "
                                "\"qwen_test.json\"), \"data_path\": _ROOT},"));
  EXPECT_THAT(module, ::testing::Not(HasSubstr(out.string())));
  EXPECT_FALSE(fs::exists(out / "qwen_datasets.json"));
  const std::string jpeg =
      testing::FileBytes(out, Records(out / "qwen_train.json").at(0)["image"][0]);
  ASSERT_GT(jpeg.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(jpeg[0]), 0xFF);  // JPEG SOI marker
  EXPECT_EQ(static_cast<unsigned char>(jpeg[1]), 0xD8);
}

TEST_F(ExportTest, InternVlJsonlAndMeta) {
  const fs::path out = testing::FreshDir("export_internvl");
  ExportOptions o;
  o.format = SftFormat::kInternVl;
  o.max_per_category = 1;
  auto summary = ExportSft(Dataset(), out, o);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  const Json meta = Json::parse(testing::FileBytes(out, "internvl_meta.json"));
  const std::vector<Json> records = Records(out / "internvl_train.jsonl");
  EXPECT_EQ(meta["synth4d_train"]["length"], records.size());
  EXPECT_EQ(meta["synth4d_train"]["repeat_time"], 1);
  EXPECT_FALSE(records.empty());
  for (size_t i = 0; i < records.size(); ++i) {
    CheckRecord(records[i], out, "video", "<video>\n", true);
    EXPECT_EQ(records[i]["id"], i);
  }
  const auto train = ReadSplitItems(Dataset(), "train");
  ASSERT_TRUE(train.ok());
  std::set<std::string> categories;
  for (const qa::QaItem& item : *train) categories.insert(item.category);
  EXPECT_EQ(records.size(), categories.size());  // --max-per-category 1: one per category

  const fs::path frames = testing::FreshDir("export_internvl_frames");
  o.frames = 3;
  ASSERT_TRUE(ExportSft(Dataset(), frames, o).ok());
  const std::vector<Json> frame_records = Records(frames / "internvl_train.jsonl");
  EXPECT_EQ(frame_records.size(), records.size());
  for (const Json& r : frame_records) {
    CheckRecord(r, frames, "image", "<image>", true);
    EXPECT_THAT(r["conversations"][0]["value"].get<std::string>(), HasSubstr("Frame-3: <image>\n"));
    EXPECT_EQ(r["width_list"][0], 64);
    EXPECT_EQ(r["height_list"][0], 48);
  }
}

TEST_F(ExportTest, UnknownSplitIsAnError) {
  ExportOptions o;
  o.splits = {"dev"};
  auto summary = ExportSft(Dataset(), testing::FreshDir("export_bad"), o);
  ASSERT_FALSE(summary.ok());
  EXPECT_THAT(summary.error().message, HasSubstr("no split \"dev\""));
}

TEST_F(ExportTest, StatsMatchTheQuestionFiles) {
  auto stats = DatasetStatistics(Dataset(), false);
  ASSERT_TRUE(stats.ok()) << stats.error().ToString();
  for (const char* split : {"train", "val", "test"}) {
    const auto items = ReadSplitItems(Dataset(), split);
    ASSERT_TRUE(items.ok());
    EXPECT_EQ(stats->items.at(split), static_cast<int>(items->size()));
    int letters = 0;
    if (stats->letters.count(split)) {
      for (const auto& [l, n] : stats->letters.at(split)) letters += n;
    }
    EXPECT_EQ(letters, static_cast<int>(items->size()));
  }
  for (const char* file :
       {"stats.json", "categories.png", "templates.png", "letters.png", "baselines.png"}) {
    EXPECT_TRUE(fs::is_regular_file(Dataset() / "stats" / file)) << file;
  }
  auto raw = DatasetStatistics(Dataset(), true);
  ASSERT_TRUE(raw.ok());
  EXPECT_GE(raw->items.at("train"), stats->items.at("train"));
}

// A hand-made dataset with one question that holds back the end of its 12-frame video.
fs::path HeldBackDataset() {
  const fs::path dir = testing::FreshDir("export_held_back");
  encode::VideoWriterOptions video;
  video.width = 64;
  video.height = 48;
  auto writer = encode::VideoWriter::Open(dir / "v.mp4", video);
  EXPECT_TRUE(writer.ok());
  for (int i = 0; i < 12; ++i) {
    EXPECT_TRUE(writer->Write(core::ImageRgba8(64, 48, 4, static_cast<uint8_t>(20 * i))).ok());
  }
  EXPECT_TRUE(writer->Finish().ok());
  const std::string key = "clip_000000_main";
  auto shard = ShardWriter::Create(dir / "train-000000.tar");
  EXPECT_TRUE(shard.ok());
  EXPECT_TRUE(shard->AddSample(key, {{"mp4", "", dir / "v.mp4"}, {"qa.json", "[]\n", {}}}).ok());
  auto summary = shard->Finish();
  EXPECT_TRUE(summary.ok());
  Manifest m;
  m.complete = true;
  m.config.splits = {{"train", 1.0}};
  m.layout = {"train-000000.tar"};
  m.shards = {{"train-000000.tar", "train", summary->bytes, summary->sha256, 1, {key}, {}}};
  EXPECT_TRUE(WriteManifest(dir, m).ok());
  qa::QaItem item;
  item.id = key + "_next_0";
  item.clip_key = key;
  item.video = key + ".mp4";
  item.question = "What happens next?";
  item.options = {"it stops", "it keeps going"};
  item.answer_kind = "value";
  item.answer_value = "stops";
  item.video_end_frame = 5;
  EXPECT_TRUE(core::WriteFileAtomic(dir / "train" / "qa.json", QaJsonText({item}, "train")).ok());
  return dir;
}

TEST(ExportHeldBack, VideosAreCutAndFramesSampledBeforeTheEnd) {
  const fs::path dataset = HeldBackDataset();
  const fs::path out = testing::FreshDir("export_held_back_out");
  ExportOptions o;
  auto summary = ExportSft(dataset, out, o);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->videos, 1);
  const std::vector<Json> records = Records(out / "llava_train.json");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["video"], "videos/clip_000000_main_end000005.mp4");
  EXPECT_FALSE(fs::exists(out / "videos" / "clip_000000_main.mp4"));  // no question shows it whole
  auto reader = encode::VideoReader::Open(out / "videos" / "clip_000000_main_end000005.mp4");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->CountFrames().value(), 5);

  o.frames = 3;
  const fs::path frames = testing::FreshDir("export_held_back_frames");
  ASSERT_TRUE(ExportSft(dataset, frames, o).ok());
  const Json r = Records(frames / "llava_train.json").at(0);
  EXPECT_EQ(r["image"],
            Json({"frames/clip_000000_main/000000.jpg", "frames/clip_000000_main/000002.jpg",
                  "frames/clip_000000_main/000004.jpg"}));
}

TEST(Cli, GenerateExitsWithOneWhenClipsFailAndExportAndStatsRun) {
  const fs::path dir = testing::FreshDir("cli");
  const std::string cli = std::string(SYNTH4D_BINARY_DIR) + "/synth4d";
  std::string out;
  const int rc = testing::RunCommand(cli + " generate " + testing::DataFile("tiny.yaml").string() +
                                         " " + testing::DataFile("impossible.yaml").string() +
                                         " --clips 3 --fake-renderer --shard-samples 4 --out " +
                                         (dir / "ds").string() + " --templates " +
                                         SYNTH4D_SOURCE_DIR + "/qa_templates",
                                     &out);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_THAT(out, HasSubstr("3 failed"));
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n') > 0, true);
  EXPECT_EQ(testing::RunCommand(cli + " export " + (dir / "ds").string() +
                                    " --format llava --out " + (dir / "sft").string(),
                                &out),
            0)
      << out;
  EXPECT_EQ(testing::RunCommand(cli + " stats " + (dir / "ds").string(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("blind baselines"));
  EXPECT_EQ(
      testing::RunCommand(cli + " generate " + testing::DataFile("tiny.yaml").string() +
                              " --fake-renderer --split train=0.5 --out " + (dir / "x").string(),
                          &out),
      2)
      << out;
}

}  // namespace
}  // namespace synth4d::shard
