// `synth4d generate` and `merge` killed at any instant, then run again, give the bytes of an
// uninterrupted run: SIGKILL at crash points chosen by a seeded schedule from the crossings of an
// uninterrupted run (core/crash_point.h), at seeded random times, with 1 and 2 workers, cluster
// parts and merge; a full disk fails the run cleanly and a run with space resumes; damaged staged
// clips and short shards are redone; a second run on a locked directory is refused.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "synth4d/core/file.h"
#include "test_util.h"

namespace synth4d {
namespace {

namespace fs = std::filesystem;

// How a child process ended: its exit code, or the signal that killed it.
struct Ended {
  int code = -1;
  int signal = 0;
  std::string output;  // stdout + stderr
};

// Runs build/synth4d with `args` from the source root; `env` adds variables, `max_file_bytes` > 0
// caps the size of every file it writes (RLIMIT_FSIZE: a write past it fails with EFBIG, as on a
// full disk). `kill_after_s` > 0 sends SIGKILL after that many seconds.
Ended Synth4d(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
              long max_file_bytes = 0, double kill_after_s = 0.0) {
  const fs::path log = testing::FreshDir("crash_log") / "output.txt";
  const std::string binary = std::string(SYNTH4D_BINARY_DIR) + "/synth4d";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    if (::chdir(SYNTH4D_SOURCE_DIR) != 0) ::_exit(126);
    if (max_file_bytes > 0) {
      ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails with EFBIG
      const rlimit limit{static_cast<rlim_t>(max_file_bytes), static_cast<rlim_t>(max_file_bytes)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  if (kill_after_s > 0.0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(kill_after_s));
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Ended ended;
  if (WIFEXITED(status)) ended.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) ended.signal = WTERMSIG(status);
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  ended.output = ss.str();
  return ended;
}

// The generate command line for tests/shard/data/tiny.yaml (10 clips, fake renderer).
std::vector<std::string> Generate(const fs::path& out, int workers, int part_index = 0,
                                  int part_count = 1) {
  return {"generate",       "tests/shard/data/tiny.yaml",
          "--clips",        "10",
          "--renderer",     "fake",
          "--shard-samples", "4",
          "--split",        "train=0.5,val=0.25,test=0.25",
          "--workers",      std::to_string(workers),
          "--shard-index",  std::to_string(part_index),
          "--num-shards",   std::to_string(part_count),
          "--out",          out.string()};
}

// Every file under `dir` (hidden ones included) with its bytes, by relative path.
std::map<std::string, std::string> Tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    auto bytes = core::ReadFile(entry.path());
    files[fs::relative(entry.path(), dir).string()] = bytes.ok() ? *bytes : "<unreadable>";
  }
  return files;
}

// The names of the files that differ between two trees (missing on either side included).
std::vector<std::string> Differences(const std::map<std::string, std::string>& a,
                                     const std::map<std::string, std::string>& b) {
  std::set<std::string> names;
  for (const auto& [k, v] : a) names.insert(k);
  for (const auto& [k, v] : b) names.insert(k);
  std::vector<std::string> differ;
  for (const std::string& n : names) {
    const auto ia = a.find(n), ib = b.find(n);
    if (ia == a.end() || ib == b.end() || ia->second != ib->second) differ.push_back(n);
  }
  return differ;
}

// One crossing of an uninterrupted run: its number and point name.
struct Crossing {
  long long n;
  std::string name;
};

class CrashTest : public ::testing::Test {
 protected:
  // An uninterrupted single-worker run, and the crash points it crosses.
  static void SetUpTestSuite() {
    reference_ = new fs::path(testing::FreshDir("crash_reference"));
    const fs::path trace = testing::FreshDir("crash_trace") / "crossings.txt";
    const Ended ended = Synth4d(Generate(*reference_, 1), {{"SYNTH4D_CRASH_LOG", trace.string()}});
    ASSERT_EQ(ended.code, 0) << ended.output;
    tree_ = new std::map<std::string, std::string>(Tree(*reference_));
    crossings_ = new std::vector<Crossing>();
    std::ifstream in(trace);
    Crossing c;
    while (in >> c.n >> c.name) crossings_->push_back(c);
  }
  static void TearDownTestSuite() {
    delete reference_;
    delete tree_;
    delete crossings_;
  }
  static const std::map<std::string, std::string>& Reference() { return *tree_; }
  static const std::vector<Crossing>& Crossings() { return *crossings_; }

