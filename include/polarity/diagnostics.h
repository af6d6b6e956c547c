#pragma once
// Problems found in input files, each with the place it was found, and the process exit
// codes of INTERFACE.md ("Exit codes").

#include <string>
#include <vector>

namespace polarity {

// sysexits-style codes shared by every command.
enum ExitCode : int {
  kExitOk = 0,
  kExitRunFailed = 1,      // non-finite state or broken invariant
  kExitUsage = 64,         // bad flags, unknown --set path
  kExitDataError = 65,     // bad input data
  kExitNoInput = 66,       // input file missing or unreadable
  kExitInternal = 70,
  kExitCantCreate = 73,    // output exists without --force, permission
  kExitIoError = 74,
  kExitLocked = 75,        // output directory in use by another sweep
  kExitSigint = 130,
  kExitSigterm = 143,
};

// A place in an input file. Lines and columns are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  SourceLocation where;
  std::string message;
  bool is_warning = false;

  // "FILE:LINE:COL: error: MESSAGE" (or "warning:").
  std::string Format() const;
};

// Diagnostics in the order found; errors make a file unusable, warnings do not.
struct Diagnostics {
  std::vector<Diagnostic> items;

  void Error(SourceLocation where, std::string message);
  void Warning(SourceLocation where, std::string message);
  bool HasErrors() const;
  int ErrorCount() const;
};

}  // namespace polarity
