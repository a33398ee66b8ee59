#include "synth4d/core/file.h"

#include "synth4d/core/crash_point.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace synth4d::core {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return MakeError(ErrorCode::kNotFound, path.string() + ": no such file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, path.string() + ": cannot open for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, path.string() + ": read failed");
  return ss.str();
}

std::filesystem::path TempPathFor(const std::filesystem::path& path) {
  static std::atomic<uint64_t> counter{0};
  const std::string name = "." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                           "-" + std::to_string(counter.fetch_add(1));
  return path.parent_path() / name;
}

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const std::filesystem::path tmp = TempPathFor(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, path.string() + ": cannot create: " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return MakeError(ErrorCode::kIo, path.string() + ": write failed: " + why);
    }
    written += static_cast<size_t>(n);
  }
  CrashPoint("file.written");
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kIo, path.string() + ": flush failed: " + why);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kIo, path.string() + ": rename failed: " + ec.message());
  }
  CrashPoint("file.renamed");
  return Ok();
}

bool IsTempName(std::string_view name) {
  return name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string_view::npos;
}

int RemoveTemporaries(const std::filesystem::path& dir, const std::vector<std::string>& skip) {
  int removed = 0;
  std::error_code ec;
  std::vector<std::filesystem::path> doomed;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (IsTempName(name)) {
      doomed.push_back(it->path());
      if (it->is_directory(ec)) it.disable_recursion_pending();
    } else if (it->is_directory(ec) &&
               std::find(skip.begin(), skip.end(), name) != skip.end()) {
      it.disable_recursion_pending();
    }
  }
  for (const std::filesystem::path& path : doomed) {
    if (std::filesystem::remove_all(path, ec) > 0) ++removed;
  }
  return removed;
}

}  // namespace synth4d::core
