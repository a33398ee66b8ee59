#pragma once
// Subcommand registration: each Add*Command adds one subcommand (and its options) to the app.
#include <CLI/CLI.hpp>

namespace synth4d::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the work failed (I/O, device, some clips failed)
inline constexpr int kExitBadInput = 2;  // invalid spec, file or arguments

// `synth4d validate|simulate|render|qa`: scene specs to clip directories.
void AddClipCommands(CLI::App& app);

// `synth4d bench`: stage timings, throughput with 1..K workers and peak memory.
void AddBenchCommand(CLI::App& app);

// `synth4d eval score|compare|run`: score model replies, compare runs, ask live models.
void AddEvalCommand(CLI::App& app);

// `synth4d generate|merge|export|stats`: datasets of shards, cluster merges, SFT files, statistics.
void AddDatasetCommands(CLI::App& app);

}  // namespace synth4d::cli
