// WebDataset rules: keys without dots, adjacent members, sorted fields, temporary names.
#include "synth4d/shard/webdataset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "synth4d/core/file.h"
#include "test_util.h"

namespace synth4d::shard {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

int FilesIn(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(WebDataset, KeysAndMemberNames) {
  EXPECT_TRUE(IsValidKey("demo_000003_main"));
  EXPECT_TRUE(IsValidKey("a-b_C9"));
  EXPECT_FALSE(IsValidKey(""));
  EXPECT_FALSE(IsValidKey("a.b"));
  EXPECT_FALSE(IsValidKey("a/b"));
  EXPECT_EQ(SplitMemberName("k.truth.json"),
            std::make_pair(std::string("k"), std::string("truth.json")));
  EXPECT_EQ(SplitMemberName("dir/k.mp4"), std::make_pair(std::string("dir/k"), std::string("mp4")));
  EXPECT_EQ(SplitMemberName("d.x/k.mp4"), std::make_pair(std::string("d.x/k"), std::string("mp4")));
}

TEST(WebDataset, WritesAdjacentSortedMembersUnderATemporaryName) {
  const fs::path dir = testing::FreshDir("wds_write");
  ASSERT_TRUE(core::WriteFileAtomic(dir / "video.bin", "VIDEO").ok());
  auto writer = ShardWriter::Create(dir / "train-000000.tar");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(
      writer->AddSample("b", {{"truth.json", "{}", {}}, {"mp4", "", dir / "video.bin"}}).ok());
  ASSERT_TRUE(writer->AddSample("a", {{"qa.json", "[]", {}}}).ok());
  EXPECT_FALSE(fs::exists(dir / "train-000000.tar"));  // only the temporary file so far
  auto summary = writer->Finish();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->name, "train-000000.tar");
  EXPECT_THAT(summary->keys, ElementsAre("b", "a"));
  EXPECT_EQ(FilesIn(dir), 2);  // the shard and video.bin: no temporary left

  auto samples = ReadShard(dir / "train-000000.tar");
  ASSERT_TRUE(samples.ok()) << samples.error().ToString();
  ASSERT_EQ(samples->size(), 2u);
  EXPECT_EQ((*samples)[0].key, "b");
  ASSERT_EQ((*samples)[0].fields.size(), 2u);
  EXPECT_EQ((*samples)[0].fields[0].field, "mp4");  // fields sorted by name
  EXPECT_EQ((*samples)[0].fields[0].data, "VIDEO");
  EXPECT_EQ((*samples)[0].fields[1].field, "truth.json");

  auto only_qa = ReadShard(dir / "train-000000.tar", {"qa.json"});
  ASSERT_TRUE(only_qa.ok());
  EXPECT_EQ((*only_qa)[0].Find("mp4")->data, "");
  EXPECT_EQ((*only_qa)[0].Find("mp4")->size, 5u);
  EXPECT_EQ((*only_qa)[1].Find("qa.json")->data, "[]");
}

TEST(WebDataset, AnUnfinishedShardLeavesNothing) {
  const fs::path dir = testing::FreshDir("wds_unfinished");
  {
    auto writer = ShardWriter::Create(dir / "val-000000.tar");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->AddSample("k", {{"txt", "x", {}}}).ok());
  }
  EXPECT_EQ(FilesIn(dir), 0);
}

TEST(WebDataset, RejectsBadSamples) {
  const fs::path dir = testing::FreshDir("wds_bad");
  auto writer = ShardWriter::Create(dir / "x-000000.tar");
  ASSERT_TRUE(writer.ok());
  EXPECT_THAT(writer->AddSample("a.b", {{"txt", "x", {}}}).error().message,
              HasSubstr("invalid sample key"));
  EXPECT_THAT(writer->AddSample("a", {}).error().message, HasSubstr("no fields"));
  EXPECT_THAT(writer->AddSample("a", {{"txt", "x", {}}, {"txt", "y", {}}}).error().message,
              HasSubstr("repeated field"));
  ASSERT_TRUE(writer->AddSample("a", {{"txt", "x", {}}}).ok());
  EXPECT_THAT(writer->AddSample("a", {{"txt", "x", {}}}).error().message, HasSubstr("repeated"));
}

TEST(WebDataset, ReaderRejectsSplitSamplesAndBadNames) {
  const fs::path dir = testing::FreshDir("wds_reader");
  {
    auto tar = TarWriter::Create(dir / "split.tar");
    ASSERT_TRUE(tar.ok());
    ASSERT_TRUE(tar->Add("a.txt", "1").ok());
    ASSERT_TRUE(tar->Add("b.txt", "2").ok());
    ASSERT_TRUE(tar->Add("a.json", "3").ok());
    ASSERT_TRUE(tar->Finish().ok());
  }
  auto split = ReadShard(dir / "split.tar");
  ASSERT_FALSE(split.ok());
  EXPECT_THAT(split.error().message, HasSubstr("not adjacent"));
  {
    auto tar = TarWriter::Create(dir / "nodot.tar");
    ASSERT_TRUE(tar.ok());
    ASSERT_TRUE(tar->Add("README", "x").ok());
    ASSERT_TRUE(tar->Finish().ok());
  }
  auto nodot = ReadShard(dir / "nodot.tar");
  ASSERT_FALSE(nodot.ok());
  EXPECT_THAT(nodot.error().message, HasSubstr("<key>.<field>"));
}

}  // namespace
}  // namespace synth4d::shard
