#include "synth4d/shard/tar.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "synth4d/shard/sha256.h"

namespace synth4d::shard {
namespace {

// Bytes per write(2) of the archive, per read of a file added with AddFile, and per read(2) of an
// archive being read.
constexpr size_t kChunk = 1 << 16;
// A complete tar archive ends with two 512-byte zero blocks.
constexpr uint64_t kEndOfArchive = 1024;

core::Error IoError(const std::filesystem::path& path, const std::string& what) {
  return core::MakeError(core::ErrorCode::kIo, path.string() + ": " + what);
}

std::string Why(archive* a) {
  const char* why = archive_error_string(a);
  return why != nullptr ? why : "libarchive failed";
}

core::Status CheckName(std::string_view name) {
  if (name.empty() || name.size() > kMaxTarName || name.find('\0') != std::string_view::npos) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        "tar member name must have 1 to 100 bytes and no NUL: \"" + std::string(name) + "\"");
  }
  return core::Ok();
}

// The tar type flag of a member libarchive read.
char TypeFlag(archive_entry* e) {
  if (archive_entry_hardlink(e) != nullptr) return '1';
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      return '0';
    case AE_IFLNK:
      return '2';
    case AE_IFCHR:
      return '3';
    case AE_IFBLK:
      return '4';
    case AE_IFDIR:
      return '5';
    case AE_IFIFO:
      return '6';
    default:
      return '?';
  }
}

}  // namespace

struct TarWriter::Impl {
  std::filesystem::path path;
  archive* tar = nullptr;
  int fd = -1;
  Sha256 hash;
  uint64_t bytes = 0;
  int members = 0;

  ~Impl() {
    // Closed first, so that archive_write_free cannot end an unfinished archive as if complete.
    if (fd >= 0) ::close(fd);
    fd = -1;
    if (tar != nullptr) archive_write_free(tar);
  }

  // libarchive's write callback: hashes `size` bytes and writes them all to the file.
  static la_ssize_t WriteBlock(archive* a, void* self, const void* buffer, size_t size) {
    Impl& impl = *static_cast<Impl*>(self);
    if (impl.fd < 0) {
      archive_set_error(a, EBADF, "file closed");
      return -1;
    }
    const char* data = static_cast<const char*>(buffer);
    for (size_t done = 0; done < size;) {
      const ssize_t n = ::write(impl.fd, data + done, size - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        archive_set_error(a, errno, "write failed: %s", std::strerror(errno));
        return -1;
      }
      done += static_cast<size_t>(n);
    }
    impl.hash.Update(std::string_view(data, size));
    impl.bytes += size;
    return static_cast<la_ssize_t>(size);
  }

  // A libarchive failure for member `name`: kInvalidArgument when it rejected the member
  // (ARCHIVE_FAILED, e.g. too large for ustar), kIo when the archive is unusable.
  core::Error MemberError(std::string_view name, int r) {
    return core::MakeError(
        r == ARCHIVE_FATAL ? core::ErrorCode::kIo : core::ErrorCode::kInvalidArgument,
        path.string() + ": member \"" + std::string(name) + "\": " + Why(tar));
  }

  core::Status BeginMember(std::string_view name, uint64_t size) {
    SYNTH4D_RETURN_IF_ERROR(CheckName(name));
    if (fd < 0) return IoError(path, "archive already finished");
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                   archive_entry_free);
    // Narrow (not UTF-8) names are stored byte for byte, whatever the locale.
    archive_entry_copy_pathname(entry.get(), std::string(name).c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    archive_entry_set_mtime(entry.get(), 0, 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    const int r = archive_write_header(tar, entry.get());
    if (r != ARCHIVE_OK) return MemberError(name, r);
    ++members;
    return core::Ok();
  }

  core::Status WriteData(std::string_view name, std::string_view data) {
    const la_ssize_t n = archive_write_data(tar, data.data(), data.size());
    if (n != static_cast<la_ssize_t>(data.size())) {
      return MemberError(name, n < 0 ? static_cast<int>(n) : ARCHIVE_FATAL);
    }
    return core::Ok();
  }
};

TarWriter::TarWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TarWriter::TarWriter(TarWriter&&) noexcept = default;
TarWriter& TarWriter::operator=(TarWriter&&) noexcept = default;
TarWriter::~TarWriter() = default;

core::Result<TarWriter> TarWriter::Create(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->tar = archive_write_new();
  if (impl->tar == nullptr) return core::MakeError(core::ErrorCode::kInternal, "archive_write_new");
  // Plain ustar with our write callback; full kChunk writes, and the last one not padded beyond
  // the end-of-archive blocks (tar's default pads archives to 10 KiB records).
  if (archive_write_set_format_ustar(impl->tar) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(impl->tar, static_cast<int>(kChunk)) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(impl->tar, 1) != ARCHIVE_OK) {
    return core::MakeError(core::ErrorCode::kInternal, path.string() + ": " + Why(impl->tar));
  }
  impl->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (impl->fd < 0) return IoError(path, std::string("cannot create: ") + std::strerror(errno));
  if (archive_write_open2(impl->tar, impl.get(), nullptr, &Impl::WriteBlock, nullptr, nullptr) !=
      ARCHIVE_OK) {
    return IoError(path, Why(impl->tar));
  }
  return TarWriter(std::move(impl));
}

core::Status TarWriter::Add(std::string_view name, std::string_view data) {
  SYNTH4D_RETURN_IF_ERROR(impl_->BeginMember(name, data.size()));
  return impl_->WriteData(name, data);
}

core::Status TarWriter::AddFile(std::string_view name, const std::filesystem::path& source) {
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(source, ec);
  if (ec) return core::MakeError(core::ErrorCode::kNotFound, source.string() + ": no such file");
  std::ifstream in(source, std::ios::binary);
  if (!in) return IoError(source, "cannot open");
  SYNTH4D_RETURN_IF_ERROR(impl_->BeginMember(name, size));
  std::vector<char> buffer(kChunk);
  for (uint64_t copied = 0; copied < size;) {
    in.read(buffer.data(),
            static_cast<std::streamsize>(std::min<uint64_t>(buffer.size(), size - copied)));
    if (in.gcount() <= 0) return IoError(source, "shorter than its size (changed while read?)");
    const auto n = static_cast<size_t>(in.gcount());
    SYNTH4D_RETURN_IF_ERROR(impl_->WriteData(name, std::string_view(buffer.data(), n)));
    copied += n;
  }
  return core::Ok();
}

core::Result<TarSummary> TarWriter::Finish() {
  if (impl_->fd < 0) return IoError(impl_->path, "archive already finished");
  if (archive_write_close(impl_->tar) != ARCHIVE_OK) return IoError(impl_->path, Why(impl_->tar));
  const int fd = impl_->fd;
  impl_->fd = -1;
  if (::fsync(fd) != 0 || ::close(fd) != 0) return IoError(impl_->path, "flush failed");
  return TarSummary{impl_->bytes, impl_->hash.HexDigest(), impl_->members};
}

struct TarReader::Impl {
  std::filesystem::path path;
  uint64_t file_size = 0;
  std::unique_ptr<archive, int (*)(archive*)> tar{nullptr, archive_read_free};
  std::optional<TarEntry> current;
  int64_t header = 0;  // byte offset of the current member's header, or of the one being read
  bool data_read = false;

