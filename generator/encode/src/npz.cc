#include "synth4d/encode/npz.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "synth4d/core/file.h"

namespace synth4d::encode {
namespace {

namespace fs = std::filesystem;

int ElementBytes(const std::string& dtype) {
  if (dtype == "|u1") return 1;
  if (dtype == "<u2" || dtype == "<f2") return 2;
  if (dtype == "<f4" || dtype == "<u4") return 4;
  return 0;
}

// The .npy v1.0 header: magic, version, length, and a dict padded with spaces to 64 bytes.
std::string NpyHeader(const std::string& dtype, const std::vector<int64_t>& shape) {
  std::string dims;  // "3," for one dimension, "3, 4" for two (Python tuple syntax)
  for (size_t i = 0; i < shape.size(); ++i) dims += (i > 0 ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ",";
  std::string dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  const size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string header = "\x93NUMPY";
  header += '\x01';
  header += '\x00';
  header += static_cast<char>(dict.size() & 0xff);
  header += static_cast<char>(dict.size() >> 8);
  return header + dict;
}

}  // namespace

struct NpzWriter::Impl {
  fs::path path;
  fs::path tmp;
  int fd = -1;
  archive* zip = nullptr;
  uint64_t left = 0;  // bytes still owed to the current array
  bool finished = false;

  core::Error Fail(const std::string& what) const {
    return core::MakeError(core::ErrorCode::kIo, path.string() + ": " + what);
  }
  std::string Why() const {
    const char* why = archive_error_string(zip);
    return why != nullptr ? why : "archive error";
  }
  ~Impl() {
    if (zip != nullptr) archive_write_free(zip);
    if (fd >= 0) ::close(fd);
    if (!finished && !tmp.empty()) {
      std::error_code ec;
      fs::remove(tmp, ec);
    }
  }
};

NpzWriter::NpzWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NpzWriter::NpzWriter(NpzWriter&&) noexcept = default;
NpzWriter& NpzWriter::operator=(NpzWriter&&) noexcept = default;
NpzWriter::~NpzWriter() = default;

core::Result<NpzWriter> NpzWriter::Create(const fs::path& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->tmp = core::TempPathFor(path);
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  impl->fd = ::open(impl->tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (impl->fd < 0) return impl->Fail(std::string("cannot create: ") + std::strerror(errno));
  impl->zip = archive_write_new();
  if (archive_write_set_format_zip(impl->zip) != ARCHIVE_OK ||
      archive_write_set_options(impl->zip, "zip:compression=deflate") != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(impl->zip, 1) != ARCHIVE_OK ||
      archive_write_open_fd(impl->zip, impl->fd) != ARCHIVE_OK) {
    return impl->Fail(impl->Why());
  }
  return NpzWriter(std::move(impl));
}

core::Status NpzWriter::BeginArray(const std::string& name, const std::string& dtype,
                                   const std::vector<int64_t>& shape) {
  if (impl_->left != 0) return core::InvalidArgument(impl_->path.string() + ": array incomplete");
  const int element = ElementBytes(dtype);
  if (element == 0) return core::InvalidArgument("npz: unknown dtype " + dtype);
  uint64_t count = 1;
  for (int64_t d : shape) count *= static_cast<uint64_t>(d);
  const std::string header = NpyHeader(dtype, shape);
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, (name + ".npy").c_str());
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_mtime(entry, 315532800, 0);  // 1980-01-01, the zip epoch: same bytes each run
  archive_entry_set_size(entry, static_cast<la_int64_t>(header.size() + count * element));
  const int status = archive_write_header(impl_->zip, entry);
  archive_entry_free(entry);
  if (status != ARCHIVE_OK) return impl_->Fail(impl_->Why());
  impl_->left = count * static_cast<uint64_t>(element) + header.size();
  return Append(header.data(), header.size());
}

core::Status NpzWriter::Append(const void* data, size_t bytes) {
  if (bytes > impl_->left) return core::InvalidArgument(impl_->path.string() + ": array overrun");
  const auto* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const la_ssize_t n = archive_write_data(impl_->zip, p, bytes);
    if (n <= 0) return impl_->Fail("write failed: " + impl_->Why());
    p += n;
    bytes -= static_cast<size_t>(n);
    impl_->left -= static_cast<uint64_t>(n);
  }
  return core::Ok();
}

core::Status NpzWriter::Finish() {
  if (impl_->left != 0) return core::InvalidArgument(impl_->path.string() + ": array incomplete");
  if (archive_write_close(impl_->zip) != ARCHIVE_OK) return impl_->Fail(impl_->Why());
  archive_write_free(impl_->zip);
  impl_->zip = nullptr;
  const int fd = impl_->fd;
  impl_->fd = -1;
  if (::fsync(fd) != 0 || ::close(fd) != 0) return impl_->Fail("flush failed");
  std::error_code ec;
  fs::rename(impl_->tmp, impl_->path, ec);
  if (ec) return impl_->Fail("rename failed: " + ec.message());
  impl_->finished = true;
  return core::Ok();
}

}  // namespace synth4d::encode
