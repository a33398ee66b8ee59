#pragma once
// Helpers for the shard and dataset tests: scratch directories, running python3 and the CLI.
#include <filesystem>
#include <string>

namespace synth4d::testing {

// An empty directory under this process's scratch root (removed when the tests end).
std::filesystem::path FreshDir(const std::string& name);

// Runs python3 with `script` and one argument; returns stdout (fails the test on a non-zero exit).
std::string RunPython(const std::string& script, const std::string& arg);

// Runs `command` with /bin/sh; returns the exit status and fills `output` with stdout + stderr.
int RunCommand(const std::string& command, std::string* output = nullptr);

// The path of a file under tests/shard/data/.
std::filesystem::path DataFile(const std::string& name);

}  // namespace synth4d::testing