  // Kills a run at crossing `n` (it must die by SIGKILL), then runs it to the end.
  static void KillAtThenResume(const fs::path& dir, long long n, int workers) {
    const Ended killed =
        Synth4d(Generate(dir, workers), {{"SYNTH4D_CRASH_AT", std::to_string(n)}});
    ASSERT_EQ(killed.signal, SIGKILL) << "crossing " << n << ": " << killed.output;
    const Ended resumed = Synth4d(Generate(dir, workers));
    ASSERT_EQ(resumed.code, 0) << resumed.output;
  }

 private:
  static fs::path* reference_;
  static std::map<std::string, std::string>* tree_;
  static std::vector<Crossing>* crossings_;
};

fs::path* CrashTest::reference_ = nullptr;
std::map<std::string, std::string>* CrashTest::tree_ = nullptr;
std::vector<Crossing>* CrashTest::crossings_ = nullptr;

TEST_F(CrashTest, TheReferenceCrossesEveryStage) {
  std::set<std::string> names;
  for (const Crossing& c : Crossings()) names.insert(c.name);
  for (const char* stage :
       {"dataset.planned", "clip.simulated", "clip.rendered", "clip.staged", "file.written",
        "file.renamed", "shard.sample", "shard.closed", "shard.renamed", "shard.recorded",
        "dataset.finalized"}) {
    EXPECT_TRUE(names.count(stage)) << stage;
  }
  EXPECT_FALSE(Reference().count(".lock"));
}

// The first and last crossing of every point, and 8 more drawn by a seeded generator.
TEST_F(CrashTest, KilledAtAnyPointResumesToIdenticalBytes) {
  std::map<std::string, std::pair<long long, long long>> span;
  for (const Crossing& c : Crossings()) {
    auto [it, added] = span.emplace(c.name, std::make_pair(c.n, c.n));
    it->second.second = c.n;
  }
  std::set<long long> schedule;
  for (const auto& [name, range] : span) schedule.insert({range.first, range.second});
  std::mt19937_64 rng(10);
  std::uniform_int_distribution<long long> any(1, static_cast<long long>(Crossings().size()));
  for (int i = 0; i < 8; ++i) schedule.insert(any(rng));
  for (long long n : schedule) {
    const fs::path dir = testing::FreshDir("crash_at_" + std::to_string(n));
    KillAtThenResume(dir, n, 1);
    EXPECT_EQ(Differences(Tree(dir), Reference()), std::vector<std::string>{})
        << "killed at crossing " << n << " (" << Crossings()[static_cast<size_t>(n - 1)].name
        << ")";
  }
}

// Several kills in a row, each at a seeded crossing of the run it ends, with two workers.
TEST_F(CrashTest, RepeatedKillsWithTwoWorkersResumeToIdenticalBytes) {
  const fs::path dir = testing::FreshDir("crash_repeated");
  std::mt19937_64 rng(20);
  for (int kill = 0; kill < 6; ++kill) {
    const long long n = std::uniform_int_distribution<long long>(1, 60)(rng);
    const Ended killed = Synth4d(Generate(dir, 2), {{"SYNTH4D_CRASH_AT", std::to_string(n)}});
    if (killed.signal != SIGKILL) {
      ASSERT_EQ(killed.code, 0) << killed.output;  // it finished before crossing n
      break;
    }
  }
  const Ended resumed = Synth4d(Generate(dir, 2));
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_EQ(Differences(Tree(dir), Reference()), std::vector<std::string>{});
}

// The user's test: SIGKILL at seeded random moments of wall time, then the same command again.
TEST_F(CrashTest, KilledAtRandomTimesResumesToIdenticalBytes) {
  const fs::path dir = testing::FreshDir("crash_timed");
  std::mt19937_64 rng(30);
  for (int kill = 0; kill < 5; ++kill) {
    const double after_s = std::uniform_real_distribution<double>(0.05, 0.8)(rng);
    Synth4d(Generate(dir, 1), {}, 0, after_s);
  }
  const Ended resumed = Synth4d(Generate(dir, 1));
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_EQ(Differences(Tree(dir), Reference()), std::vector<std::string>{});
}

// Parts of a cluster run killed and resumed, then a merge killed and run again.
TEST_F(CrashTest, KilledPartsAndMergeGiveTheSingleRunsBytes) {
  const fs::path root = testing::FreshDir("crash_parts");
  std::vector<std::string> merge{"merge"};
  for (int p = 0; p < 2; ++p) {
    const fs::path part = root / ("part" + std::to_string(p));
    const Ended killed =
        Synth4d(Generate(part, 1, p, 2), {{"SYNTH4D_CRASH_AT", std::to_string(40 + 25 * p)}});
    ASSERT_EQ(killed.signal, SIGKILL) << killed.output;
    const Ended resumed = Synth4d(Generate(part, 1, p, 2));
    ASSERT_EQ(resumed.code, 0) << resumed.output;
    merge.push_back(part.string());
  }
  const fs::path out = root / "merged";
  merge.insert(merge.end(), {"--out", out.string()});
  const fs::path trace = root / "merge_crossings.txt";
  ASSERT_EQ(Synth4d(merge, {{"SYNTH4D_CRASH_LOG", trace.string()}}).code, 0);
  std::vector<long long> points;
  for (std::ifstream in(trace); in;) {
    Crossing c{0, ""};
    if (in >> c.n >> c.name) points.push_back(c.n);
  }
  ASSERT_GE(points.size(), 4u);
  for (long long n : {points.front(), points[points.size() / 2], points.back()}) {
    fs::remove_all(out);
    const Ended killed = Synth4d(merge, {{"SYNTH4D_CRASH_AT", std::to_string(n)}});
    ASSERT_EQ(killed.signal, SIGKILL) << killed.output;
    const Ended again = Synth4d(merge);
    ASSERT_EQ(again.code, 0) << again.output;
    EXPECT_EQ(Differences(Tree(out), Reference()), std::vector<std::string>{}) << "crossing " << n;
  }
}

// A staged clip whose files changed after staging is made again, not packed.
TEST_F(CrashTest, DamagedStagedClipsAreRedone) {
  long long staged = 0;  // the crossing after the fourth clip's result.json is in place
  int seen = 0;
  for (size_t i = 0; i < Crossings().size() && staged == 0; ++i) {
    if (Crossings()[i].name == "clip.staged" && ++seen == 4) staged = Crossings()[i + 2].n;
  }
  ASSERT_GT(staged, 0);
  const fs::path dir = testing::FreshDir("crash_damaged_stage");
  ASSERT_EQ(Synth4d(Generate(dir, 1), {{"SYNTH4D_CRASH_AT", std::to_string(staged)}}).signal,
            SIGKILL);
  int damaged = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir / ".staging")) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.substr(name.size() - 4) == ".mp4" && damaged == 0) {
      std::string bytes = *core::ReadFile(entry.path());
      bytes[bytes.size() / 2] ^= 0x10;  // same size, other bytes
      ASSERT_TRUE(core::WriteFileAtomic(entry.path(), bytes).ok());
      ++damaged;
    } else if (name.size() > 11 && name.substr(name.size() - 11) == ".truth.json" &&
               damaged == 1) {
      fs::resize_file(entry.path(), fs::file_size(entry.path()) / 2);
      ++damaged;
    }
  }
  ASSERT_EQ(damaged, 2);
  ASSERT_EQ(Synth4d(Generate(dir, 1)).code, 0);
  EXPECT_EQ(Differences(Tree(dir), Reference()), std::vector<std::string>{});
}

