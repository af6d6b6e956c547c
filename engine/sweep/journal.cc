#include "sweep/journal.h"

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstdio>

#include <fcntl.h>
#include <unistd.h>

#include "io/output_dir.h"

namespace polarity::sweep {
namespace {

void WriteAll(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw io::OutputWriteError(path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void SyncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // best effort: some filesystems refuse to open directories
  ::fsync(fd);
  ::close(fd);
}

std::string Hex(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

// Parses the good lines of a journal text; returns the byte length of the good prefix.
std::size_t ParseJournal(std::string_view text, std::map<std::uint64_t, std::string>* rows) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) break;  // torn: no newline
    const std::string_view line = text.substr(pos, end - pos);
    const std::size_t tab = line.rfind('\t');
    if (tab == std::string_view::npos) break;
    const std::string_view row = line.substr(0, tab);
    if (Hex(Fnv1a64(row)) != line.substr(tab + 1)) break;  // torn or damaged
    std::uint64_t run_id = 0;
    const auto [ptr, ec] = std::from_chars(row.data(), row.data() + row.size(), run_id);
    if (ec != std::errc() || ptr == row.data() || *ptr != ',') break;
    (*rows)[run_id] = std::string(row) + '\n';
    pos = end + 1;
  }
  return pos;
}

double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void ConcatenateDurably(const std::filesystem::path& path, std::string_view header,
                        const std::vector<std::filesystem::path>& parts, bool skip_part_headers) {
  std::filesystem::path temp = path;
  temp.replace_filename("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw io::OutputWriteError(path, errno);
  std::vector<char> buffer(1 << 20);
  try {
    WriteAll(fd, header, path);
    for (const std::filesystem::path& part : parts) {
      const int in = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
      if (in < 0) throw io::OutputWriteError(part, errno);
      bool in_header = skip_part_headers;
      for (;;) {
        const ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          const int error = errno;
          ::close(in);
          throw io::OutputWriteError(part, error);
        }
        if (n == 0) break;
        std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
        if (in_header) {
          const std::size_t newline = chunk.find('\n');
          if (newline == std::string_view::npos) continue;
          chunk.remove_prefix(newline + 1);
          in_header = false;
        }
        WriteAll(fd, chunk, path);
      }
      ::close(in);
    }
    if (::fsync(fd) != 0) throw io::OutputWriteError(path, errno);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  if (::close(fd) != 0) throw io::OutputWriteError(path, errno);
  if (::rename(temp.c_str(), path.c_str()) != 0) throw io::OutputWriteError(path, errno);
  SyncDirectory(path.parent_path());
}

std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

void WriteDurably(const std::filesystem::path& path, std::string_view data, bool sync) {
  std::filesystem::path temp = path;
  temp.replace_filename("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw io::OutputWriteError(path, errno);
  try {
    WriteAll(fd, data, path);
    if (sync && ::fsync(fd) != 0) throw io::OutputWriteError(path, errno);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  if (::close(fd) != 0) throw io::OutputWriteError(path, errno);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw io::OutputWriteError(path, error);
  }
  if (sync) SyncDirectory(path.parent_path());
}

Journal::Journal(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw io::OutputWriteError(path, errno);
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw io::OutputWriteError(path, errno);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  const std::size_t good = ParseJournal(text, &rows_);
  torn_bytes_ = text.size() - good;
  if (torn_bytes_ > 0 && ::ftruncate(fd_, static_cast<off_t>(good)) != 0) {
    throw io::OutputWriteError(path, errno);
  }
  if (::lseek(fd_, static_cast<off_t>(good), SEEK_SET) < 0) throw io::OutputWriteError(path, errno);
  SyncDirectory(path.parent_path());
  last_sync_ = SteadySeconds();
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::Append(std::uint64_t run_id, std::string_view row) {
  std::string_view body = row;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  std::string line(body);
  line += '\t';
  line += Hex(Fnv1a64(body));
  line += '\n';
  WriteAll(fd_, line, path_);
  rows_[run_id] = std::string(body) + '\n';
  if (SteadySeconds() - last_sync_ >= 1.0) Sync();
}

void Journal::Sync() {
  if (::syncfs(fd_) != 0) throw io::OutputWriteError(path_, errno);
  last_sync_ = SteadySeconds();
}

std::map<std::uint64_t, std::string> ReadJournal(const std::filesystem::path& path) {
  std::map<std::uint64_t, std::string> rows;
  std::string text, error;
  if (io::ReadFile(path, &text, &error)) ParseJournal(text, &rows);
  return rows;
}

}  // namespace polarity::sweep
