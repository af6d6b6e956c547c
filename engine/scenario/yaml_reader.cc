// Builds a YNode tree from yaml-cpp parser events (see yaml_reader.h for why not YAML::Node).

#include "scenario/yaml_reader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

namespace polarity::loader {
namespace {

// More than this many values (after expanding aliases) is refused: a guard against
// "billion laughs" documents, far above any real scenario.
constexpr std::size_t kMaxNodes = 2'000'000;
// Invalid UTF-8 is reported at most this many times per file.
constexpr int kMaxEncodingErrors = 10;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Maps byte offsets to 1-based line and column, the column counted in characters (UTF-8
// code points), which is what editors show. yaml-cpp's own Mark counts bytes.
class TextPositions {
 public:
  TextPositions(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  SourceLocation AtOffset(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
    int column = 1;
    for (std::size_t i = line_starts_[line]; i < offset; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // not a continuation byte
    }
    return SourceLocation{file_, static_cast<int>(line) + 1, column};
  }

  SourceLocation At(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) return SourceLocation{file_, 1, 1};
    return AtOffset(static_cast<std::size_t>(mark.pos));
  }

  SourceLocation End() const { return AtOffset(text_.size()); }

  // Offset of the first byte of 1-based `line`.
  std::size_t LineStart(int line) const {
    const auto index = static_cast<std::size_t>(std::max(line, 1) - 1);
    return index < line_starts_.size() ? line_starts_[index] : text_.size();
  }

 private:
  std::string_view text_;
  std::string file_;
  std::vector<std::size_t> line_starts_;
};

// Length of the valid UTF-8 sequence starting at text[i], or 0 if none starts there
// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, truncated).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

void CheckUtf8(std::string_view text, const TextPositions& positions, Diagnostics& diagnostics) {
  int reported = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (reported == kMaxEncodingErrors) {
      diagnostics.Error(positions.AtOffset(i), "more invalid UTF-8 bytes follow; not all are reported");
      return;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
    diagnostics.Error(positions.AtOffset(i), std::string("invalid UTF-8 byte ") + hex +
                                                 "; scenario files must be UTF-8 encoded");
    ++reported;
    // Skip to the next line: one report per line is enough to find the problem.
    const std::size_t eol = text.find('\n', i);
    i = eol == std::string_view::npos ? text.size() : eol + 1;
  }
}

// yaml-cpp's messages name the symptom; these hints name the usual cause.
std::string SyntaxMessage(const std::string& msg) {
  static const std::pair<std::string_view, std::string_view> kHints[] = {
      {"end of map not found", "check the indentation of this line and the one above"},
      {"end of sequence not found", "check the indentation of this list"},
      {"end of sequence flow not found", "a '[' is not closed by ']'"},
      {"end of map flow not found", "a '{' is not closed by '}'"},
      {"illegal map value", "quote text that contains ': '"},
      {"illegal tab when looking for indentation", "indent with spaces, not tabs"},
      {"unknown token", "quote text that starts with a special character"},
  };
  for (const auto& [symptom, hint] : kHints) {
    if (msg == symptom) return "YAML syntax error: " + msg + " (" + std::string(hint) + ")";
  }
  return "YAML syntax error: " + msg;
}

std::size_t CountNodes(const YNode& node) {
  std::size_t n = 1;
  for (const YNode& item : node.items) n += CountNodes(item);
  for (const auto& [key, value] : node.entries) n += CountNodes(key) + CountNodes(value);
  return n;
}

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(const TextPositions& positions, Diagnostics& diagnostics)
      : positions_(positions), diagnostics_(diagnostics) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YNode node;
    node.where = positions_.At(mark);
    Finish(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YNode node;
    node.where = positions_.At(mark);
    const auto it = anchors_.find(anchor);
    if (it != anchors_.end()) {
      const std::size_t size = CountNodes(it->second);
      if (nodes_ + size > kMaxNodes) {
        if (!too_many_reported_) {
          diagnostics_.Error(node.where, "aliases expand to more than " + std::to_string(kMaxNodes) +
                                             " values; the document is too large");
          too_many_reported_ = true;
        }
        node.damaged = true;
      } else {
        nodes_ += size;
        const SourceLocation where = node.where;
        node = it->second;
        node.where = where;
      }
    }
    Attach(std::move(node));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YNode node;
    node.kind = YNode::Kind::kScalar;
    node.where = positions_.At(mark);
    node.text = value;
    // yaml-cpp tags plain scalars "?"; quoted and block scalars "!"; explicit tags by name.
    node.quoted = tag != "?";
    Finish(std::move(node), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(YNode::Kind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(YNode::Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { Close(); }

  bool depth_exceeded() const { return depth_exceeded_; }
  std::optional<YNode>& root() { return root_; }

 private:
  struct Frame {
    YNode node;
    std::optional<YNode> key;  // a map's key waiting for its value
    YAML::anchor_t anchor = 0;
    bool too_deep = false;     // beyond kMaxDepth: children are dropped
  };

  void Open(YNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    Frame frame;
    frame.node.kind = kind;
    frame.node.where = positions_.At(mark);
    frame.anchor = anchor;
    const int depth = static_cast<int>(stack_.size()) + 1;
    if (depth == kMaxDepth + 1) {
      diagnostics_.Error(frame.node.where, "lists and maps nested deeper than " +
                                               std::to_string(kMaxDepth) + " levels");
      depth_exceeded_ = true;
    }
    if (depth > kMaxDepth) {
      frame.too_deep = true;
      frame.node.damaged = true;
    }
    stack_.push_back(std::move(frame));
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Finish(std::move(frame.node), frame.anchor);
  }

  void Finish(YNode node, YAML::anchor_t anchor) {
    ++nodes_;
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
    Attach(std::move(node));
  }

  void Attach(YNode node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& top = stack_.back();
    if (node.damaged) top.node.damaged = true;
    if (top.too_deep) return;
    if (top.node.IsSequence()) {
      top.node.items.push_back(std::move(node));
      return;
    }
    if (!top.key) {
      top.key = std::move(node);
      return;
    }
    YNode key = std::move(*top.key);
    top.key.reset();
    if (!key.IsScalar()) {
      if (!key.damaged) {
        diagnostics_.Error(key.where, key.IsNull() ? std::string("empty map key")
                                                   : "a map key must be a plain name, not " + key.Describe());
      }
      return;
    }
    // yaml-cpp marks an empty value (`key:` then a newline) at the start of the next line;
    // the key's own position is where a reader looks.
    if (node.IsNull() && node.where.line != key.where.line) node.where = key.where;
    top.node.entries.emplace_back(std::move(key), std::move(node));
  }

  const TextPositions& positions_;
  Diagnostics& diagnostics_;
  std::vector<Frame> stack_;
  std::optional<YNode> root_;
  std::map<YAML::anchor_t, YNode> anchors_;
  std::size_t nodes_ = 0;
  bool depth_exceeded_ = false;
  bool too_many_reported_ = false;
};

// Sees only whether a second document starts, and where.
class DocumentProbe final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark start;
};

}  // namespace

std::string YNode::Describe() const {
  switch (kind) {
    case Kind::kNull: return "nothing";
    case Kind::kMap: return "a map";
    case Kind::kSequence: return "a list";
    case Kind::kScalar: break;
  }
  std::string shown = text.size() > 40 ? text.substr(0, 37) + "..." : text;
  return quoted ? "the quoted string \"" + shown + "\"" : "'" + shown + "'";
}

std::optional<YNode> ReadYaml(std::string_view text, const std::string& file, Diagnostics& diagnostics) {
  // yaml-cpp skips a byte-order mark itself, but its positions then count from after it.
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  const TextPositions positions(text, file);
  CheckUtf8(text, positions, diagnostics);

  std::istringstream stream{std::string(text)};
  TreeBuilder builder(positions, diagnostics);
  bool found = false;
  try {
    YAML::Parser parser(stream);
    found = parser.HandleNextDocument(builder);
    if (found) {
      DocumentProbe probe;
      if (parser.HandleNextDocument(probe)) {
        diagnostics.Error(positions.At(probe.start),
                          "a second YAML document starts here; a scenario file holds exactly one");
      }
    }
  } catch (const YAML::DeepRecursion&) {
    // yaml-cpp gives up far below the stack limit; the depth error is already reported.
    if (!builder.depth_exceeded()) {
      diagnostics.Error(positions.End(), "lists and maps nested too deeply");
    }
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    const SourceLocation where = e.mark.is_null() ? positions.End() : positions.At(e.mark);
    // yaml-cpp names the symptom of a tab in the indentation ("illegal map value" and
    // others); the tab itself is what to fix.
    const std::size_t start = positions.LineStart(where.line);
    const std::size_t indent_end = text.find_first_not_of(" \t", start);
    const std::size_t tab = text.find('\t', start);
    if (tab != std::string_view::npos && tab < indent_end) {
      diagnostics.Error(positions.AtOffset(tab), "YAML syntax error: " + e.msg + " (this line is indented with a tab; "
                                                 "YAML indents with spaces only)");
    } else {
      diagnostics.Error(where, SyntaxMessage(e.msg));
    }
    return std::nullopt;
  }
  std::optional<YNode>& root = builder.root();
  if (!found || !root || root->IsNull()) {
    diagnostics.Error(SourceLocation{file, 1, 1},
                      "the file is empty (or holds only comments); a scenario starts with "
                      "'schema: polarity/scenario 1'");
    return std::nullopt;
  }
  return std::move(root);
}

}  // namespace polarity::loader
