#include "data_paths.h"

#include <system_error>
#include <vector>

namespace synth4d::cli {

std::filesystem::path DataDir(std::string_view name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / name);
    candidates.push_back(exe.parent_path().parent_path() / "share" / "synth4d" / name);
  }
  candidates.push_back(fs::path(SYNTH4D_SOURCE_DIR) / name);
  for (const fs::path& dir : candidates) {
    if (fs::is_directory(dir, ec)) return dir;
  }
  return fs::path(name);
}

}  // namespace synth4d::cli
