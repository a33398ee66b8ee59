// TarWriter / TarReader: round trips, reproducible bytes, header fields, corrupt archives, and
// python3's tarfile reading what synth4d writes.
#include "synth4d/shard/tar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "synth4d/core/file.h"
#include "synth4d/shard/sha256.h"
#include "test_util.h"

namespace synth4d::shard {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::vector<std::pair<std::string, std::string>> Members() {
  return {{"a.txt", "hello"},
          {"empty.bin", ""},
          {"block.bin", std::string(512, 'x')},
          {"odd.bin", std::string(1000, '\7')},
          {std::string(100, 'n'), "longest name"}};
}

fs::path WriteTar(const fs::path& path,
                  const std::vector<std::pair<std::string, std::string>>& members) {
  auto writer = TarWriter::Create(path);
  EXPECT_TRUE(writer.ok());
  for (const auto& [name, data] : members) EXPECT_TRUE(writer->Add(name, data).ok());
  auto summary = writer->Finish();
  EXPECT_TRUE(summary.ok());
  return path;
}

TEST(Tar, RoundTrip) {
  const fs::path dir = testing::FreshDir("tar_round_trip");
  const fs::path path = WriteTar(dir / "a.tar", Members());
  auto reader = TarReader::Open(path);
  ASSERT_TRUE(reader.ok());
  for (const auto& [name, data] : Members()) {
    auto entry = reader->Next();
    ASSERT_TRUE(entry.ok()) << entry.error().ToString();
    ASSERT_TRUE(entry->has_value());
    EXPECT_EQ((*entry)->name, name);
    EXPECT_EQ((*entry)->size, data.size());
    auto bytes = reader->ReadData();
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(*bytes, data);
  }
  auto end = reader->Next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
  // Size: a header and padded data per member, then two zero blocks.
  uint64_t expected = 1024;
  for (const auto& [name, data] : Members()) expected += 512 + (data.size() + 511) / 512 * 512;
  EXPECT_EQ(fs::file_size(path), expected);
}

TEST(Tar, SameMembersGiveSameBytes) {
  const fs::path dir = testing::FreshDir("tar_reproducible");
  const fs::path a = WriteTar(dir / "a.tar", Members());
  const fs::path b = WriteTar(dir / "b.tar", Members());
  EXPECT_EQ(*Sha256File(a), *Sha256File(b));
}

TEST(Tar, SummaryHashMatchesTheFile) {
  const fs::path dir = testing::FreshDir("tar_summary");
  auto writer = TarWriter::Create(dir / "s.tar");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Add("x.json", "{}").ok());
  auto summary = writer->Finish();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->members, 1);
  EXPECT_EQ(summary->bytes, fs::file_size(dir / "s.tar"));
  EXPECT_EQ(summary->sha256, *Sha256File(dir / "s.tar"));
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Tar, AddFileStreamsAFile) {
  const fs::path dir = testing::FreshDir("tar_add_file");
  ASSERT_TRUE(core::WriteFileAtomic(dir / "src.bin", std::string(70000, 'q')).ok());
  auto writer = TarWriter::Create(dir / "f.tar");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->AddFile("k.bin", dir / "src.bin").ok());
  EXPECT_EQ(writer->AddFile("m.bin", dir / "missing.bin").error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(writer->Finish().ok());
  auto reader = TarReader::Open(dir / "f.tar");
  ASSERT_TRUE(reader.ok());
  auto entry = reader->Next();
  ASSERT_TRUE(entry.ok() && entry->has_value());
  EXPECT_EQ(*reader->ReadData(), std::string(70000, 'q'));
}

