#include "polarity/diagnostics.h"

#include <algorithm>
#include <utility>

namespace polarity {

std::string Diagnostic::Format() const {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  out += ':' + std::to_string(where.line) + ':' + std::to_string(where.column) + ": ";
  out += is_warning ? "warning: " : "error: ";
  out += message;
  return out;
}

void Diagnostics::Error(SourceLocation where, std::string message) {
  items.push_back(Diagnostic{std::move(where), std::move(message), false});
}

void Diagnostics::Warning(SourceLocation where, std::string message) {
  items.push_back(Diagnostic{std::move(where), std::move(message), true});
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

int Diagnostics::ErrorCount() const {
  return static_cast<int>(std::count_if(items.begin(), items.end(),
                                        [](const Diagnostic& d) { return !d.is_warning; }));
}

}  // namespace polarity