  // A read failure, located at the current member or header. Format problems come with EINVAL,
  // EILSEQ (libarchive's ARCHIVE_ERRNO_FILE_FORMAT) or no errno; other errno values are the
  // operating system's.
  core::Error ReadError(const std::string& what) const {
    const std::string at = "header at byte " + std::to_string(header);
    const int e = archive_errno(tar.get());
    return core::MakeError(e == EINVAL || e == EILSEQ || e <= 0 ? core::ErrorCode::kInvalidArgument
                                                                : core::ErrorCode::kIo,
                           path.string() + ": " +
                               (current ? "member \"" + current->name + "\" (" + at + ")" : at) +
                               ": " + what);
  }
};

TarReader::TarReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TarReader::TarReader(TarReader&&) noexcept = default;
TarReader& TarReader::operator=(TarReader&&) noexcept = default;
TarReader::~TarReader() = default;

core::Result<TarReader> TarReader::Open(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  std::error_code ec;
  impl->file_size = std::filesystem::file_size(path, ec);
  if (ec) return core::MakeError(core::ErrorCode::kNotFound, path.string() + ": no such file");
  impl->tar.reset(archive_read_new());
  archive* a = impl->tar.get();
  if (a == nullptr) return core::MakeError(core::ErrorCode::kInternal, "archive_read_new");
  // Tar only, chosen rather than detected, so that a damaged first header reads as damaged.
  if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
      archive_read_set_format(a, ARCHIVE_FORMAT_TAR) != ARCHIVE_OK ||
      archive_read_open_filename(a, path.c_str(), kChunk) != ARCHIVE_OK) {
    return IoError(path, Why(a));
  }
  return TarReader(std::move(impl));
}

core::Result<std::optional<TarEntry>> TarReader::Next() {
  Impl& r = *impl_;
  archive* a = r.tar.get();
  // Skipped here rather than inside archive_read_next_header, so that a member cut short is named.
  if (r.current && archive_read_data_skip(a) != ARCHIVE_OK) return r.ReadError(Why(a));
  r.current.reset();
  r.data_read = false;
  r.header = archive_filter_bytes(a, 0);  // bytes consumed so far: where the next header starts
  archive_entry* e = nullptr;
  const int status = archive_read_next_header(a, &e);
  if (status == ARCHIVE_EOF) {
    // libarchive accepts an archive cut at a member boundary; we do not.
    if (static_cast<uint64_t>(r.header) + kEndOfArchive > r.file_size) {
      return r.ReadError("truncated archive (no end-of-archive blocks)");
    }
    return std::optional<TarEntry>();
  }
  if (status != ARCHIVE_OK) return r.ReadError(Why(a));
  const char* name = archive_entry_pathname(e);
  const la_int64_t size = archive_entry_size(e);
  if (name == nullptr || size < 0) return r.ReadError("bad name or size");
  r.current = TarEntry{name, static_cast<uint64_t>(size), TypeFlag(e)};
  return r.current;
}

core::Result<std::string> TarReader::ReadData() {
  Impl& r = *impl_;
  if (!r.current || r.data_read) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "ReadData without a current member");
  }
  r.data_read = true;
  std::string data(static_cast<size_t>(r.current->size), '\0');
  for (size_t done = 0; done < data.size();) {
    const la_ssize_t n = archive_read_data(r.tar.get(), data.data() + done, data.size() - done);
    if (n <= 0) {
      return r.ReadError(n < 0 ? Why(r.tar.get()) : "data ends early");
    }
    done += static_cast<size_t>(n);
  }
  return data;
}

}  // namespace synth4d::shard
