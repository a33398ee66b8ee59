#include "synth4d/shard/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>

#include "synth4d/core/check.h"

namespace synth4d::shard {

struct Sha256::Impl {
  EVP_MD_CTX* ctx = nullptr;
  Impl() : ctx(EVP_MD_CTX_new()) {
    SYNTH4D_CHECK(ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1)
        << "EVP sha256 init";
  }
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {}
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
  SYNTH4D_CHECK(EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size()) == 1) << "EVP update";
}

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  SYNTH4D_CHECK(EVP_DigestFinal_ex(impl_->ctx, digest, &length) == 1) << "EVP final";
  SYNTH4D_CHECK(EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) == 1) << "EVP init";
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

core::Result<std::string> Sha256File(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return core::MakeError(core::ErrorCode::kNotFound, path.string() + ": no such file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::MakeError(core::ErrorCode::kIo, path.string() + ": cannot open");
  Sha256 h;
  std::array<char, 1 << 16> buffer;
  while (in) {
    in.read(buffer.data(), buffer.size());
    h.Update(std::string_view(buffer.data(), static_cast<size_t>(in.gcount())));
  }
  if (in.bad()) return core::MakeError(core::ErrorCode::kIo, path.string() + ": read failed");
  return h.HexDigest();
}

}  // namespace synth4d::shard
