#pragma once
// Where the program finds its shipped data (qa_templates/, scenes/) from any working directory.
#include <filesystem>
#include <string_view>

namespace synth4d::cli {

// The shipped directory `name` ("qa_templates", "scenes"): next to the binary, in the install
// prefix's share/synth4d/ (`cmake --install`), in the source tree the binary was built from, or
// else relative to the working directory (then loading it reports the missing directory).
std::filesystem::path DataDir(std::string_view name);

}  // namespace synth4d::cli
