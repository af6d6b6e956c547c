#pragma once
// CSV writing and reading (RFC 4180): UTF-8, LF line ends, one header row, fields quoted only
// when they contain a comma, a double quote, CR or LF (quotes inside are doubled).
//
// Numbers are formatted with std::to_chars, which is locale-independent: doubles in the
// shortest form that reads back to the same bits (strtod, Python float(), pandas with
// float_precision="round_trip"), integers plainly. Everything appends to a caller-owned
// std::string so that a hot loop formats rows without iostreams or per-row allocation.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace polarity::io {

// True when `field` must be quoted (it contains ',', '"', '\r' or '\n').
bool CsvNeedsQuotes(std::string_view field);

// Appends `field`, quoted and with doubled quotes when needed.
void AppendCsvField(std::string& out, std::string_view field);

// Returns `field` as it appears in a CSV file (quoted when needed); for values formatted
// once and appended many times, such as actor ids.
std::string CsvEscape(std::string_view field);

// Appends the shortest round-trip form of `value` ("0.1", "-0", "1e-320", "inf", "nan").
void AppendDouble(std::string& out, double value);

// Appends `value` when finite, nothing (an empty field) otherwise; for outcome columns where
// NaN means "undefined" (pandas reads the empty field as NaN).
void AppendDoubleOrEmpty(std::string& out, double value);

void AppendInt(std::string& out, std::int64_t value);
void AppendUint(std::string& out, std::uint64_t value);

// The shortest round-trip form of `value` as a string.
std::string FormatDouble(double value);

// Appends a whole row: fields separated by commas, quoted as needed, ending in '\n'.
void AppendCsvRow(std::string& out, const std::vector<std::string>& fields);

// Parses CSV text (RFC 4180; LF or CRLF line ends; a final line end is optional). On
// malformed input (a quote inside an unquoted field, text after a closing quote, an
// unterminated quote) returns false and writes "line L: MESSAGE" to *error.
bool ParseCsv(std::string_view text, std::vector<std::vector<std::string>>* rows,
              std::string* error);

// Parses a number written by AppendDouble (or any strtod-style decimal) exactly, with
// std::from_chars; false when `text` is not entirely a number.
bool ParseDouble(std::string_view text, double* value);

}  // namespace polarity::io
