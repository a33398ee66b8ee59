#include "synth4d/core/file.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace synth4d::core {
namespace {

namespace fs = std::filesystem;

TEST(FileTest, AtomicWriteThenRead) {
  const fs::path dir = fs::path(testing::TempDir()) / "synth4d_file_test";
  fs::remove_all(dir);
  const fs::path file = dir / "sub" / "a.json";
  ASSERT_TRUE(WriteFileAtomic(file, "hello").ok());
  auto read = ReadFile(file);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, "hello");
  // No temporary file is left beside it.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(FileTest, MissingFileIsNotFound) {
  auto read = ReadFile("/nonexistent/synth4d/x.yaml");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_NE(read.error().message.find("/nonexistent/synth4d/x.yaml"), std::string::npos);
}

TEST(FileTest, UnwritableDirectoryIsAnError) {
  const Status s = WriteFileAtomic("/proc/synth4d_cannot_write/x", "data");
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace synth4d::core
