#include "synth4d/shard/tar.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "synth4d/shard/sha256.h"

namespace synth4d::shard {
namespace {

constexpr size_t kBlock = 512;
constexpr uint64_t kMaxSize = 077777777777ULL;  // 11 octal digits: 8 GiB - 1

core::Error IoError(const std::filesystem::path& path, const std::string& what) {
  return core::MakeError(core::ErrorCode::kIo, path.string() + ": " + what);
}

core::Error Corrupt(const std::filesystem::path& path, uint64_t offset, const std::string& what) {
  return core::MakeError(core::ErrorCode::kInvalidArgument,
                         path.string() + " at byte " + std::to_string(offset) + ": " + what);
}

// Writes `value` as `width - 1` zero-padded octal digits and a NUL.
void Octal(char* field, size_t width, uint64_t value) {
  for (size_t i = width - 1; i-- > 0;) {
    field[i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
  field[width - 1] = '\0';
}

uint64_t HeaderChecksum(const char* header) {
  uint64_t sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum;
}

std::array<char, kBlock> Header(std::string_view name, uint64_t size) {
  std::array<char, kBlock> h{};
  std::memcpy(h.data(), name.data(), name.size());
  Octal(h.data() + 100, 8, 0644);   // mode
  Octal(h.data() + 108, 8, 0);      // uid
  Octal(h.data() + 116, 8, 0);      // gid
  Octal(h.data() + 124, 12, size);  // size
  Octal(h.data() + 136, 12, 0);     // mtime
  h[156] = '0';                     // regular file
  std::memcpy(h.data() + 257, "ustar", 6);
  std::memcpy(h.data() + 263, "00", 2);
  Octal(h.data() + 329, 8, 0);  // devmajor
  Octal(h.data() + 337, 8, 0);  // devminor
  Octal(h.data() + 148, 7, HeaderChecksum(h.data()));
  h[155] = ' ';
  return h;
}

// Parses an octal field (NUL/space terminated); false when it is not octal.
bool ParseOctal(const char* field, size_t width, uint64_t* value) {
  *value = 0;
  size_t i = 0;
  while (i < width && field[i] == ' ') ++i;
  bool any = false;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) {
    *value = (*value << 3) | static_cast<uint64_t>(field[i] - '0');
    any = true;
  }
  for (; i < width; ++i) {
    if (field[i] != '\0' && field[i] != ' ') return false;
  }
  return any;
}

core::Status CheckName(std::string_view name) {
  if (name.empty() || name.size() > kMaxTarName || name.find('\0') != std::string_view::npos) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        "tar member name must have 1 to 100 bytes and no NUL: \"" + std::string(name) + "\"");
  }
  return core::Ok();
}

}  // namespace

struct TarWriter::Impl {
  std::filesystem::path path;
  int fd = -1;
  Sha256 hash;
  uint64_t bytes = 0;
  int members = 0;

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  core::Status Write(std::string_view data) {
    hash.Update(data);
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError(path, std::string("write failed: ") + std::strerror(errno));
      }
      done += static_cast<size_t>(n);
    }
    bytes += data.size();
    return core::Ok();
  }

  core::Status Pad(uint64_t size) {
    static const std::array<char, kBlock> kZeros{};
    const size_t pad = static_cast<size_t>((kBlock - size % kBlock) % kBlock);
    return Write(std::string_view(kZeros.data(), pad));
  }

  core::Status BeginMember(std::string_view name, uint64_t size) {
    SYNTH4D_RETURN_IF_ERROR(CheckName(name));
    if (size > kMaxSize) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             std::string(name) + ": member larger than 8 GiB");
    }
    if (fd < 0) return IoError(path, "archive already finished");
    const std::array<char, kBlock> header = Header(name, size);
    ++members;
    return Write(std::string_view(header.data(), header.size()));
  }
};

TarWriter::TarWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TarWriter::TarWriter(TarWriter&&) noexcept = default;
TarWriter& TarWriter::operator=(TarWriter&&) noexcept = default;
TarWriter::~TarWriter() = default;

core::Result<TarWriter> TarWriter::Create(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (impl->fd < 0) return IoError(path, std::string("cannot create: ") + std::strerror(errno));
  return TarWriter(std::move(impl));
}

core::Status TarWriter::Add(std::string_view name, std::string_view data) {
  SYNTH4D_RETURN_IF_ERROR(impl_->BeginMember(name, data.size()));
  SYNTH4D_RETURN_IF_ERROR(impl_->Write(data));
  return impl_->Pad(data.size());
}