// A shard with fewer samples than its plan, recorded in the manifest with its own (matching) size
// and hash, as an older synth4d could leave it: resume checks it against the plan and redoes it.
TEST_F(CrashTest, AShortShardIsCheckedAgainstThePlanAndRedone) {
  const fs::path dir = testing::FreshDir("crash_short_shard");
  ASSERT_EQ(Synth4d(Generate(dir, 1), {{"SYNTH4D_CRASH_AT", std::to_string(Crossings().size())}})
                .signal,
            SIGKILL);  // everything written but the lock's removal
  nlohmann::ordered_json manifest = nlohmann::ordered_json::parse(*core::ReadFile(dir / "manifest.json"));
  auto& shard = manifest["shards"][0];
  ASSERT_GE(shard["keys"].size(), 2u);
  shard["keys"].erase(shard["keys"].begin());
  shard["samples"] = shard["keys"].size();
  // A shard of the remaining samples only, with the manifest's size and hash made to match it.
  const fs::path tar = dir / shard["name"].get<std::string>();
  std::string command = "cd " + dir.string() + " && mkdir -p x && tar -xf " + tar.string() +
                        " -C x && tar --format=ustar -cf " + tar.string() + " -C x";
  for (const auto& key : shard["keys"]) {
    for (const char* field : {"mp4", "qa.json", "truth.json"}) {
      command += " " + key.get<std::string>() + "." + field;
    }
  }
  command += " && rm -r x";
  ASSERT_EQ(testing::RunCommand(command), 0);
  shard["bytes"] = fs::file_size(tar);
  std::string sha;
  ASSERT_EQ(testing::RunCommand("sha256sum " + tar.string(), &sha), 0);
  shard["sha256"] = sha.substr(0, 64);
  ASSERT_TRUE(core::WriteFileAtomic(dir / "manifest.json", manifest.dump(1) + "\n").ok());

  const Ended resumed = Synth4d(Generate(dir, 1));
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("redoing " + shard["name"].get<std::string>()), std::string::npos)
      << resumed.output;
  EXPECT_EQ(Differences(Tree(dir), Reference()), std::vector<std::string>{});
}

