#pragma once
// NumPy .npz files (a zip of .npy arrays, deflate-compressed) written as a stream: an array's
// header is written when it begins and its data is appended a frame at a time, so a clip's dense
// ground truth never has to sit whole in memory. np.load(path)["name"] reads it back.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "synth4d/core/result.h"

namespace synth4d::encode {

class NpzWriter {
 public:
  // Starts `path` under a temporary name (renamed by Finish). kIo if it cannot be created.
  static core::Result<NpzWriter> Create(const std::filesystem::path& path);

  NpzWriter(NpzWriter&&) noexcept;
  NpzWriter& operator=(NpzWriter&&) noexcept;
  // Deletes the temporary file of an unfinished archive.
  ~NpzWriter();

  // Begins array `name` ("depth" is stored as depth.npy) of NumPy dtype `dtype` ("<u2", "<f2",
  // "|u1", "<f4") and C-order `shape`; the previous array must be complete. kInvalidArgument for
  // an unknown dtype.
  core::Status BeginArray(const std::string& name, const std::string& dtype,
                          const std::vector<int64_t>& shape);
  // Appends raw little-endian elements to the current array. kInvalidArgument past its size.
  core::Status Append(const void* data, size_t bytes);
  // Checks the last array is complete, closes the archive (fsync) and renames it into place.
  core::Status Finish();

 private:
  struct Impl;
  explicit NpzWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace synth4d::encode
