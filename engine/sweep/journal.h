#pragma once
// Crash safety for sweeps: durable file writes and the append-only run journal.
//
// A finished run is one journal line: its outcomes.csv row, a tab, and a 64-bit FNV-1a
// checksum of the row in hex. A line is appended with one write() as soon as the run is
// consumed, so a killed process (SIGKILL included) loses only runs in flight: the kernel
// keeps what was written. fdatasync() runs at most once a second and on Sync(), so a machine
// crash loses at most about a second of runs; syncing every line would cost a disk flush per
// run, more than a flagship run itself. Sync() uses syncfs(), so the per-run files a line
// refers to (written before it) reach the disk no later than the line.
// On resume a torn tail (no newline, or a checksum that does not match) is cut off and
// everything before it is trusted.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace polarity::sweep {

// Writes `data` to `path` via a temporary in the same directory: write, fsync, rename,
// fsync the directory. With sync = false the fsyncs are skipped: the file is still whole or
// absent if the process dies (rename is atomic), and Journal::Sync() flushes it to the disk
// later with the whole filesystem. Throws io::OutputWriteError on failure.
void WriteDurably(const std::filesystem::path& path, std::string_view data, bool sync = true);

// Writes `header` then each part's contents, in order, into `path` as WriteDurably does,
// streaming (parts may be large). With skip_part_headers the first line of every part is
// left out (joining CSV files that each have a header).
void ConcatenateDurably(const std::filesystem::path& path, std::string_view header,
                        const std::vector<std::filesystem::path>& parts, bool skip_part_headers);

// A file written through a temporary in its directory and renamed into place by Commit()
// (after an fsync when `sync`); an uncommitted writer removes its temporary. For outputs
// too large to build in memory.
class DurableWriter {
 public:
  DurableWriter(std::filesystem::path path, bool sync = true);
  ~DurableWriter();
  DurableWriter(const DurableWriter&) = delete;
  DurableWriter& operator=(const DurableWriter&) = delete;
  void Write(std::string_view data);
  void Commit();

 private:
  std::filesystem::path path_, temp_;
  int fd_ = -1;
  bool sync_;
};

std::uint64_t Fnv1a64(std::string_view text);

class Journal {
 public:
  // Opens (creating if needed) the journal at `path`, indexes its good lines and truncates a
  // torn tail. Only an index is kept in memory (16 bytes a run), never the rows, so a sweep
  // of any size runs in flat memory. Throws io::OutputWriteError on I/O failure.
  explicit Journal(const std::filesystem::path& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Appends the row of run `run_id` (`row` ends in '\n').
  void Append(std::uint64_t run_id, std::string_view row);
  // Flushes appended lines, and every file written before them on the same filesystem (the
  // per-run time series), to the disk: syncfs() on the journal's filesystem.
  void Sync();

  // Run ids present, in the order they were written.
  std::vector<std::uint64_t> RunIds() const;
  std::size_t size() const { return entries_.size(); }
  std::size_t torn_bytes() const { return torn_bytes_; }

  // Calls visit(row) for every run id in [first, last) in increasing order (row ends in
  // '\n'). Throws std::runtime_error naming the first run id that is missing.
  template <typename Visit>
  void ForEachRow(std::uint64_t first, std::uint64_t last, Visit visit) const {
    std::string row;
    for (const Entry& e : SortedEntries(first, last)) {
      ReadRow(e, &row);
      visit(std::string_view(row));
    }
  }

 private:
  struct Entry {
    std::uint64_t run_id;
    std::uint64_t offset;  // of the row in the file
    std::uint32_t length;  // of the row, without checksum and newline
  };
  std::vector<Entry> SortedEntries(std::uint64_t first, std::uint64_t last) const;
  void ReadRow(const Entry& entry, std::string* row) const;

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t end_ = 0;  // bytes of good lines
  std::vector<Entry> entries_;
  std::size_t torn_bytes_ = 0;
  double last_sync_ = 0.0;  // steady-clock seconds
};

}  // namespace polarity::sweep