// A full disk (every file capped, as by a quota) fails the run with the path and the reason,
// leaves no file with a final name that is not whole, and a run with space gives the same bytes.
TEST_F(CrashTest, AFullDiskFailsCleanlyAndAResumeWithSpaceMatches) {
  for (long limit : {20'000L, 40'000L, 74'000L}) {  // the shards are 37 to 75 kB
    const fs::path dir = testing::FreshDir("crash_full_" + std::to_string(limit));
    const Ended full = Synth4d(Generate(dir, 1), {}, limit);
    EXPECT_EQ(full.code, 1) << full.output;
    EXPECT_NE(full.output.find(dir.string()), std::string::npos) << full.output;
    EXPECT_NE(full.output.find("File too large"), std::string::npos) << full.output;
    const auto partial = Tree(dir);
    for (const auto& [name, bytes] : partial) {
      if (name == "manifest.json" || name == ".lock" || name.rfind(".staging/", 0) == 0) continue;
      const auto ref = Reference().find(name);
      ASSERT_NE(ref, Reference().end()) << "limit " << limit << ": stray file " << name;
      EXPECT_EQ(bytes, ref->second) << "limit " << limit << ": " << name << " is not whole";
    }
    if (partial.count("manifest.json")) {
      EXPECT_FALSE(nlohmann::json::parse(partial.at("manifest.json"))["complete"].get<bool>());
    }
    const Ended resumed = Synth4d(Generate(dir, 1));
    ASSERT_EQ(resumed.code, 0) << resumed.output;
    EXPECT_EQ(Differences(Tree(dir), Reference()), std::vector<std::string>{}) << limit;
  }
}

// A second run on a directory that a live run holds is refused and says who holds it; once the
// holder is gone (however it ended), the directory is free.
TEST_F(CrashTest, ALockedDirectoryIsRefusedUntilItsHolderEnds) {
  const fs::path dir = testing::FreshDir("crash_locked");
  const int fd = ::open((dir / ".lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  ASSERT_EQ(::write(fd, "4242", 4), 4);
  const Ended refused = Synth4d(Generate(dir, 1));
  EXPECT_EQ(refused.code, 2) << refused.output;
  EXPECT_NE(refused.output.find("another synth4d run (pid 4242)"), std::string::npos)
      << refused.output;
  ::close(fd);  // the holder ends
  const Ended free = Synth4d(Generate(dir, 1));
  ASSERT_EQ(free.code, 0) << free.output;
  EXPECT_EQ(Differences(Tree(dir), Reference()), std::vector<std::string>{});
}

}  // namespace
}  // namespace synth4d
