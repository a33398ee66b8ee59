#include "synth4d/shard/webdataset.h"

#include <algorithm>
#include <set>

#include "synth4d/core/crash_point.h"
#include "synth4d/core/file.h"

namespace synth4d::shard {

bool IsValidKey(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::pair<std::string, std::string> SplitMemberName(std::string_view name) {
  const size_t slash = name.rfind('/');
  const size_t base = slash == std::string_view::npos ? 0 : slash + 1;
  const size_t dot = name.find('.', base);
  if (dot == std::string_view::npos) return {std::string(name), ""};
  return {std::string(name.substr(0, dot)), std::string(name.substr(dot + 1))};
}

ShardWriter::ShardWriter(std::filesystem::path path, std::filesystem::path tmp, TarWriter writer)
    : path_(std::move(path)), tmp_(std::move(tmp)), writer_(std::move(writer)) {}
ShardWriter::ShardWriter(ShardWriter&&) noexcept = default;
ShardWriter& ShardWriter::operator=(ShardWriter&&) noexcept = default;

ShardWriter::~ShardWriter() {
  if (!finished_ && !tmp_.empty()) {
    writer_.reset();
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

core::Result<ShardWriter> ShardWriter::Create(const std::filesystem::path& path) {
  const std::filesystem::path tmp = core::TempPathFor(path);
  SYNTH4D_ASSIGN_OR_RETURN(TarWriter writer, TarWriter::Create(tmp));
  return ShardWriter(path, tmp, std::move(writer));
}

core::Status ShardWriter::AddSample(const std::string& key, std::vector<SampleField> fields) {
  if (!IsValidKey(key))
    return core::InvalidArgument("invalid sample key \"" + key + "\" (allowed: A-Z a-z 0-9 _ -)");
  if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) {
    return core::InvalidArgument("sample key \"" + key + "\" repeated in " +
                                 path_.filename().string());
  }
  if (fields.empty()) return core::InvalidArgument("sample \"" + key + "\" has no fields");
  std::sort(fields.begin(), fields.end(),
            [](const SampleField& a, const SampleField& b) { return a.field < b.field; });
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].field.empty() || (i > 0 && fields[i].field == fields[i - 1].field)) {
      return core::InvalidArgument("sample \"" + key + "\": empty or repeated field \"" +
                                   fields[i].field + "\"");
    }
  }
  for (const SampleField& f : fields) {
    const std::string name = key + "." + f.field;
    SYNTH4D_RETURN_IF_ERROR(f.file.empty() ? writer_->Add(name, f.data)
                                           : writer_->AddFile(name, f.file));
  }
  keys_.push_back(key);
  core::CrashPoint("shard.sample");
  return core::Ok();
}

core::Result<ShardSummary> ShardWriter::Finish() {
  SYNTH4D_ASSIGN_OR_RETURN(TarSummary tar, writer_->Finish());
  core::CrashPoint("shard.closed");
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) {
    return core::MakeError(core::ErrorCode::kIo,
                           path_.string() + ": rename failed: " + ec.message());
  }
  finished_ = true;
  core::CrashPoint("shard.renamed");
  return ShardSummary{path_.filename().string(), tar.bytes, tar.sha256, keys_};
}

const Sample::Field* Sample::Find(std::string_view name) const {
  for (const Field& f : fields) {
    if (f.field == name) return &f;
  }
  return nullptr;
}

core::Result<std::vector<Sample>> ReadShard(const std::filesystem::path& path,
                                            const std::vector<std::string>& load) {
  SYNTH4D_ASSIGN_OR_RETURN(TarReader reader, TarReader::Open(path));
  std::vector<Sample> samples;
  std::set<std::string> closed;  // keys whose run of members has ended
  const std::string where = path.filename().string() + ": ";
  while (true) {
    SYNTH4D_ASSIGN_OR_RETURN(std::optional<TarEntry> entry, reader.Next());
    if (!entry) break;
    if (entry->type != '0')
      return core::InvalidArgument(where + "member \"" + entry->name + "\" is not a regular file");
    auto [key, field] = SplitMemberName(entry->name);
    if (!IsValidKey(key) || field.empty()) {
      return core::InvalidArgument(where + "member \"" + entry->name +
                                   "\" is not named <key>.<field>");
    }
    if (samples.empty() || samples.back().key != key) {
      if (!samples.empty()) closed.insert(samples.back().key);
      if (closed.count(key) != 0) {
        return core::InvalidArgument(where + "members of sample \"" + key + "\" are not adjacent");
      }
      samples.push_back(Sample{key, {}});
    }
    if (samples.back().Find(field) != nullptr) {
      return core::InvalidArgument(where + "member \"" + entry->name + "\" repeated");
    }
    Sample::Field f{field, "", entry->size};
    if (load.empty() || std::find(load.begin(), load.end(), field) != load.end()) {
      SYNTH4D_ASSIGN_OR_RETURN(f.data, reader.ReadData());
    }
    samples.back().fields.push_back(std::move(f));
  }
  return samples;
}

}  // namespace synth4d::shard
