#pragma once
// A YAML document as a plain tree that keeps what yaml-cpp's YAML::Node loses or hides:
// every map entry in file order (duplicates included, so they can be reported), whether a
// scalar was quoted (a quoted "0.45" is a string, never a number), and 1-based line and
// column positions counted in characters rather than bytes.
//
// The tree is built from yaml-cpp's parser events, which also lets the reader stop deep
// nesting at kMaxDepth with a precise position (yaml-cpp itself only fails at depth 2000,
// and then with "bad file" at the end of the text).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polarity/diagnostics.h"

namespace polarity::loader {

// Lists and maps nested deeper than this are an error.
inline constexpr int kMaxDepth = 32;

struct YNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  SourceLocation where;
  std::string text;      // scalar text, as written (without quotes)
  bool quoted = false;   // quoted or block scalar: always a string
  bool damaged = false;  // part of it was cut off (too deep): callers skip type errors on it
  std::vector<YNode> items;                      // sequence items
  std::vector<std::pair<YNode, YNode>> entries;  // map entries in file order, duplicates kept

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // For messages: "a map", "a list", "nothing", "'text'" or "the quoted string \"text\"".
  std::string Describe() const;
};

// Reads the single YAML document in `text`. Problems (invalid UTF-8, syntax errors, nesting
// deeper than kMaxDepth, an empty file, more than one document, keys that are not plain
// scalars) go to `diagnostics` with `file` and a position. Returns the root, or nullopt when
// there is no usable document.
std::optional<YNode> ReadYaml(std::string_view text, const std::string& file, Diagnostics& diagnostics);

}  // namespace polarity::loader
