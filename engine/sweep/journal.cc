#include "sweep/journal.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <stdexcept>

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

struct ParsedLine {
  std::uint64_t run_id;
  std::size_t offset, length;
};

// Parses the good lines of a journal text; returns the byte length of the good prefix.
std::size_t ParseJournal(std::string_view text, std::vector<ParsedLine>* lines) {
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
    lines->push_back({run_id, pos, row.size()});
    pos = end + 1;
  }
  return pos;
}

double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

DurableWriter::DurableWriter(std::filesystem::path path, bool sync) : path_(std::move(path)), sync_(sync) {
  temp_ = path_;
  temp_.replace_filename("." + path_.filename().string() + ".tmp-" + std::to_string(::getpid()));
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw io::OutputWriteError(path_, errno);
}

DurableWriter::~DurableWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

void DurableWriter::Write(std::string_view data) { WriteAll(fd_, data, path_); }

void DurableWriter::Commit() {
  if (sync_ && ::fsync(fd_) != 0) throw io::OutputWriteError(path_, errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    ::unlink(temp_.c_str());
    throw io::OutputWriteError(path_, errno);
  }
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp_.c_str());
    throw io::OutputWriteError(path_, error);
  }
  if (sync_) SyncDirectory(path_.parent_path());
}

void WriteDurably(const std::filesystem::path& path, std::string_view data, bool sync) {
  DurableWriter writer(path, sync);
  writer.Write(data);
  writer.Commit();
}

void ConcatenateDurably(const std::filesystem::path& path, std::string_view header,
                        const std::vector<std::filesystem::path>& parts, bool skip_part_headers) {
  DurableWriter writer(path);
  writer.Write(header);
  std::vector<char> buffer(1 << 20);
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
      writer.Write(chunk);
    }
    ::close(in);
  }
  writer.Commit();
}

std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Journal::Journal(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw io::OutputWriteError(path, errno);
  // Read in chunks, indexing whole lines as they come, so memory stays flat.
  std::string pending;
  std::vector<char> buffer(1 << 20);
  std::uint64_t consumed = 0;  // file offset of pending[0]
  bool damaged = false;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw io::OutputWriteError(path, errno);
    if (n == 0) break;
    pending.append(buffer.data(), static_cast<std::size_t>(n));
    if (damaged) continue;  // the rest is after a bad line: only counted as torn
    std::vector<ParsedLine> lines;
    const std::size_t good = ParseJournal(pending, &lines);
    for (const ParsedLine& l : lines) {
      entries_.push_back({l.run_id, consumed + l.offset, static_cast<std::uint32_t>(l.length)});
    }
    // A bad line (not merely one cut by the chunk boundary) ends the good prefix.
    const std::size_t next_newline = pending.find('\n', good);
    if (next_newline != std::string::npos) damaged = true;
    consumed += good;
    pending.erase(0, good);
    end_ = consumed;
  }
  const std::uint64_t size = static_cast<std::uint64_t>(::lseek(fd_, 0, SEEK_END));
  torn_bytes_ = static_cast<std::size_t>(size - end_);
  if (torn_bytes_ > 0 && ::ftruncate(fd_, static_cast<off_t>(end_)) != 0) {
    throw io::OutputWriteError(path, errno);
  }
  if (::lseek(fd_, static_cast<off_t>(end_), SEEK_SET) < 0) throw io::OutputWriteError(path, errno);
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
  entries_.push_back({run_id, end_, static_cast<std::uint32_t>(body.size())});
  end_ += line.size();
  if (SteadySeconds() - last_sync_ >= 1.0) Sync();
}

void Journal::Sync() {
  if (::syncfs(fd_) != 0) throw io::OutputWriteError(path_, errno);
  last_sync_ = SteadySeconds();
}

std::vector<std::uint64_t> Journal::RunIds() const {
  std::vector<std::uint64_t> ids;
  ids.reserve(entries_.size());
  for (const Entry& e : entries_) ids.push_back(e.run_id);
  return ids;
}

std::vector<Journal::Entry> Journal::SortedEntries(std::uint64_t first, std::uint64_t last) const {
  std::vector<Entry> sorted;
  for (const Entry& e : entries_) {
    if (e.run_id >= first && e.run_id < last) sorted.push_back(e);
  }
  // Later lines for the same run id (a resumed run written twice) win.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) { return a.run_id < b.run_id; });
  std::vector<Entry> unique;
  for (const Entry& e : sorted) {
    if (!unique.empty() && unique.back().run_id == e.run_id) {
      unique.back() = e;
    } else {
      unique.push_back(e);
    }
  }
  std::uint64_t expected = first;
  for (const Entry& e : unique) {
    if (e.run_id != expected) break;
    ++expected;
  }
  if (expected != last) throw std::runtime_error("run " + std::to_string(expected) + " is missing from the journal");
  return unique;
}

void Journal::ReadRow(const Entry& entry, std::string* row) const {
  row->resize(entry.length + 1);
  std::size_t done = 0;
  while (done < entry.length) {
    const ssize_t n = ::pread(fd_, row->data() + done, entry.length - done,
                              static_cast<off_t>(entry.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw io::OutputWriteError(path_, n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  (*row)[entry.length] = '\n';
}

}  // namespace polarity::sweep
