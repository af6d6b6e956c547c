#pragma once
// The output directory of a command (INTERFACE.md "Output directory"): refusing to clobber,
// replacing Polarity's own files under --force, and writing every file atomically.
//
// Every file is written to a hidden temporary name in its final directory
// (".NAME.tmp-PID") and renamed over the final name only when complete, so a killed process
// leaves either the old file or the new one, never a torn one. (No fsync: this protects
// against the process dying, not against the machine losing power.)

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace polarity::io {

// The output cannot be created: it exists without --force, it is a file, or permission is
// denied. Exit code 73.
class OutputCreateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A write, rename or close failed. Exit code 74. what() is "PATH: strerror(errno)".
class OutputWriteError : public std::runtime_error {
 public:
  OutputWriteError(const std::filesystem::path& path, int error_number);
  OutputWriteError(const std::filesystem::path& path, const std::string& message);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// True for the files a Polarity command writes into an output directory: manifest.json,
// timeseries.csv, events.csv, outcomes.csv, points.csv, networks/alliances_*.graphml and
// leftover temporaries (".*.tmp-*"). `relative` is relative to the output directory.
bool IsPolarityOutputFile(const std::filesystem::path& relative);

// Makes `dir` ready for writing. When it does not exist it is created (with parents). When
// it exists and is not empty: without `force` throws OutputCreateError; with `force` removes
// every Polarity output file in it (other files are kept). Throws OutputCreateError when
// `dir` is not a directory or cannot be created.
void PrepareOutputDirectory(const std::filesystem::path& dir, bool force);

// A file written through a temporary and renamed into place by Commit(). Destroying an
// uncommitted AtomicFile removes the temporary. Writes are buffered by stdio; every failure
// throws OutputWriteError naming the final path (the file the user asked for).
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path final_path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) = delete;

  void Write(std::string_view data);
  // Flushes, closes and renames the temporary to the final path.
  void Commit();

  const std::filesystem::path& path() const { return final_path_; }
  const std::filesystem::path& temp_path() const { return temp_path_; }
  bool committed() const { return committed_; }

 private:
  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Writes `data` to `path` through a temporary (AtomicFile).
void WriteFileAtomically(const std::filesystem::path& path, std::string_view data);

// Reads a whole file; false with *error ("PATH: strerror") when it cannot be read.
bool ReadFile(const std::filesystem::path& path, std::string* data, std::string* error);

}  // namespace polarity::io
