#include "test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>

#include "synth4d/core/file.h"

namespace synth4d::testing {

namespace fs = std::filesystem;

namespace {

// The scratch root of this process: ctest runs test cases of one binary in parallel processes.
fs::path ProcessRoot() {
  static const fs::path root =
      fs::path(::testing::TempDir()) / ("synth4d_shard_" + std::to_string(::getpid()));
  return root;
}

// Removes the scratch root when the tests end.
class CleanUp : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(ProcessRoot(), ec);
  }
};

[[maybe_unused]] ::testing::Environment* const kCleanUp =
    ::testing::AddGlobalTestEnvironment(new CleanUp);

}  // namespace

fs::path FreshDir(const std::string& name) {
  const fs::path dir = ProcessRoot() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer;
  std::string text;
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) text.append(buffer.data(), n);
  const int status = pclose(pipe);
  if (output != nullptr) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string RunPython(const std::string& script, const std::string& arg) {
  const fs::path file = FreshDir("python") / "script.py";
  EXPECT_TRUE(core::WriteFileAtomic(file, script).ok());
  std::string out;
  const int rc = RunCommand("python3 " + file.string() + " '" + arg + "'", &out);
  EXPECT_EQ(rc, 0) << out;
  return out;
}

fs::path DataFile(const std::string& name) {
  return fs::path(SYNTH4D_SOURCE_DIR) / "tests" / "shard" / "data" / name;
}

}  // namespace synth4d::testing
