#pragma once
// SHA-256 digests (OpenSSL libcrypto) as lower-case hex, for shard checksums and spec hashes.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "synth4d/core/result.h"

namespace synth4d::shard {

// An incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();

  // Adds `bytes` to the digest.
  void Update(std::string_view bytes);
  // The digest of everything added, as 64 hex digits; the hasher restarts empty afterwards.
  std::string HexDigest();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// SHA-256 of `bytes` as 64 hex digits.
std::string Sha256Hex(std::string_view bytes);

// SHA-256 of a file's contents; kNotFound if missing, kIo on read failure.
core::Result<std::string> Sha256File(const std::filesystem::path& path);

}  // namespace synth4d::shard
