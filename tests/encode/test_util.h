#pragma once
// Helpers for the encode tests: scratch directories, running ffmpeg tools, MP4 box listing.
#include <filesystem>
#include <string>
#include <vector>

namespace synth4d::encode::testing_util {

// A fresh empty directory under the gtest temp dir, named after the running test.
std::filesystem::path FreshDir();

// Runs `command` through /bin/sh and returns its stdout; `exit_code` receives the status.
std::string RunCommand(const std::string& command, int* exit_code);

// Quotes `s` for /bin/sh.
std::string ShellQuote(const std::string& s);

// The four-character types of the top-level boxes of an MP4/ISO-BMFF file, in file order.
// Empty if the file cannot be read; a malformed box ends the list with "<bad>".
std::vector<std::string> TopLevelBoxes(const std::filesystem::path& path);

// Names of the entries in `dir` (files and directories), sorted.
std::vector<std::string> ListDir(const std::filesystem::path& dir);

}  // namespace synth4d::encode::testing_util