TEST(Tar, RejectsBadNames) {
  const fs::path dir = testing::FreshDir("tar_names");
  auto writer = TarWriter::Create(dir / "n.tar");
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ(writer->Add(std::string(101, 'n'), "x").error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(writer->Add("", "x").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(writer->Add(std::string("a\0b", 3), "x").error().code,
            core::ErrorCode::kInvalidArgument);
}

// Reads every member of `path` (and its data if `read_data`); the first error, or "" if none.
std::string FirstReadError(const fs::path& path, bool read_data) {
  auto reader = TarReader::Open(path);
  if (!reader.ok()) return reader.error().message;
  while (true) {
    auto entry = reader->Next();
    if (!entry.ok()) return entry.error().message;
    if (!entry->has_value()) return "";
    if (!read_data) continue;
    auto data = reader->ReadData();
    if (!data.ok()) return data.error().message;
  }
}

TEST(Tar, DetectsCorruptAndTruncatedArchives) {
  const fs::path dir = testing::FreshDir("tar_corrupt");
  const fs::path path = WriteTar(dir / "c.tar", Members());
  const std::string bytes = *core::ReadFile(path);
  EXPECT_EQ(FirstReadError(path, true), "");

  std::string corrupt = bytes;
  corrupt[10] = 'Z';  // inside the first name: the header checksum no longer matches
  ASSERT_TRUE(core::WriteFileAtomic(dir / "corrupt.tar", corrupt).ok());
  auto reader = TarReader::Open(dir / "corrupt.tar");
  ASSERT_TRUE(reader.ok());
  auto entry = reader->Next();
  ASSERT_FALSE(entry.ok());
  EXPECT_EQ(entry.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(entry.error().message, HasSubstr("corrupt.tar: header at byte 0: Damaged tar"));

  // Headers: a.txt at byte 0, empty.bin 1024, block.bin 1536, odd.bin 2560 (data 3072 to 4072),
  // the long name 4096; end-of-archive blocks from 5120. Cuts: inside a.txt's padding, inside
  // odd.bin's header and data, at a member boundary and inside the end-of-archive blocks.
  ASSERT_EQ(bytes.size(), 6144u);
  const std::vector<std::pair<size_t, std::string>> cuts = {
      {612, "member \"a.txt\" (header at byte 0): Truncated"},
      {3000, "header at byte 2560: Truncated"},
      {3672, "member \"odd.bin\" (header at byte 2560): Truncated"},
      {2560, "header at byte 2560: truncated archive (no end-of-archive blocks)"},
      {5632, "header at byte 5120: truncated archive (no end-of-archive blocks)"}};
  for (const auto& [size, expected] : cuts) {
    ASSERT_TRUE(core::WriteFileAtomic(dir / "short.tar", bytes.substr(0, size)).ok());
    for (bool read_data : {true, false}) {
      const std::string error = FirstReadError(dir / "short.tar", read_data);
      EXPECT_THAT(error, HasSubstr("short.tar: " + expected)) << size << " " << read_data;
    }
  }
}

TEST(Tar, AnUnfinishedArchiveReadsAsTruncated) {
  const fs::path dir = testing::FreshDir("tar_unfinished");
  {
    auto writer = TarWriter::Create(dir / "u.tar");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->Add("big.bin", std::string(200000, 'b')).ok());
  }  // destroyed without Finish: no end-of-archive blocks are written
  EXPECT_THAT(FirstReadError(dir / "u.tar", false), HasSubstr("u.tar: "));
}

TEST(Tar, PythonTarfileReadsItWithFixedHeaderFields) {
  const fs::path dir = testing::FreshDir("tar_python");
  const fs::path path = WriteTar(dir / "p.tar", Members());
  const std::string out = testing::RunPython(
      "import sys, tarfile\n"
      "print(open(sys.argv[1], 'rb').read(512)[257:265])\n"
      "with tarfile.open(sys.argv[1]) as t:\n"
      "  for m in t.getmembers():\n"
      "    data = t.extractfile(m).read()\n"
      "    print(m.name[:12], m.size, len(data), oct(m.mode), m.uid, m.gid, m.mtime, repr(m.uname),"
      " m.isfile())\n",
      path.string());
  EXPECT_EQ(out,
            "b'ustar\\x0000'\n"
            "a.txt 5 5 0o644 0 0 0 '' True\n"
            "empty.bin 0 0 0o644 0 0 0 '' True\n"
            "block.bin 512 512 0o644 0 0 0 '' True\n"
            "odd.bin 1000 1000 0o644 0 0 0 '' True\n"
            "nnnnnnnnnnnn 12 12 0o644 0 0 0 '' True\n");
}

}  // namespace
}  // namespace synth4d::shard
