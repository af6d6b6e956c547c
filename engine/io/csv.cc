#include "io/csv.h"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace polarity::io {

bool CsvNeedsQuotes(std::string_view field) {
  return field.find_first_of(",\"\r\n") != std::string_view::npos;
}

void AppendCsvField(std::string& out, std::string_view field) {
  if (!CsvNeedsQuotes(field)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string CsvEscape(std::string_view field) {
  std::string out;
  AppendCsvField(out, field);
  return out;
}

void AppendDouble(std::string& out, double value) {
  // 32 bytes hold every shortest double ("-2.2250738585072014e-308" is 24).
  std::array<char, 32> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void AppendDoubleOrEmpty(std::string& out, double value) {
  if (std::isfinite(value)) AppendDouble(out, value);
}

void AppendInt(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void AppendUint(std::string& out, std::uint64_t value) {
  std::array<char, 24> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

std::string FormatDouble(double value) {
  std::string out;
  AppendDouble(out, value);
  return out;
}

void AppendCsvRow(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendCsvField(out, fields[i]);
  }
  out.push_back('\n');
}

bool ParseCsv(std::string_view text, std::vector<std::vector<std::string>>* rows,
              std::string* error) {
  rows->clear();
  std::vector<std::string> row;
  std::string field;
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto fail = [&](const char* message) {
    if (error != nullptr) *error = "line " + std::to_string(line) + ": " + message;
    return false;
  };
  while (i < n) {
    // One field starts at i.
    field.clear();
    if (text[i] == '"') {
      ++i;
      const int opened_on = line;
      while (true) {
        if (i >= n) {
          line = opened_on;
          return fail("unterminated quoted field");
        }
        const char c = text[i++];
        if (c == '"') {
          if (i < n && text[i] == '"') {
            field.push_back('"');
            ++i;
          } else {
            break;
          }
        } else {
          if (c == '\n') ++line;
          field.push_back(c);
        }
      }
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return fail("text after a closing quote");
      }
    } else {
      while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '"') return fail("quote inside an unquoted field");
        field.push_back(text[i++]);
      }
    }
    row.push_back(field);
    if (i >= n) break;
    if (text[i] == ',') {
      ++i;
      if (i == n) row.emplace_back();  // "a," ends with an empty field
      continue;
    }
    // End of line: LF or CRLF (a bare CR ends the line too).
    if (text[i] == '\r') ++i;
    if (i < n && text[i] == '\n') ++i;
    rows->push_back(std::move(row));
    row.clear();
    ++line;
  }
  if (!row.empty()) rows->push_back(std::move(row));
  return true;
}

bool ParseDouble(std::string_view text, double* value) {
  if (text.empty()) return false;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;  // from_chars rejects a leading '+'
  const auto result = std::from_chars(first, last, *value);
  return result.ec == std::errc() && result.ptr == last;
}

}  // namespace polarity::io
