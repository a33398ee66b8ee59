#pragma once
// POSIX ustar archives (libarchive), written reproducibly: regular files only, mode 0644, uid/gid
// 0, empty user/group names, mtime 0, members in the order added, data padded to 512-byte blocks,
// two zero blocks at the end and no further padding. The same members give the same bytes on every
// machine.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "synth4d/core/result.h"

namespace synth4d::shard {

// Longest member name a ustar header holds without the prefix field (synth4d never needs it).
inline constexpr size_t kMaxTarName = 100;

// What a finished archive holds.
struct TarSummary {
  uint64_t bytes = 0;  // file size
  std::string sha256;  // of the whole file, hex
  int members = 0;
};

// Streams members into `path` (created or truncated), hashing the bytes as they are written.
class TarWriter {
 public:
  // Creates `path`; kIo if it cannot be created.
  static core::Result<TarWriter> Create(const std::filesystem::path& path);

  TarWriter(TarWriter&&) noexcept;
  TarWriter& operator=(TarWriter&&) noexcept;
  // Closes the file if Finish was not called (the caller decides whether to delete it).
  ~TarWriter();

  // Appends a member with `data`. kInvalidArgument for an empty name, a name longer than
  // kMaxTarName bytes or one with a NUL, or data over ustar's 8 GiB; kIo on write failure.
  core::Status Add(std::string_view name, std::string_view data);
  // Appends a member whose data is the file `source` (streamed). kNotFound / kIo as for Add.
  core::Status AddFile(std::string_view name, const std::filesystem::path& source);
  // Writes the end-of-archive blocks, fsyncs and closes the file.
  core::Result<TarSummary> Finish();

  struct Impl;

 private:
  explicit TarWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One member header as read back.
struct TarEntry {
  std::string name;
  uint64_t size = 0;
  // The tar type flag: '0' regular file, '1' hard link, '2' symlink, '5' directory, ...
  char type = '0';
};

// Reads an archive member by member (libarchive; ustar, pax and GNU tar).
class TarReader {
 public:
  // Opens `path`; kNotFound if missing, kIo if it cannot be opened.
  static core::Result<TarReader> Open(const std::filesystem::path& path);

  TarReader(TarReader&&) noexcept;
  TarReader& operator=(TarReader&&) noexcept;
  ~TarReader();

  // The next member header, or nullopt at the end of the archive. The previous member's data is
  // skipped if it was not read. kInvalidArgument for a corrupt header or a truncated archive (one
  // that ends inside a member or lacks the end-of-archive blocks), kIo on read failure.
  core::Result<std::optional<TarEntry>> Next();
  // The data of the member Next returned last (once per member); errors as for Next.
  core::Result<std::string> ReadData();

  struct Impl;

 private:
  explicit TarReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace synth4d::shard