core::Status TarWriter::AddFile(std::string_view name, const std::filesystem::path& source) {
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(source, ec);
  if (ec) return core::MakeError(core::ErrorCode::kNotFound, source.string() + ": no such file");
  std::ifstream in(source, std::ios::binary);
  if (!in) return IoError(source, "cannot open");
  SYNTH4D_RETURN_IF_ERROR(impl_->BeginMember(name, size));
  std::array<char, 1 << 16> buffer;
  uint64_t copied = 0;
  while (copied < size) {
    in.read(buffer.data(),
            static_cast<std::streamsize>(std::min<uint64_t>(buffer.size(), size - copied)));
    if (in.gcount() <= 0) return IoError(source, "shorter than its size (changed while read?)");
    SYNTH4D_RETURN_IF_ERROR(
        impl_->Write(std::string_view(buffer.data(), static_cast<size_t>(in.gcount()))));
    copied += static_cast<uint64_t>(in.gcount());
  }
  return impl_->Pad(size);
}

core::Result<TarSummary> TarWriter::Finish() {
  static const std::array<char, 2 * kBlock> kEnd{};
  if (impl_->fd < 0) return IoError(impl_->path, "archive already finished");
  SYNTH4D_RETURN_IF_ERROR(impl_->Write(std::string_view(kEnd.data(), kEnd.size())));
  const int fd = impl_->fd;
  impl_->fd = -1;
  if (::fsync(fd) != 0 || ::close(fd) != 0) return IoError(impl_->path, "flush failed");
  return TarSummary{impl_->bytes, impl_->hash.HexDigest(), impl_->members};
}

TarReader::TarReader(std::ifstream in, std::filesystem::path path, uint64_t file_size)
    : in_(std::move(in)), path_(std::move(path)), file_size_(file_size) {}

core::Result<TarReader> TarReader::Open(const std::filesystem::path& path) {
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) return core::MakeError(core::ErrorCode::kNotFound, path.string() + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path, "cannot open");
  return TarReader(std::move(in), path, size);
}

core::Result<std::optional<TarEntry>> TarReader::Next() {
  current_.reset();
  data_read_ = false;
  if (next_header_ + kBlock > file_size_) {
    return Corrupt(path_, next_header_, "truncated archive (no end-of-archive blocks)");
  }
  std::array<char, kBlock> h;
  in_.seekg(static_cast<std::streamoff>(next_header_));
  in_.read(h.data(), h.size());
  if (in_.gcount() != static_cast<std::streamsize>(kBlock)) return IoError(path_, "read failed");
  bool zero = true;
  for (char c : h) zero = zero && c == '\0';
  if (zero) return std::optional<TarEntry>();
  uint64_t checksum = 0, size = 0;
  if (!ParseOctal(h.data() + 148, 8, &checksum) || checksum != HeaderChecksum(h.data())) {
    return Corrupt(path_, next_header_, "bad header checksum");
  }
  if (!ParseOctal(h.data() + 124, 12, &size)) return Corrupt(path_, next_header_, "bad size field");
  TarEntry e;
  e.name.assign(h.data(), strnlen(h.data(), 100));
  if (std::memcmp(h.data() + 257, "ustar", 5) == 0 && h[345] != '\0') {
    e.name = std::string(h.data() + 345, strnlen(h.data() + 345, 155)) + "/" + e.name;
  }
  e.size = size;
  e.type = h[156] == '\0' ? '0' : h[156];
  e.data_offset = next_header_ + kBlock;
  const uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
  if (e.data_offset + padded > file_size_) {
    return Corrupt(path_, next_header_, "member \"" + e.name + "\" runs past the end of the file");
  }
  next_header_ = e.data_offset + padded;
  current_ = e;
  return std::optional<TarEntry>(e);
}

core::Result<std::string> TarReader::ReadData() {
  if (!current_ || data_read_) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "ReadData without a current member");
  }
  data_read_ = true;
  std::string data(static_cast<size_t>(current_->size), '\0');
  in_.seekg(static_cast<std::streamoff>(current_->data_offset));
  in_.read(data.data(), static_cast<std::streamsize>(data.size()));
  if (in_.gcount() != static_cast<std::streamsize>(data.size()))
    return IoError(path_, "read failed");
  return data;
}

}  // namespace synth4d::shard
