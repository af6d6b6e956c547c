#include "io/output_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace polarity::io {
namespace fs = std::filesystem;

OutputWriteError::OutputWriteError(const fs::path& path, int error_number)
    : std::runtime_error(path.string() + ": " + std::strerror(error_number)), path_(path) {}

OutputWriteError::OutputWriteError(const fs::path& path, const std::string& message)
    : std::runtime_error(path.string() + ": " + message), path_(path) {}

namespace {

bool IsTemporaryName(const std::string& name) {
  return name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos;
}

}  // namespace

bool IsPolarityOutputFile(const fs::path& relative) {
  const std::string name = relative.filename().string();
  const fs::path parent = relative.parent_path();
  if (parent.empty()) {
    return name == "manifest.json" || name == "timeseries.csv" || name == "events.csv" ||
           name == "outcomes.csv" || name == "points.csv" || IsTemporaryName(name);
  }
  if (parent == "networks") {
    const bool graphml = name.starts_with("alliances_") && name.ends_with(".graphml");
    return graphml || IsTemporaryName(name);
  }
  return false;
}

void PrepareOutputDirectory(const fs::path& dir, bool force) {
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw OutputCreateError(dir.string() + ": " + ec.message());
  }
  if (!fs::exists(status)) {
    fs::create_directories(dir, ec);
    if (ec) throw OutputCreateError(dir.string() + ": cannot create directory: " + ec.message());
    return;
  }
  if (!fs::is_directory(status)) {
    throw OutputCreateError(dir.string() + ": exists and is not a directory");
  }
  const bool empty = fs::is_empty(dir, ec);
  if (ec) throw OutputCreateError(dir.string() + ": " + ec.message());
  if (empty) return;
  if (!force) {
    throw OutputCreateError(dir.string() +
                            ": output directory exists and is not empty (use --force to "
                            "replace its Polarity files)");
  }
  // --force: remove our own files, keep everything else.
  std::vector<fs::path> doomed;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const fs::path name = entry.path().filename();
    if (IsPolarityOutputFile(name) && !entry.is_directory()) doomed.push_back(entry.path());
  }
  if (ec) throw OutputCreateError(dir.string() + ": " + ec.message());
  const fs::path networks = dir / "networks";
  if (fs::is_directory(networks, ec)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(networks, ec)) {
      if (IsPolarityOutputFile(fs::path("networks") / entry.path().filename()) &&
          !entry.is_directory()) {
        doomed.push_back(entry.path());
      }
    }
  }
  for (const fs::path& path : doomed) {
    fs::remove(path, ec);
    if (ec) throw OutputCreateError(path.string() + ": cannot remove: " + ec.message());
  }
  if (fs::is_directory(networks, ec) && fs::is_empty(networks, ec)) fs::remove(networks, ec);
}

AtomicFile::AtomicFile(fs::path final_path) : final_path_(std::move(final_path)) {
  std::string temp_name = ".";
  temp_name += final_path_.filename().string();
  temp_name += ".tmp-";
  temp_name += std::to_string(::getpid());
  temp_path_ = final_path_.parent_path() / temp_name;
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (file_ == nullptr) throw OutputWriteError(final_path_, errno);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : final_path_(std::move(other.final_path_)),
      temp_path_(std::move(other.temp_path_)),
      file_(std::exchange(other.file_, nullptr)),
      committed_(std::exchange(other.committed_, true)) {}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_ && !temp_path_.empty()) {
    std::error_code ec;
    fs::remove(temp_path_, ec);
  }
}

void AtomicFile::Write(std::string_view data) {
  if (data.empty()) return;
  if (file_ == nullptr) throw OutputWriteError(final_path_, "write after commit");
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    throw OutputWriteError(final_path_, errno);
  }
}

void AtomicFile::Commit() {
  if (file_ == nullptr) throw OutputWriteError(final_path_, "committed twice");
  const bool flushed = std::fflush(file_) == 0;
  const int flush_errno = errno;
  const bool closed = std::fclose(file_) == 0;
  const int close_errno = errno;
  file_ = nullptr;
  if (!flushed) throw OutputWriteError(final_path_, flush_errno);
  if (!closed) throw OutputWriteError(final_path_, close_errno);
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    throw OutputWriteError(final_path_, errno);
  }
  committed_ = true;
}

void WriteFileAtomically(const fs::path& path, std::string_view data) {
  AtomicFile file(path);
  file.Write(data);
  file.Commit();
}

bool ReadFile(const fs::path& path, std::string* data, std::string* error) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    if (error != nullptr) *error = path.string() + ": " + std::strerror(errno);
    return false;
  }
  data->clear();
  char buffer[65536];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) data->append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  const int saved = errno;
  std::fclose(file);
  if (failed) {
    if (error != nullptr) *error = path.string() + ": " + std::strerror(saved);
    return false;
  }
  return true;
}

}  // namespace polarity::io
