#include "scenario/labels.h"

#include <cctype>

namespace polarity::loader {

std::string SideText(const std::vector<std::string>& names) {
  if (names.size() == 1) return names.front();
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i > 0 ? "," : "") + names[i];
  return out + "]";
}

std::string RelationLabel(const RelationSpec& relation) {
  return "relations." + SideText(relation.first) + (relation.directed ? ">" : "-") + SideText(relation.second);
}

std::string EventLabel(std::string_view id, std::size_t index) {
  if (!id.empty()) return "events." + std::string(id);
  return "events[" + std::to_string(index) + "]";
}

bool IsName(std::string_view text, std::string_view extra) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && extra.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string NameRule(std::string_view extra) {
  std::string out = "letters, digits";
  for (const char c : extra) out += std::string(", '") + c + "'";
  return out + " and '_'";
}

}  // namespace polarity::loader
