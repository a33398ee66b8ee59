#include "synth4d/core/crash_point.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>

namespace synth4d::core {
namespace {

struct CrashConfig {
  long long at = 0;  // 0: never
  int log_fd = -1;
};

const CrashConfig& Config() {
  static const CrashConfig config = [] {
    CrashConfig c;
    if (const char* at = std::getenv("SYNTH4D_CRASH_AT")) c.at = std::atoll(at);
    if (const char* log = std::getenv("SYNTH4D_CRASH_LOG")) {
      c.log_fd = ::open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    }
    return c;
  }();
  return config;
}

}  // namespace

void CrashPoint(std::string_view name) {
  const CrashConfig& config = Config();
  if (config.at <= 0 && config.log_fd < 0) return;
  static std::atomic<long long> crossings{0};
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);  // crossing numbers and log lines in one order
  const long long n = ++crossings;
  if (config.log_fd >= 0) {
    const std::string line = std::to_string(n) + " " + std::string(name) + "\n";
    [[maybe_unused]] const ssize_t written = ::write(config.log_fd, line.data(), line.size());
  }
  if (n == config.at) ::raise(SIGKILL);
}

}  // namespace synth4d::core
