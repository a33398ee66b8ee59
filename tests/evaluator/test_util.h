#pragma once
// Helpers for evaluator tests: a fresh temporary directory and small file writers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "synth4d/core/file.h"

namespace synth4d::evaluator::testing {

// A fresh empty directory under the gtest temp dir, named after the running test.
inline std::filesystem::path FreshDir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "synth4d_eval" /
      (std::string(info->test_suite_name()) + "." + info->name() + "." + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Writes `text` to `path` (test setup; fails the test on error).
inline void WriteText(const std::filesystem::path& path, const std::string& text) {
  const core::Status status = core::WriteFileAtomic(path, text);
  ASSERT_TRUE(status.ok()) << status.error().ToString();
}

// The file's contents, or "" (with a test failure) when it cannot be read.
inline std::string ReadText(const std::filesystem::path& path) {
  core::Result<std::string> text = core::ReadFile(path);
  EXPECT_TRUE(text.ok()) << path;
  return text.ok() ? *text : std::string();
}

}  // namespace synth4d::evaluator::testing
