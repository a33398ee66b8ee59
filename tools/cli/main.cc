// synth4d: synthetic videos with exact ground truth and motion questions for VLMs.
#include <CLI/CLI.hpp>

#include "commands.h"
#include "synth4d/core/version.h"
#include "synth4d/encode/video.h"

int main(int argc, char** argv) {
  CLI::App app{"synth4d: synthetic videos with exact ground truth and motion questions", "synth4d"};
  app.set_version_flag("--version", synth4d::core::kVersion);
  app.require_subcommand(1);
  // libx264 prints per-file statistics at info level; a batch of clips needs only errors.
  synth4d::encode::SetLibavLogLevel(synth4d::encode::LibavLogLevel::kError);
  synth4d::cli::AddClipCommands(app);
  synth4d::cli::AddBenchCommand(app);
  synth4d::cli::AddEvalCommand(app);
  synth4d::cli::AddDatasetCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // A subcommand callback reports its own exit code by throwing CLI::RuntimeError(code).
    if (e.get_name() == "RuntimeError") return code;
    return code == 0 ? 0 : synth4d::cli::kExitBadInput;
  }
  return synth4d::cli::kExitOk;
}
